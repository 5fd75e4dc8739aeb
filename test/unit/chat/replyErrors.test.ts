import * as assert from 'node:assert/strict';
import { APIError } from 'openai';
import { replyErrorOf } from '../../../src/chat/replyErrors';
import { ApiError } from '../../../src/openai/errors';

function statusError(status: number, message: string, code: string | null = null): APIError {
	return APIError.generate(status, { error: { type: 'invalid_request_error', param: null, code, message } }, undefined, new Headers());
}

describe('replyErrorOf', () => {
	const now = new Date('2026-11-27T12:00:00Z');

	it('tells a rate limit, before the answer and mid-stream (no status, only the code), and says how long to wait', () => {
		const before = APIError.generate(429, { error: { type: 'requests', param: null, code: 'rate_limit_exceeded', message: 'Rate limit reached' } }, undefined, new Headers({ 'retry-after': '7' }));
		assert.deepEqual(replyErrorOf(before, 'openai'), { kind: 'rate-limit', message: 'Rate limited: wait 7 s, then Retry.' });
		const midStream = new APIError(undefined, { message: 'Rate limit reached', code: 'rate_limit_exceeded' }, 'Rate limit reached', undefined);
		assert.equal(replyErrorOf(midStream, 'openai').kind, 'rate-limit');
	});

	it('tells a model that shut down from one that never existed', () => {
		const retired = replyErrorOf(statusError(404, 'The model `ft:davinci-002:acme::abc` has been deprecated, learn more here', 'model_not_found'), 'openai', { model: 'ft:davinci-002:acme::abc', now });
		assert.equal(retired.kind, 'model-shut-down');
		assert.match(retired.message, /ft:davinci-002:acme::abc was shut down/);
		const unknown = replyErrorOf(statusError(404, 'The model `ft:gpt-4.1-mini-2025-04-14:acme::nope` does not exist or you do not have access to it.', 'model_not_found'), 'openai', { model: 'ft:gpt-4.1-mini-2025-04-14:acme::nope', now });
		assert.equal(unknown.kind, 'model-not-found');
		assert.match(unknown.message, /is not a model this connection knows/);
	});

	it('counts a model past its announced shutdown as shut down even when the server only says not found', () => {
		const after = new Date('2027-02-01T00:00:00Z');
		const error = replyErrorOf(statusError(404, 'The model `ft:gpt-4o-mini-2024-07-18:acme::x` does not exist or you do not have access to it.', 'model_not_found'), 'openai', { model: 'ft:gpt-4o-mini-2024-07-18:acme::x', now: after });
		assert.equal(error.kind, 'model-shut-down');
		assert.match(error.message, /shut down on 2027-01-14/);
	});

	it('names a missing Azure deployment and what to do', () => {
		const error = replyErrorOf(statusError(404, 'The API deployment for this resource does not exist.', 'DeploymentNotFound'), 'azure', { model: 'support-bot' });
		assert.equal(error.kind, 'deployment-not-found');
		assert.match(error.message, /No deployment named support-bot .* deploy the model first/);
	});

	it('says a dropped connection keeps what was made', () => {
		const error = replyErrorOf(new TypeError('terminated'), 'compatible');
		assert.equal(error.kind, 'network');
		assert.match(error.message, /closed before the response ended.*Nothing was lost/);
	});

	it('passes other errors through with their scrubbed message', () => {
		assert.deepEqual(replyErrorOf(new ApiError('server', 'OpenAI had a server error (500): try again later'), 'openai'), { kind: 'server', message: 'OpenAI had a server error (500): try again later' });
	});
});
