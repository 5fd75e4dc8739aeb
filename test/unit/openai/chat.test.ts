import * as assert from 'node:assert/strict';
import { ChatService, usesLegacyCompletions } from '../../../src/openai/chat';
import { ApiError } from '../../../src/openai/errors';
import { useEmulator, type EmulatorFixture } from './emulatorHarness';

const MODEL = 'gpt-4o-mini-2024-07-18';
const MESSAGES = [{ role: 'user', content: 'Tell me a long story about a lighthouse keeper and the sea.' }] as const;

function lastBody(fixture: EmulatorFixture, pathEnd: string): Record<string, unknown> {
	const request = fixture.emulator.requests.filter((candidate) => candidate.path.endsWith(pathEnd)).at(-1);
	return request?.body as Record<string, unknown>;
}

describe('openai ChatService (emulator)', () => {
	const fixture = useEmulator();

	it('answers in one response and sends store: false by default', async () => {
		const result = await new ChatService(fixture().client).complete({ model: MODEL, messages: MESSAGES, temperature: 0.2, topP: 0.9, maxTokens: 50 });
		assert.ok(result.text.length > 0);
		assert.ok(result.finishReason === 'stop' || result.finishReason === 'length');
		assert.ok((result.usage?.completionTokens ?? 0) > 0);
		const body = lastBody(fixture(), '/chat/completions');
		assert.equal(body['store'], false);
		assert.equal(body['temperature'], 0.2);
		assert.equal(body['top_p'], 0.9);
		assert.equal(body['max_completion_tokens'], 50);
	});

	it('sends store: true only when asked', async () => {
		await new ChatService(fixture().client).complete({ model: MODEL, messages: MESSAGES, store: true });
		assert.equal(lastBody(fixture(), '/chat/completions')['store'], true);
	});

	it('streams text deltas that add up to the whole answer, with store: false', async () => {
		const chat = new ChatService(fixture().client);
		const deltas: string[] = [];
		for await (const delta of chat.stream({ model: MODEL, messages: MESSAGES })) {
			deltas.push(delta);
		}
		assert.ok(deltas.length > 1, 'more than one delta');
		const body = lastBody(fixture(), '/chat/completions');
		assert.equal(body['stream'], true);
		assert.equal(body['store'], false);
		assert.equal(deltas.join(''), (await chat.complete({ model: MODEL, messages: MESSAGES })).text);
	});

	it('returns the usage at the end of a stream, and sends seed and stop sequences', async () => {
		const stream = new ChatService(fixture().client).stream({ model: MODEL, messages: MESSAGES, seed: 42, stop: ['THE END'] });
		let next = await stream.next();
		while (!next.done) {
			next = await stream.next();
		}
		assert.ok((next.value?.completionTokens ?? 0) > 0, 'usage returned');
		const body = lastBody(fixture(), '/chat/completions');
		assert.deepEqual(body['stream_options'], { include_usage: true });
		assert.equal(body['seed'], 42);
		assert.deepEqual(body['stop'], ['THE END']);
	});

	it('stops streaming when aborted, ending with a cancelled error', async () => {
		const controller = new AbortController();
		const deltas: string[] = [];
		await assert.rejects(
			(async () => {
				for await (const delta of new ChatService(fixture().client).stream({ model: MODEL, messages: MESSAGES, signal: controller.signal })) {
					deltas.push(delta);
					controller.abort();
				}
			})(),
			(error) => ApiError.is(error, 'cancelled'),
		);
		assert.equal(deltas.length, 1);
	});

	it('refuses an aborted signal before sending anything', async () => {
		const controller = new AbortController();
		controller.abort();
		await assert.rejects(new ChatService(fixture().client).complete({ model: MODEL, messages: MESSAGES, signal: controller.signal }), (error) => ApiError.is(error, 'cancelled'));
	});

	it('uses the legacy completions API for babbage-002 and davinci-002', async () => {
		assert.equal(usesLegacyCompletions('babbage-002'), true);
		assert.equal(usesLegacyCompletions('ft:davinci-002:acme::abc123'), true);
		assert.equal(usesLegacyCompletions(MODEL), false);
		const chat = new ChatService(fixture().client);
		const whole = await chat.completeLegacy({ model: 'babbage-002', prompt: 'Once upon a time', maxTokens: 20, stop: ['\n\n'] });
		assert.ok(whole.text.length > 0);
		const body = lastBody(fixture(), '/v1/completions');
		assert.equal(body['max_tokens'], 20);
		assert.deepEqual(body['stop'], ['\n\n']);
		assert.equal('store' in body, false);
		const deltas: string[] = [];
		for await (const delta of chat.streamLegacy({ model: 'babbage-002', prompt: 'Once upon a time', maxTokens: 20 })) {
			deltas.push(delta);
		}
		assert.equal(deltas.join(''), whole.text);
	});

	it('maps an unknown model to not-found', async () => {
		await assert.rejects(new ChatService(fixture().client).complete({ model: 'gpt-nope', messages: MESSAGES }), (error) => ApiError.is(error, 'not-found'));
	});
});
