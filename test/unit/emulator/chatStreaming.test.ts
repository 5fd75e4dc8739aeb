import * as assert from 'node:assert/strict';
import { APIError, BadRequestError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { RecordedRequest } from '../../fixtures/openai-emulator';
import { parseFaultSpec } from '../../fixtures/openai-emulator/faults';
import { XSS_PAYLOADS } from '../../fixtures/xssPayloads';
import { JOB_MS, promptCompletionDataset, uploadTrainingFile, useEmulator, type EmulatorContext } from './helpers';

const TOKEN_DELAY_MS = 15;
const HELLO = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Say hello' }] };
const HELLO_REPLY = 'This is gpt-4o-mini on the OpenAI emulator. You said: "Say hello"';

/** Resolves once the emulator has recorded how the stream of the last `/chat/completions` (or `/completions`) request ended. */
async function streamSummaryOfLast(context: EmulatorContext, path: string): Promise<NonNullable<RecordedRequest['stream']>> {
	const entry = [...context.emulator.requests].reverse().find((request) => request.path === path);
	assert.ok(entry, `no request to ${path}`);
	const deadline = Date.now() + 5000;
	while (!entry.stream) {
		assert.ok(Date.now() < deadline, 'the stream never ended');
		await new Promise((resolve) => setImmediate(resolve));
	}
	return entry.stream;
}

/** Streams a chat request through the SDK and gathers its chunks, or the error that ended it beside the chunks before. */
async function collectChat(context: EmulatorContext, params: Partial<typeof HELLO> & { stream_options?: { include_usage: boolean } } = {}): Promise<{ chunks: ChatCompletionChunk[]; error?: unknown }> {
	const chunks: ChatCompletionChunk[] = [];
	try {
		for await (const chunk of await context.client.chat.completions.create({ ...HELLO, ...params, stream: true }, { maxRetries: 0 })) {
			chunks.push(chunk);
		}
		return { chunks };
	} catch (error) {
		return { chunks, error };
	}
}

function textOf(chunks: readonly ChatCompletionChunk[]): string {
	return chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
}

describe('emulator: streamed chat, paced, with usage, faults and scripted replies', () => {
	const logLines: string[] = [];
	const context = useEmulator({ clock: 'manual', chatTokenDelayMs: TOKEN_DELAY_MS, log: (line) => logLines.push(line) });
	let legacyModel: string;

	before(async () => {
		const { client, emulator } = context();
		const job = await client.fineTuning.jobs.create({ model: 'babbage-002', training_file: await uploadTrainingFile(context(), 'pc.jsonl', promptCompletionDataset(12)) });
		emulator.advance(JOB_MS);
		legacyModel = (await client.fineTuning.jobs.retrieve(job.id)).fine_tuned_model as string;
	});
	afterEach(() => context().emulator.clearScriptedReplies());

	it('paces streamed chunks chatTokenDelayMs apart in real time, the first at once', async () => {
		const started = Date.now();
		let firstAt = 0;
		let count = 0;
		for await (const chunk of await context().client.chat.completions.create({ ...HELLO, stream: true })) {
			firstAt ||= Date.now() - started;
			count += chunk.choices.length;
		}
		const elapsed = Date.now() - started;
		assert.ok(count > 10, String(count));
		assert.ok(firstAt < (count - 1) * TOKEN_DELAY_MS / 2, `first chunk after ${firstAt} ms`);
		assert.ok(elapsed >= (count - 1) * TOKEN_DELAY_MS * 0.9, `${count} chunks in ${elapsed} ms`);
		assert.deepEqual(await streamSummaryOfLast(context(), '/v1/chat/completions'), { events: count, end: 'done' });
	});

	it('stops writing as soon as the client aborts, and serves the next request as usual', async () => {
		const controller = new AbortController();
		let received = 0;
		for await (const chunk of await context().client.chat.completions.create({ ...HELLO, stream: true }, { signal: controller.signal })) {
			received += chunk.choices.length;
			if (received === 3) {
				controller.abort();
			}
		}
		assert.equal(received, 3);
		const summary = await streamSummaryOfLast(context(), '/v1/chat/completions');
		assert.equal(summary.end, 'client-closed');
		// The reply has over 20 chunks; one or two more may be on their way while the abort crosses the loopback.
		assert.ok(summary.events >= 3 && summary.events <= 6, String(summary.events));
		assert.equal(textOf((await collectChat(context())).chunks), HELLO_REPLY);
		assert.deepEqual(logLines.filter((line) => /error/i.test(line)), []);
	});

	it('with include_usage, gives every chunk usage: null and ends with a usage chunk without choices; without it, no usage member at all', async () => {
		const { chunks } = await collectChat(context(), { stream_options: { include_usage: true } });
		const last = chunks[chunks.length - 1];
		assert.deepEqual(last.choices, []);
		assert.equal(last.usage?.completion_tokens, chunks.length - 3);
		assert.equal(last.usage?.total_tokens, (last.usage?.prompt_tokens ?? 0) + (last.usage?.completion_tokens ?? 0));
		assert.ok(chunks.slice(0, -1).every((chunk) => chunk.usage === null && chunk.choices.length === 1));
		assert.equal(chunks[chunks.length - 2].choices[0].finish_reason, 'stop');
		assert.equal(new Set(chunks.map((chunk) => chunk.id)).size, 1);

		const plain = await collectChat(context());
		assert.ok(plain.chunks.every((chunk) => !('usage' in chunk) && chunk.choices.length === 1));
		assert.equal(plain.chunks[0].choices[0].delta.role, 'assistant');
	});

	it('rate-limit-mid-stream: after afterChunks chunks the stream carries OpenAI\'s 429 body, which the SDK throws as an APIError with its code', async () => {
		const { client, emulator } = context();
		emulator.addFault({ route: 'POST /v1/chat/completions', kind: 'rate-limit-mid-stream', afterChunks: 4 });
		// A request that does not stream leaves the fault for the next one that does.
		assert.equal((await client.chat.completions.create(HELLO)).choices[0].message.content, HELLO_REPLY);
		const { chunks, error } = await collectChat(context());
		assert.equal(chunks.length, 4);
		assert.ok(error instanceof APIError, String(error));
		assert.equal(error.status, undefined);
		assert.equal(error.code, 'rate_limit_exceeded');
		assert.equal(error.type, 'tokens');
		assert.match(error.message, /^Rate limit reached .* tokens per min \(TPM\)/);
		assert.deepEqual(await streamSummaryOfLast(context(), '/v1/chat/completions'), { events: 4, end: 'fault' });
		assert.equal(textOf((await collectChat(context())).chunks), HELLO_REPLY, 'a retry succeeds');
	});

	it('drop-mid-stream: after afterChunks chunks the connection is cut, which the SDK surfaces as fetch\'s TypeError, not an APIError', async () => {
		const { emulator } = context();
		emulator.addFault(parseFaultSpec('drop-mid-stream,/chat/completions,afterChunks=2'));
		const { chunks, error } = await collectChat(context());
		assert.equal(chunks.length, 2);
		assert.ok(error instanceof TypeError, String(error));
		assert.deepEqual(await streamSummaryOfLast(context(), '/v1/chat/completions'), { events: 2, end: 'fault' });
	});

	it('a mid-stream fault whose afterChunks exceeds the reply strikes just before [DONE]', async () => {
		context().emulator.addFault({ route: '/chat/completions', kind: 'rate-limit-mid-stream', afterChunks: 1000 });
		const { chunks, error } = await collectChat(context(), { stream_options: { include_usage: true } });
		assert.ok(error instanceof APIError);
		assert.equal(textOf(chunks), HELLO_REPLY);
		assert.deepEqual(chunks[chunks.length - 1].choices, [], 'the usage chunk went out');
	});

	it('serves a babbage-002 fine-tune on /completions: plain, streamed and paced, with a usage chunk when asked; faults apply there too', async () => {
		const { client, emulator } = context();
		const completion = await client.completions.create({ model: legacyModel, prompt: 'Translate refund ->', max_tokens: 10 });
		assert.equal(completion.object, 'text_completion');
		assert.equal(completion.choices[0].text, ' REFUND');
		assert.equal(completion.model, legacyModel);

		const chunks = [];
		for await (const chunk of await client.completions.create({ model: legacyModel, prompt: 'Translate shipping ->', max_tokens: 10, stream: true, stream_options: { include_usage: true } })) {
			chunks.push(chunk);
		}
		assert.equal(chunks.map((chunk) => chunk.choices[0]?.text ?? '').join(''), ' SHIPPING');
		assert.ok(chunks.every((chunk) => chunk.object === 'text_completion'));
		assert.equal(chunks[chunks.length - 2].choices[0].finish_reason, 'stop');
		assert.deepEqual(chunks[chunks.length - 1].choices, []);
		assert.ok((chunks[chunks.length - 1].usage?.prompt_tokens ?? 0) > 0);
		assert.ok(chunks.slice(0, -1).every((chunk) => !('usage' in chunk)));

		emulator.addFault({ route: 'POST /v1/completions', kind: 'rate-limit-mid-stream', afterChunks: 1 });
		await assert.rejects(async () => {
			for await (const chunk of await client.completions.create({ model: legacyModel, prompt: 'Translate shipping ->', stream: true })) {
				assert.ok(chunk);
			}
		}, (error: unknown) => error instanceof APIError && error.code === 'rate_limit_exceeded');
	});

	it('gives scripted replies in order, token by token, on chat and completions, then the model\'s own again', async () => {
		const { client, emulator } = context();
		emulator.scriptReplies(['<script>alert(1)</script> **first**', '[second](javascript:alert(2))']);
		const first = await collectChat(context());
		assert.equal(textOf(first.chunks), '<script>alert(1)</script> **first**');
		assert.ok(first.chunks.length > 6, 'streamed in several chunks');
		const second = await client.completions.create({ model: legacyModel, prompt: 'anything', max_tokens: 100 });
		assert.equal(second.choices[0].text, '[second](javascript:alert(2))');
		assert.equal(textOf((await collectChat(context())).chunks), HELLO_REPLY);
	});
});

describe('emulator: a server that does not stream', () => {
	const context = useEmulator({ clock: 'manual', noStreaming: true });

	it('refuses stream: true on chat and completions with OpenAI\'s 400 unsupported_value on param stream, and answers without it', async () => {
		const { client } = context();
		const refusal = (error: unknown): boolean => {
			assert.ok(error instanceof BadRequestError);
			assert.equal(error.param, 'stream');
			assert.equal(error.code, 'unsupported_value');
			assert.equal(error.type, 'invalid_request_error');
			return true;
		};
		await assert.rejects(client.chat.completions.create({ ...HELLO, stream: true }), refusal);
		await assert.rejects(client.completions.create({ model: 'babbage-002', prompt: 'hi', stream: true }), refusal);
		assert.equal((await client.chat.completions.create(HELLO)).choices[0].message.content, HELLO_REPLY);
		assert.equal((await client.completions.create({ model: 'babbage-002', prompt: 'hi' })).object, 'text_completion');
	});
});

describe('emulator: unpaced streams, and the XSS corpus', () => {
	const context = useEmulator();

	it('drop-mid-stream delivers the chunks before the cut even without pacing', async () => {
		context().emulator.addFault({ route: 'POST /v1/chat/completions', kind: 'drop-mid-stream', afterChunks: 2 });
		const { chunks, error } = await collectChat(context());
		assert.equal(chunks.length, 2);
		assert.ok(error instanceof TypeError, String(error));
	});

	it('has at least 30 payloads with unique names', () => {
		assert.ok(XSS_PAYLOADS.length >= 30, String(XSS_PAYLOADS.length));
		assert.equal(new Set(XSS_PAYLOADS.map((payload) => payload.name)).size, XSS_PAYLOADS.length);
	});

	it('streams every payload back as scripted, byte for byte', async () => {
		const { client, emulator } = context();
		emulator.scriptReplies(XSS_PAYLOADS.map((payload) => payload.markdown));
		for (const payload of XSS_PAYLOADS) {
			let text = '';
			for await (const chunk of await client.chat.completions.create({ ...HELLO, stream: true }, { maxRetries: 0 })) {
				text += chunk.choices[0]?.delta.content ?? '';
			}
			assert.equal(text, payload.markdown, payload.name);
		}
	});
});
