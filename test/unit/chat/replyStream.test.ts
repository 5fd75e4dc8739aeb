import * as assert from 'node:assert/strict';
import { askForReply } from '../../../src/chat/replyStream';
import { ChatService } from '../../../src/openai/chat';
import { createOpenAIClient } from '../../../src/openai/client';
import { ApiError } from '../../../src/openai/errors';
import { startEmulator } from '../../fixtures/openai-emulator';
import { TEST_API_KEY, useEmulator } from '../openai/emulatorHarness';

const MODEL = 'gpt-4o-mini-2024-07-18';
const signal = new AbortController().signal;
const chatAsk = { api: 'chat', request: { model: MODEL, messages: [{ role: 'user', content: 'Tell me about lighthouses.' }], signal } } as const;

describe('asking for a chat reply (emulator)', () => {
	const fixture = useEmulator();

	it('streams the text as it grows and returns the usage of the last chunk', async () => {
		const seen: string[] = [];
		const answer = await askForReply(new ChatService(fixture().client), chatAsk, true, (text) => seen.push(text));
		assert.ok(seen.length > 1, 'more than one update');
		assert.ok(seen.every((text, index) => index === 0 || text.startsWith(seen[index - 1])), 'each update extends the last');
		assert.equal(answer.text, seen.at(-1));
		assert.ok((answer.usage?.promptTokens ?? 0) > 0 && (answer.usage?.completionTokens ?? 0) > 0, 'usage reported');
		assert.equal(answer.streamingRefused, false);
		const body = fixture().emulator.requests.at(-1)?.body as Record<string, unknown>;
		assert.deepEqual(body['stream_options'], { include_usage: true });
	});

	it('streams legacy completions from the prompt', async () => {
		const seen: string[] = [];
		const answer = await askForReply(new ChatService(fixture().client), { api: 'completions', request: { model: 'babbage-002', prompt: 'Once upon a time', maxTokens: 20, signal } }, true, (text) => seen.push(text));
		assert.ok(answer.text.length > 0);
		assert.equal(answer.text, seen.at(-1));
		assert.ok(fixture().emulator.requests.at(-1)?.path.endsWith('/v1/completions'));
	});

	it('rejects a mid-stream rate limit after reporting the partial text', async () => {
		fixture().emulator.addFault({ route: '/chat/completions', kind: 'rate-limit-mid-stream', afterChunks: 3 });
		const seen: string[] = [];
		await assert.rejects(
			askForReply(new ChatService(fixture().client), chatAsk, true, (text) => seen.push(text)),
			(error) => ApiError.is(error),
		);
		assert.ok(seen.length > 0 && seen.at(-1)!.length > 0, 'the partial text was reported');
	});

	it('asks whole when not streaming', async () => {
		const answer = await askForReply(new ChatService(fixture().client), chatAsk, false, () => undefined);
		assert.ok(answer.text.length > 0);
		assert.equal((fixture().emulator.requests.at(-1)?.body as Record<string, unknown>)['stream'], false);
	});
});

describe('asking a server that does not stream (emulator noStreaming)', () => {
	it('asks again for the whole answer and says streaming was refused', async () => {
		const emulator = await startEmulator({ clock: 'manual', noStreaming: true });
		try {
			const chat = new ChatService(createOpenAIClient({ apiKey: TEST_API_KEY, baseURL: emulator.baseURL }));
			const seen: string[] = [];
			const answer = await askForReply(chat, chatAsk, true, (text) => seen.push(text));
			assert.equal(answer.streamingRefused, true);
			assert.ok(answer.text.length > 0);
			assert.deepEqual(seen, [answer.text]);
			assert.deepEqual(
				emulator.requests.map((request) => (request.body as Record<string, unknown>)['stream']),
				[true, false],
			);
		} finally {
			await emulator.close();
		}
	});
});
