import * as assert from 'node:assert/strict';
import { InternalServerError, OpenAI, RateLimitError } from 'openai';
import { useEmulator } from './helpers';

describe('emulator: authentication and faults', () => {
	const context = useEmulator();

	it('answers a request without an API key with 401 and OpenAI\'s body', async () => {
		const response = await fetch(`${context().emulator.baseURL}/models`);
		assert.equal(response.status, 401);
		const body = (await response.json()) as { error: { message: string; type: string; param: null; code: null } };
		assert.match(body.error.message, /^You didn't provide an API key\./);
		assert.equal(body.error.type, 'invalid_request_error');
		assert.equal(body.error.code, null);
	});

	it('answers a malformed key with 401 invalid_api_key, and accepts any well-formed one', async () => {
		const { emulator } = context();
		const response = await fetch(`${emulator.baseURL}/models`, { headers: { authorization: 'Bearer not-a-key' } });
		assert.equal(response.status, 401);
		assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'invalid_api_key');
		const client = new OpenAI({ apiKey: 'sk-proj-anything_at-all', baseURL: emulator.baseURL });
		assert.ok((await client.models.list()).data.length > 0);
	});

	it('answers the next request of a route with 429 and retry-after, then succeeds on the SDK retry', async () => {
		const { client, emulator } = context();
		emulator.addFault({ route: 'GET /v1/models', kind: 'status-429', retryAfterSeconds: 1, retryAfterMs: 10 });
		const before = emulator.requests.length;
		const response = await client.models.list().withResponse();
		assert.equal(response.response.status, 200);
		assert.equal(emulator.requests.length - before, 2);

		emulator.addFault({ route: '/models', kind: 'status-429', times: 2, retryAfterSeconds: 7 });
		await assert.rejects(client.models.list({ maxRetries: 0 }), (error: unknown) => {
			assert.ok(error instanceof RateLimitError);
			assert.equal(error.headers.get('retry-after'), '7');
			assert.equal(error.code, 'rate_limit_exceeded');
			return true;
		});
	});

	it('injects 500s and delays', async () => {
		const { client, emulator } = context();
		emulator.addFault({ route: 'GET /v1/models', kind: 'status-500' });
		await assert.rejects(client.models.list({ maxRetries: 0 }), InternalServerError);

		emulator.addFault({ route: 'GET /v1/models', kind: 'delay', delayMs: 150 });
		const started = Date.now();
		await client.models.list();
		assert.ok(Date.now() - started >= 140);
	});

	it('logs when each request began and ended, so that overlapping requests show', async () => {
		const { client, emulator } = context();
		emulator.addFault({ route: 'GET /v1/models', kind: 'delay', delayMs: 100 });
		const before = emulator.requests.length;
		// The delayed one and a quick one at once, then one after both.
		await Promise.all([client.models.list(), client.models.retrieve('gpt-4o-mini-2024-07-18')]);
		await client.models.list();
		const sent = emulator.requests.slice(before);
		// The two at once may arrive in either order.
		const slow = sent.slice(0, 2).find((request) => request.path === '/v1/models');
		const quick = sent.slice(0, 2).find((request) => request.path !== '/v1/models');
		const after = sent[2];
		assert.ok(slow && quick && after && slow.endedAt !== undefined && quick.endedAt !== undefined && after.endedAt !== undefined);
		assert.ok(quick.startedAt < slow.endedAt && slow.endedAt - slow.startedAt >= 90, 'the quick one ran while the slow one was held');
		assert.ok(after.startedAt >= slow.endedAt && after.startedAt >= quick.endedAt && after.endedAt >= after.startedAt);
	});

	it('answers an unknown path with OpenAI\'s Invalid URL error', async () => {
		const response = await fetch(`${context().emulator.baseURL}/nothing/here`, { headers: { authorization: 'Bearer sk-test' } });
		assert.equal(response.status, 404);
		assert.deepEqual(await response.json(), { error: { message: 'Invalid URL (GET /v1/nothing/here)', type: 'invalid_request_error', param: null, code: null } });
	});
});
