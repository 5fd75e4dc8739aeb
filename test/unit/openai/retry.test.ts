import * as assert from 'node:assert/strict';
import { ApiError } from '../../../src/openai/errors';
import { withRetries } from '../../../src/openai/retry';

describe('openai withRetries', () => {
	it('retries retryable errors and returns the first success', async () => {
		const attempts: number[] = [];
		const delays: number[] = [];
		const result = await withRetries({}, { attempts: 3, baseDelayMs: 1, onRetry: (_error, _attempt, delayMs) => delays.push(delayMs) }, async (attempt) => {
			attempts.push(attempt);
			if (attempt < 3) {
				throw new ApiError('server', 'flaky', { retryable: true });
			}
			return 'done';
		});
		assert.equal(result, 'done');
		assert.deepEqual(attempts, [1, 2, 3]);
		assert.equal(delays.length, 2);
	});

	it('gives up after the last attempt with the mapped error', async () => {
		await assert.rejects(
			withRetries({}, { attempts: 2, baseDelayMs: 1 }, () => Promise.reject(new ApiError('network', 'down', { retryable: true }))),
			(error) => ApiError.is(error, 'network'),
		);
	});

	it('does not retry what is not retryable', async () => {
		let calls = 0;
		await assert.rejects(
			withRetries({}, { attempts: 5, baseDelayMs: 1 }, () => {
				calls++;
				return Promise.reject(new ApiError('auth', 'no'));
			}),
			(error) => ApiError.is(error, 'auth'),
		);
		assert.equal(calls, 1);
	});

	it('retries only what shouldRetry accepts', async () => {
		let calls = 0;
		await assert.rejects(
			withRetries({}, { attempts: 5, baseDelayMs: 1, shouldRetry: (error) => error.kind === 'rate-limited' }, () => {
				calls++;
				return Promise.reject(new ApiError('server', 'maybe processed', { retryable: true }));
			}),
			(error) => ApiError.is(error, 'server'),
		);
		assert.equal(calls, 1);
	});

	it('stops waiting as soon as the signal aborts', async () => {
		const controller = new AbortController();
		const started = Date.now();
		const pending = withRetries({}, { attempts: 3, baseDelayMs: 30_000, signal: controller.signal, onRetry: () => controller.abort() }, () =>
			Promise.reject(new ApiError('rate-limited', 'slow', { retryable: true })),
		);
		await assert.rejects(pending, (error) => ApiError.is(error, 'cancelled'));
		assert.ok(Date.now() - started < 5_000);
	});
});
