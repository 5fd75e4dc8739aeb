import * as assert from 'node:assert/strict';
import { linesOf, mostCommonSystemMessage, systemMessageOf } from '../../../src/chat/systemMessages';

const chat = (system: string | undefined, user = 'Hi'): string =>
	JSON.stringify({ messages: [...(system === undefined ? [] : [{ role: 'system', content: system }]), { role: 'user', content: user }, { role: 'assistant', content: 'Hello' }] });

async function* chunked(text: string, size: number): AsyncGenerator<Uint8Array> {
	const bytes = new TextEncoder().encode(text);
	for (let start = 0; start < bytes.length; start += size) {
		yield bytes.subarray(start, start + size);
	}
}

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
	const all: string[] = [];
	for await (const line of lines) {
		all.push(line);
	}
	return all;
}

describe('mostCommonSystemMessage', () => {
	it('finds the system message most records share', async () => {
		assert.equal(await mostCommonSystemMessage([chat('A'), chat('B'), chat('B'), chat('A'), chat('B')]), 'B');
	});

	it('settles a tie for the message seen first', async () => {
		assert.equal(await mostCommonSystemMessage([chat('first'), chat('second'), chat('second'), chat('first')]), 'first');
	});

	it('does not count records without a system message, blank or malformed lines', async () => {
		const lines = [chat(undefined), chat(undefined), '{"messages": [', '', 'null', '[1,2]', chat('only'), '{"messages":"no"}'];
		assert.equal(await mostCommonSystemMessage(lines), 'only');
		assert.equal(await mostCommonSystemMessage([chat(undefined), 'oops']), undefined);
		assert.equal(await mostCommonSystemMessage([]), undefined);
	});

	it('reads preference records, developer messages and content given as text parts', () => {
		assert.equal(systemMessageOf(JSON.stringify({ input: { messages: [{ role: 'system', content: 'DPO' }, { role: 'user', content: 'q' }] }, preferred_output: [], non_preferred_output: [] })), 'DPO');
		assert.equal(systemMessageOf(JSON.stringify({ messages: [{ role: 'developer', content: 'Dev' }] })), 'Dev');
		assert.equal(systemMessageOf(JSON.stringify({ messages: [{ role: 'system', content: [{ type: 'text', text: 'Part 1. ' }, { type: 'text', text: 'Part 2.' }] }] })), 'Part 1. Part 2.');
	});

	it('stops after the record limit', async () => {
		const lines = [chat('early'), chat('late'), chat('late')];
		assert.equal(await mostCommonSystemMessage(lines, 1), 'early');
	});
});

describe('linesOf', () => {
	it('splits UTF-8 bytes into lines across chunk boundaries, multi-byte characters included', async () => {
		const text = 'héllo wörld\n{"a":"日本語"}\r\nlast';
		assert.deepEqual(await collect(linesOf(chunked(text, 3))), ['héllo wörld', '{"a":"日本語"}\r', 'last']);
	});

	it('stops reading at the byte limit, dropping the line it cuts, and closes the source', async () => {
		let closed = false;
		let read = 0;
		async function* source(): AsyncGenerator<Uint8Array> {
			try {
				for (;;) {
					read++;
					yield new TextEncoder().encode('0123456789\n');
				}
			} finally {
				closed = true;
			}
		}
		const lines = await collect(linesOf(source(), 25));
		assert.deepEqual(lines, ['0123456789', '0123456789']);
		assert.equal(read, 3);
		assert.equal(closed, true);
	});
});
