import { setMaxListeners } from 'node:events';

/**
 * Runs `work` with an abort signal of its own that follows `signal`. The SDK hangs a listener on
 * the signal of every request and never takes it off, so hundreds of requests on one long-lived
 * signal (an upload's parts, an export's files) would pile listeners up on it; the signal made
 * here, and what hangs on it, goes with the call.
 */
export async function withOwnSignal<T>(signal: AbortSignal | undefined, work: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
	if (!signal) {
		return work(undefined);
	}
	const own = new AbortController();
	// A list of many pages still hangs one listener per page on it, until the call ends.
	setMaxListeners(0, own.signal);
	const follow = (): void => own.abort(signal.reason);
	if (signal.aborted) {
		follow();
	}
	signal.addEventListener('abort', follow, { once: true });
	try {
		return await work(own.signal);
	} finally {
		signal.removeEventListener('abort', follow);
	}
}
