// Hostile dataset shapes: each one once froze the extension host with a superlinear path. The
// benchmark writes them at 1 MB and 10 MB; the unit tests lint them small, so that a regression
// to a crash shows in CI.
import * as fs from 'node:fs';

/** One hostile shape: `line(index, bytes)` writes one line of about `bytes` (or its fixed shape). */
export interface AdversarialCase {
	readonly name: string;
	readonly description: string;
	/** Lines of this case until the file reaches `bytes`; `index` keeps lines from being duplicates. */
	readonly lines: (bytes: number) => Iterable<string>;
}

const USER = { role: 'user', content: 'Hi' };

/** Lines from `make(index)` until they add up to `bytes` (at least one). */
function* repeat(bytes: number, make: (index: number) => string): Iterable<string> {
	let written = 0;
	for (let index = 0; written < bytes; index++) {
		const line = make(index);
		written += Buffer.byteLength(line) + 1;
		yield line;
	}
}

/** A word of `length` lowercase letters that never repeats a short pattern, so that no cache helps. */
function giantWord(length: number): string {
	const letters = Buffer.alloc(length);
	let state = 12345;
	for (let index = 0; index < length; index++) {
		state = (state * 1103515245 + 12345) >>> 0;
		letters[index] = 97 + ((state >>> 16) % 26);
	}
	return letters.toString('latin1');
}

export const ADVERSARIAL_CASES: readonly AdversarialCase[] = [
	{
		name: 'newlines in a completion',
		description: 'prompt/completion lines whose completion holds 3,000 newlines (the separator regexes of toChat)',
		lines: (bytes) => repeat(bytes, (index) => `{"prompt":"hi ${index}","completion":"a${'\\n'.repeat(3_000)}x"}`),
	},
	{
		name: '100 KB of spaces',
		description: 'prompt/completion lines whose completion holds a 100 KB run of spaces',
		lines: (bytes) => repeat(bytes, (index) => `{"prompt":"hi ${index}","completion":"a${' '.repeat(100 * 1024)}x"}`),
	},
	{
		name: 'unknown keys',
		description: 'one chat object with as many unknown keys as fit',
		lines: (bytes) => {
			const keys: string[] = [];
			for (let index = 0, size = 0; size < bytes; index++) {
				const key = `"k${index}":${index}`;
				keys.push(key);
				size += key.length + 1;
			}
			return [`{"messages":[${JSON.stringify(USER)},{"role":"assistant","content":"Hello"}],${keys.join(',')}}`];
		},
	},
	{
		name: 'records on one line',
		description: 'many chat records joined on one line (invalid JSON past the first)',
		lines: (bytes) => {
			const records = [...repeat(bytes, (index) => JSON.stringify({ messages: [{ role: 'user', content: `Question ${index} about the lamp` }, { role: 'assistant', content: `Answer ${index}: it is dimmable.` }] }))];
			return [records.join(' ')];
		},
	},
	{
		name: 'one giant word',
		description: 'one assistant message holding a single word of the whole size',
		lines: (bytes) => [JSON.stringify({ messages: [USER, { role: 'assistant', content: giantWord(bytes) }] })],
	},
	{
		name: '200k-deep nesting',
		description: 'records whose assistant content is an array nested 200,000 deep',
		lines: (bytes) => repeat(bytes, (index) => `{"messages":[{"role":"user","content":"Hi ${index}"},{"role":"assistant","content":${'['.repeat(200_000)}${']'.repeat(200_000)}}]}`),
	},
	{
		name: '50k messages',
		description: 'records of 50,000 messages each',
		lines: (bytes) =>
			repeat(bytes, (index) => {
				const messages = Array.from({ length: 50_000 }, (_, turn) => (turn % 2 === 0 ? { role: 'user', content: `q${index}.${turn}` } : { role: 'assistant', content: 'ok' }));
				return JSON.stringify({ messages });
			}),
	},
	{
		name: '20k tool calls',
		description: 'records with one assistant message of 20,000 tool calls, each answered',
		lines: (bytes) =>
			repeat(bytes, (index) => {
				const ids = Array.from({ length: 20_000 }, (_, call) => `c${index}_${call}`);
				const calls = ids.map((id) => ({ id, type: 'function', function: { name: 'get_order_status', arguments: '{}' } }));
				const answers = ids.map((id) => ({ role: 'tool', tool_call_id: id, content: 'ok' }));
				const tools = [{ type: 'function', function: { name: 'get_order_status', parameters: { type: 'object', properties: {} } } }];
				return JSON.stringify({ messages: [USER, { role: 'assistant', tool_calls: calls }, ...answers, { role: 'assistant', content: 'Done.' }], tools });
			}),
	},
	{
		name: 'one huge token',
		description: 'one assistant message of a single repeated character (one JSON string of the whole size)',
		lines: (bytes) => [JSON.stringify({ messages: [USER, { role: 'assistant', content: 'a'.repeat(bytes) }] })],
	},
];

/** The whole text of `adversarial` at about `bytes`, each line ended by a line break. */
export function adversarialText(adversarial: AdversarialCase, bytes: number): string {
	return `${[...adversarial.lines(bytes)].join('\n')}\n`;
}

/** Writes `adversarial` at about `bytes` to `file`, line by line. */
export function writeAdversarialDataset(file: string, adversarial: AdversarialCase, bytes: number): void {
	const descriptor = fs.openSync(file, 'w');
	try {
		for (const line of adversarial.lines(bytes)) {
			fs.writeSync(descriptor, `${line}\n`);
		}
	} finally {
		fs.closeSync(descriptor);
	}
}
