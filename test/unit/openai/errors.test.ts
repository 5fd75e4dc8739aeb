import * as assert from 'node:assert/strict';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { API_KEY_REJECTED_MESSAGE, ApiError, scrubSecrets, toApiError, type ApiErrorKind } from '../../../src/openai/errors';

const API_KEY = 'sk-proj-Abc123SECRETdef456ghi789';
const context = { apiKey: API_KEY, baseURL: 'https://api.example.test/v1' };

/** An SDK error built the way the SDK builds it from a response. */
function statusError(status: number, body: { message: string; code?: string | null; type?: string; param?: string | null }, headers: Record<string, string> = {}): APIError {
	return APIError.generate(status, { error: { type: 'invalid_request_error', param: null, code: null, ...body } }, undefined, new Headers({ 'x-request-id': 'req_123', ...headers }));
}

describe('openai errors', () => {
	describe('toApiError', () => {
		const cases: { name: string; error: unknown; kind: ApiErrorKind; message: string | RegExp; retryable: boolean }[] = [
			{ name: '401', error: statusError(401, { message: 'Incorrect API key provided' }), kind: 'auth', message: API_KEY_REJECTED_MESSAGE, retryable: false },
			{ name: '403', error: statusError(403, { message: 'You are not allowed to sample from this model' }), kind: 'permission', message: /You are not allowed to sample from this model/, retryable: false },
			{ name: '404', error: statusError(404, { message: 'No such File object: file-1' }), kind: 'not-found', message: 'Not found: No such File object: file-1', retryable: false },
			{ name: '429 quota', error: statusError(429, { message: 'You exceeded your current quota', code: 'insufficient_quota', type: 'insufficient_quota' }), kind: 'quota', message: 'Your OpenAI quota is exhausted: check billing', retryable: false },
			{ name: '429 rate', error: statusError(429, { message: 'Rate limit reached', code: 'rate_limit_exceeded', type: 'requests' }), kind: 'rate-limited', message: /^Rate limited by OpenAI/, retryable: true },
			{ name: '400 file', error: statusError(400, { message: 'File has 3 examples; at least 10 are required', code: 'invalid_training_file', param: 'training_file' }), kind: 'invalid-request', message: 'The file was rejected: File has 3 examples; at least 10 are required', retryable: false },
			{ name: '400 other', error: statusError(400, { message: "Missing required parameter: 'model'." }), kind: 'invalid-request', message: "OpenAI rejected the request: Missing required parameter: 'model'.", retryable: false },
			{ name: '500', error: statusError(500, { message: 'The server had an error' }), kind: 'server', message: /server error \(500\)/, retryable: true },
			{ name: '503', error: statusError(503, { message: 'Overloaded' }), kind: 'server', message: /server error \(503\)/, retryable: true },
			{ name: 'connection', error: new APIConnectionError({ message: 'Connection error.' }), kind: 'network', message: "Can't reach api.example.test: check your network or the base URL setting", retryable: true },
			{ name: 'timeout', error: new APIConnectionTimeoutError(), kind: 'network', message: /^Timed out waiting for api\.example\.test/, retryable: true },
			{ name: 'user abort', error: new APIUserAbortError(), kind: 'cancelled', message: 'Cancelled', retryable: false },
			{ name: 'AbortSignal reason', error: new DOMException('This operation was aborted', 'AbortError'), kind: 'cancelled', message: 'Cancelled', retryable: false },
			{ name: 'anything else', error: new TypeError('boom'), kind: 'unknown', message: 'Unexpected error: boom', retryable: false },
		];
		for (const { name, error, kind, message, retryable } of cases) {
			it(`maps ${name} to '${kind}'`, () => {
				const mapped = toApiError(error, context);
				assert.ok(ApiError.is(mapped, kind), `${mapped.kind}: ${mapped.message}`);
				if (typeof message === 'string') {
					assert.equal(mapped.message, message);
				} else {
					assert.match(mapped.message, message);
				}
				assert.equal(mapped.retryable, retryable);
			});
		}

		it('keeps the request id, status, code and Retry-After', () => {
			const mapped = toApiError(statusError(429, { message: 'slow down', code: 'rate_limit_exceeded' }, { 'retry-after': '2' }), context);
			assert.equal(mapped.requestId, 'req_123');
			assert.equal(mapped.status, 429);
			assert.equal(mapped.code, 'rate_limit_exceeded');
			assert.equal(mapped.retryAfterMs, 2000);
		});

		it('scrubs the request id header and the error code, which a hostile server controls like the message', () => {
			const mapped = toApiError(statusError(400, { message: 'no', code: `echo ${API_KEY}` }, { 'x-request-id': 'Bearer sk-live-0123456789abcdefghijklmnop' }), context);
			assert.ok(ApiError.is(mapped));
			assert.doesNotMatch(String(mapped.requestId), /sk-live|0123456789abcdef/);
			assert.match(String(mapped.requestId), /^Bearer /);
			assert.doesNotMatch(String(mapped.code), /SECRET/);
		});

		it('passes an ApiError through unchanged', () => {
			const original = new ApiError('quota', 'x');
			assert.equal(toApiError(original, context), original);
		});

		it('says the network is down without a base URL', () => {
			assert.match(toApiError(new APIConnectionError({}), {}).message, /^Can't reach the OpenAI API/);
		});
	});

	describe('API key never appears', () => {
		const echoes = [
			statusError(400, { message: `Bad value ${API_KEY} in header` }),
			statusError(401, { message: `Incorrect API key provided: ${API_KEY}.` }),
			statusError(403, { message: `Key ${API_KEY} lacks scope` }),
			statusError(404, { message: `No model for sk-otherkey1234567890` }),
			statusError(409, { message: `conflict for Bearer ${API_KEY}` }),
			statusError(418, { message: `teapot ${API_KEY}` }),
			statusError(400, { message: 'masked sk-abc***************xyz key', code: 'invalid_file' }),
			new TypeError(`fetch failed for ${API_KEY}`),
			new Error(`Authorization: Bearer not-an-sk-key-but-secret`),
		];
		for (const [index, error] of echoes.entries()) {
			// The title names the error by class and position: printing its message would print the key.
			it(`is scrubbed from echo #${index + 1}, a ${error.constructor.name}`, () => {
				const mapped = toApiError(error, context);
				const everything = [mapped.message, mapped.stack ?? '', JSON.stringify(mapped), String(mapped)].join('\n');
				assert.ok(!everything.includes(API_KEY), everything);
				assert.doesNotMatch(everything, /sk-[A-Za-z0-9*]{3,}/);
				assert.doesNotMatch(everything, /not-an-sk-key-but-secret/);
				assert.equal(mapped.cause, undefined, 'the unscrubbed SDK error is not kept');
			});
		}

		it('scrubs a configured key that does not look like an OpenAI key', () => {
			assert.equal(scrubSecrets('azure key 0123456789abcdef0123456789abcdef rejected', ['0123456789abcdef0123456789abcdef']), 'azure key [redacted] rejected');
		});

		it('scrubs a Microsoft Entra token (a JWT) that no one configured, as a token source gives them', () => {
			const jwt = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2NvZ25pdGl2ZXNlcnZpY2VzLmF6dXJlLmNvbSJ9.c2lnbmF0dXJlLXBhcnQ';
			assert.equal(scrubSecrets(`token ${jwt} expired`), 'token [redacted] expired');
		});

		it('leaves ordinary words alone', () => {
			assert.equal(scrubSecrets('the task-force asked for sk- nothing', []), 'the task-force asked for sk- nothing');
		});
	});
});
