import { setTimeout as delay } from 'node:timers/promises';
import { toApiError, type ApiError, type ErrorContext } from './errors';

/** How {@link withRetries} retries. */
export interface RetryPolicy {
	/** Tries in total, the first included. */
	readonly attempts: number;
	/** The wait before the first retry; it doubles each time. */
	readonly baseDelayMs: number;
	readonly signal?: AbortSignal;
	/** Which errors to retry; by default those marked `retryable`. */
	readonly shouldRetry?: (error: ApiError) => boolean;
	/** Told before each wait, e.g. to log "part 3 failed, retrying in 1 s". */
	readonly onRetry?: (error: ApiError, attempt: number, delayMs: number) => void;
}

// A Retry-After longer than this is not waited out: better to fail and let the user decide.
const MAX_DELAY_MS = 60_000;

/**
 * Runs `attempt` until it succeeds, fails with an error that is not retryable, or runs out of
 * attempts. Used where the SDK cannot retry by itself: requests whose body is a stream.
 * The wait honours the server's Retry-After and stops at once when `signal` aborts.
 */
export async function withRetries<T>(context: ErrorContext, policy: RetryPolicy, attempt: (attemptNumber: number) => Promise<T>): Promise<T> {
	for (let attemptNumber = 1; ; attemptNumber++) {
		try {
			policy.signal?.throwIfAborted();
			return await attempt(attemptNumber);
		} catch (thrown) {
			const error = toApiError(thrown, context);
			const retry = policy.shouldRetry ? policy.shouldRetry(error) : error.retryable;
			if (!retry || attemptNumber >= policy.attempts || policy.signal?.aborted) {
				throw error;
			}
			const backoffMs = policy.baseDelayMs * 2 ** (attemptNumber - 1) * (1 - Math.random() * 0.25);
			const delayMs = Math.min(Math.max(backoffMs, error.retryAfterMs ?? 0), MAX_DELAY_MS);
			policy.onRetry?.(error, attemptNumber, Math.round(delayMs));
			try {
				await delay(delayMs, undefined, { signal: policy.signal });
			} catch (aborted) {
				throw toApiError(aborted, context);
			}
		}
	}
}
