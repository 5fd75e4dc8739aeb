// The one schedule by which the sidebar, the metrics chart and the launch notifications look at jobs
// that are still running. Free of `vscode` so that its policy is tested on a fake clock.
import { ApiError } from '../openai/errors';

/** Time, and timers on it; the real one in the extension, a fake one in tests. */
export interface PollClock {
	now(): number;
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

export const SYSTEM_CLOCK: PollClock = {
	now: () => Date.now(),
	setTimeout: (callback, ms) => setTimeout(callback, ms),
	clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** What one look at an item found: it may still change, or it has reached a final state. */
export type PollOutcome = 'continue' | 'final';

/** How an item is watched. */
export interface WatchOptions {
	/** Looked at even while nothing shows it: a job launched in this window, whose end the user is told. */
	readonly pinned?: boolean;
	/** The pause between looks; the poller's default when absent. */
	readonly intervalMs?: number;
}

export interface PollerOptions {
	readonly clock?: PollClock;
	/** The pause between looks at an item; default 15 s (a fine-tuning step takes seconds, a job minutes to hours). */
	readonly intervalMs?: number;
	/** The longest pause after failures; default 5 minutes. */
	readonly maxBackoffMs?: number;
	/** Told of each failed look (already rescheduled): for the log. */
	readonly onError?: (key: string, error: unknown, retryInMs: number) => void;
}

interface Watched {
	pinned: boolean;
	intervalMs: number;
	/** When the last look ended; undefined before the first. */
	lastLookAt?: number;
	/** Failed looks in a row. */
	failures: number;
	/** A server's Retry-After: no look before this time, whatever asks for one. */
	notBefore: number;
	inFlight: boolean;
	timer?: unknown;
}

const DEFAULT_INTERVAL_MS = 15_000;
const DEFAULT_MAX_BACKOFF_MS = 5 * 60_000;

/**
 * Looks at watched items (jobs, by key) with `look` until each reaches a final state. Its policy:
 * - single flight: never two looks at one item at once; a refresh during a look is that look;
 * - adaptive: an item is looked at only while something shows it (`setVisible`, per source) or it is pinned;
 *   nothing to look at means no timer and no request at all;
 * - failures back off exponentially up to a bound, and a Retry-After from the server is honoured
 *   even by `refresh`;
 * - `refresh` (the window regained focus) looks at every active item now.
 */
export class Poller {
	private readonly watched = new Map<string, Watched>();
	private readonly clock: PollClock;
	private readonly intervalMs: number;
	private readonly maxBackoffMs: number;
	/** The sources (views, charts) that show items and are visible now. */
	private readonly visibleSources = new Set<string>();
	private disposed = false;

	constructor(
		private readonly look: (key: string) => Promise<PollOutcome>,
		private readonly options: PollerOptions = {},
	) {
		this.clock = options.clock ?? SYSTEM_CLOCK;
		this.intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
		this.maxBackoffMs = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
	}

	/** Starts watching `key` (a known key keeps its schedule and takes the new options); the first look comes at once if it is active. */
	watch(key: string, options: WatchOptions = {}): void {
		const known = this.watched.get(key);
		if (known) {
			known.pinned = known.pinned || Boolean(options.pinned);
			known.intervalMs = options.intervalMs ?? known.intervalMs;
			this.schedule(key, known);
			return;
		}
		const item: Watched = { pinned: Boolean(options.pinned), intervalMs: options.intervalMs ?? this.intervalMs, failures: 0, notBefore: 0, inFlight: false };
		this.watched.set(key, item);
		this.schedule(key, item);
	}

	/** Stops watching `key`; a look already under way finishes, and its outcome is dropped. */
	unwatch(key: string): void {
		const item = this.watched.get(key);
		if (item) {
			this.cancelTimer(item);
			this.watched.delete(key);
		}
	}

	/**
	 * Whether `source`, one of the things that show items (the Jobs view, a metrics chart), is visible;
	 * unpinned items are looked at only while at least one source is.
	 */
	setVisible(source: string, visible: boolean): void {
		const before = this.visibleSources.size > 0;
		if (visible) {
			this.visibleSources.add(source);
		} else {
			this.visibleSources.delete(source);
		}
		if (before === this.visibleSources.size > 0) {
			return;
		}
		for (const [key, item] of this.watched) {
			this.schedule(key, item);
		}
	}

	/** Looks at every active item now (after any Retry-After), unless a look at it is under way already. */
	refresh(): void {
		for (const [key, item] of this.watched) {
			if (this.isActive(item) && !item.inFlight) {
				this.cancelTimer(item);
				this.arm(key, item, Math.max(0, item.notBefore - this.clock.now()));
			}
		}
	}

	/** Whether the item is looked at: while something shows it, or always when pinned. */
	private isActive(item: Watched): boolean {
		return this.visibleSources.size > 0 || item.pinned;
	}

	dispose(): void {
		this.disposed = true;
		for (const item of this.watched.values()) {
			this.cancelTimer(item);
		}
		this.watched.clear();
	}

	/** Sets the item's timer for its next look, or none while it is inactive or being looked at. */
	private schedule(key: string, item: Watched): void {
		this.cancelTimer(item);
		if (item.inFlight || !this.isActive(item) || this.disposed) {
			return;
		}
		const due = item.lastLookAt === undefined ? 0 : item.lastLookAt + this.pauseAfter(item);
		this.arm(key, item, Math.max(0, due - this.clock.now(), item.notBefore - this.clock.now()));
	}

	private arm(key: string, item: Watched, delayMs: number): void {
		item.timer = this.clock.setTimeout(() => {
			item.timer = undefined;
			void this.run(key, item);
		}, delayMs);
	}

	/** The interval, doubled for each failure in a row, up to the bound. */
	private pauseAfter(item: Watched): number {
		return item.failures === 0 ? item.intervalMs : Math.min(this.maxBackoffMs, item.intervalMs * 2 ** item.failures);
	}

	private async run(key: string, item: Watched): Promise<void> {
		if (this.watched.get(key) !== item || item.inFlight || !this.isActive(item)) {
			return;
		}
		item.inFlight = true;
		let outcome: PollOutcome | undefined;
		let failure: unknown;
		try {
			outcome = await this.look(key);
		} catch (error) {
			failure = error;
		}
		item.inFlight = false;
		item.lastLookAt = this.clock.now();
		if (this.watched.get(key) !== item || this.disposed) {
			return;
		}
		if (outcome === 'final') {
			this.watched.delete(key);
			return;
		}
		if (failure === undefined) {
			item.failures = 0;
		} else {
			item.failures++;
			const retryAfterMs = ApiError.is(failure) ? (failure.retryAfterMs ?? 0) : 0;
			item.notBefore = item.lastLookAt + retryAfterMs;
			this.options.onError?.(key, failure, Math.max(this.pauseAfter(item), retryAfterMs));
		}
		this.schedule(key, item);
	}

	private cancelTimer(item: Watched): void {
		if (item.timer !== undefined) {
			this.clock.clearTimeout(item.timer);
			item.timer = undefined;
		}
	}
}
