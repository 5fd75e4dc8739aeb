import * as assert from 'node:assert/strict';
import { ApiError } from '../../../src/openai/errors';
import { Poller, type PollClock, type PollOutcome } from '../../../src/tracking/poller';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const INTERVAL = 15 * SECOND;
/** The sources that show jobs: the Jobs view and a metrics chart. */
const VIEW = 'jobs-view';
const CHART = 'metrics-chart';

/** A clock that moves only when told, running due timers in order and letting their promises settle. */
class FakeClock implements PollClock {
	private time = 0;
	private readonly timers = new Map<number, { at: number; callback: () => void }>();
	private nextHandle = 1;

	now(): number {
		return this.time;
	}

	setTimeout(callback: () => void, ms: number): unknown {
		const handle = this.nextHandle++;
		this.timers.set(handle, { at: this.time + ms, callback });
		return handle;
	}

	clearTimeout(handle: unknown): void {
		this.timers.delete(handle as number);
	}

	get pendingTimers(): number {
		return this.timers.size;
	}

	async advance(ms: number): Promise<void> {
		const end = this.time + ms;
		await settle();
		for (;;) {
			const due = [...this.timers].filter(([, timer]) => timer.at <= end).sort(([, a], [, b]) => a.at - b.at)[0];
			if (!due) {
				break;
			}
			const [handle, timer] = due;
			this.timers.delete(handle);
			this.time = timer.at;
			timer.callback();
			await settle();
		}
		this.time = end;
	}
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A `look` that records when each look started and ended, answering from a script or by hand. */
class Looks {
	readonly started: { key: string; at: number }[] = [];
	inFlight = 0;
	maxInFlight = 0;
	private readonly held: (() => void)[] = [];
	hold = false;
	answer: (key: string, count: number) => PollOutcome | Error = () => 'continue';

	constructor(private readonly clock: FakeClock) {}

	readonly look = async (key: string): Promise<PollOutcome> => {
		this.started.push({ key, at: this.clock.now() });
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		try {
			if (this.hold) {
				await new Promise<void>((resolve) => this.held.push(resolve));
			}
			const answer = this.answer(key, this.started.filter((look) => look.key === key).length);
			if (answer instanceof Error) {
				throw answer;
			}
			return answer;
		} finally {
			this.inFlight--;
		}
	};

	release(): void {
		this.hold = false;
		this.held.splice(0).forEach((resolve) => resolve());
	}

	times(key = 'job-1'): number[] {
		return this.started.filter((look) => look.key === key).map((look) => look.at / SECOND);
	}
}

describe('the job poller', () => {
	let clock: FakeClock;
	let looks: Looks;
	let poller: Poller;

	beforeEach(() => {
		clock = new FakeClock();
		looks = new Looks(clock);
		poller = new Poller(looks.look, { clock, intervalMs: INTERVAL });
	});

	afterEach(() => poller.dispose());

	it('makes no request and keeps no timer over an idle hour when nothing is watched, or nothing watched is shown', async () => {
		await clock.advance(60 * MINUTE);
		poller.setVisible(VIEW, true);
		await clock.advance(60 * MINUTE);
		poller.setVisible(VIEW, false);
		poller.watch('job-1');
		await clock.advance(60 * MINUTE);
		assert.deepEqual(looks.started, []);
		assert.equal(clock.pendingTimers, 0);
	});

	it('looks at a shown job at once, then every interval, and stops while nothing shows it', async () => {
		poller.watch('job-1');
		poller.setVisible(VIEW, true);
		await clock.advance(45 * SECOND);
		poller.setVisible(VIEW, false);
		await clock.advance(10 * MINUTE);
		assert.deepEqual(looks.times(), [0, 15, 30, 45]);
		assert.equal(clock.pendingTimers, 0);

		// Shown again after a long pause: looked at at once, the last look being long ago.
		poller.setVisible(VIEW, true);
		await clock.advance(0);
		assert.deepEqual(looks.times().slice(4), [645]);
	});

	it('looks while any source shows jobs: the view hidden with a chart still visible keeps looking; both hidden, nothing', async () => {
		poller.watch('job-1');
		poller.setVisible(VIEW, true);
		poller.setVisible(CHART, true);
		await clock.advance(15 * SECOND);
		poller.setVisible(VIEW, false);
		await clock.advance(15 * SECOND);
		// Hidden twice over is still hidden: the chart's own "hidden" is what stops the looks.
		poller.setVisible(VIEW, false);
		await clock.advance(15 * SECOND);
		poller.setVisible(CHART, false);
		await clock.advance(60 * MINUTE);
		assert.deepEqual(looks.times(), [0, 15, 30, 45]);
		assert.equal(clock.pendingTimers, 0);
	});

	it('shown again soon after a look, waits out the rest of the interval instead of asking twice', async () => {
		poller.setVisible(VIEW, true);
		poller.watch('job-1');
		await clock.advance(5 * SECOND);
		poller.setVisible(VIEW, false);
		poller.setVisible(VIEW, true);
		await clock.advance(20 * SECOND);
		assert.deepEqual(looks.times(), [0, 15]);
	});

	it('keeps looking at a pinned job (launched in this window) while nothing shows it, until it ends; then nothing', async () => {
		looks.answer = (_key, count) => (count === 3 ? 'final' : 'continue');
		poller.watch('job-1', { pinned: true });
		await clock.advance(60 * MINUTE);
		assert.deepEqual(looks.times(), [0, 15, 30]);
		assert.equal(clock.pendingTimers, 0);
		// No longer watched: neither a view shown nor a refresh looks at it again.
		poller.setVisible(VIEW, true);
		poller.refresh();
		await clock.advance(MINUTE);
		assert.deepEqual(looks.times(), [0, 15, 30]);
	});

	it('never looks at one job twice at once: a refresh or a due timer during a slow look is that look', async () => {
		poller.setVisible(VIEW, true);
		looks.hold = true;
		poller.watch('job-1');
		await clock.advance(0);
		assert.equal(looks.inFlight, 1);
		poller.refresh();
		poller.watch('job-1', { pinned: true });
		poller.setVisible(VIEW, false);
		poller.setVisible(VIEW, true);
		await clock.advance(2 * MINUTE);
		assert.equal(looks.started.length, 1, 'still the one look');
		looks.release();
		await clock.advance(0);
		await clock.advance(INTERVAL);
		assert.equal(looks.maxInFlight, 1);
		assert.deepEqual(looks.times(), [0, 135]);
	});

	it('looks at different jobs independently, each on its own interval', async () => {
		poller.setVisible(VIEW, true);
		poller.watch('job-1');
		await clock.advance(5 * SECOND);
		poller.watch('job-2', { intervalMs: 60 * SECOND });
		await clock.advance(60 * SECOND);
		assert.deepEqual(looks.times('job-1'), [0, 15, 30, 45, 60]);
		assert.deepEqual(looks.times('job-2'), [5, 65]);
	});

	it('backs off exponentially on failures, up to the bound, and returns to the interval after a success', async () => {
		const errors: number[] = [];
		poller = new Poller(looks.look, { clock, intervalMs: INTERVAL, maxBackoffMs: 2 * MINUTE, onError: (_key, _error, retryInMs) => errors.push(retryInMs / SECOND) });
		looks.answer = (_key, count) => (count <= 5 ? new ApiError('network', 'offline', { retryable: true }) : 'continue');
		poller.setVisible(VIEW, true);
		poller.watch('job-1');
		await clock.advance(10 * MINUTE);
		// Failures at 0, 30, 90, 210, 330 (pauses 30, 60, 120, 120, 120), then successes every 15 s.
		assert.deepEqual(looks.times().slice(0, 7), [0, 30, 90, 210, 330, 450, 465]);
		assert.deepEqual(errors, [30, 60, 120, 120, 120]);
	});

	it("honours the server's Retry-After, even when a refresh asks for a look sooner", async () => {
		looks.answer = (_key, count) => (count === 1 ? new ApiError('rate-limited', 'slow down', { retryable: true, retryAfterMs: 90 * SECOND }) : 'continue');
		poller.setVisible(VIEW, true);
		poller.watch('job-1');
		await clock.advance(10 * SECOND);
		poller.refresh();
		await clock.advance(100 * SECOND);
		assert.deepEqual(looks.times(), [0, 90, 105]);
	});

	it('looks at every active job at once on refresh (the window regained focus), but not at hidden ones', async () => {
		poller.watch('shown-later');
		poller.watch('pinned', { pinned: true });
		await clock.advance(5 * SECOND);
		poller.refresh();
		await clock.advance(0);
		assert.deepEqual(looks.times('pinned'), [0, 5]);
		assert.deepEqual(looks.times('shown-later'), []);
	});

	it('drops the outcome of a look at a job unwatched meanwhile, and a disposed poller keeps no timer', async () => {
		poller.setVisible(VIEW, true);
		looks.hold = true;
		poller.watch('job-1');
		await clock.advance(0);
		poller.unwatch('job-1');
		looks.release();
		await clock.advance(10 * MINUTE);
		assert.deepEqual(looks.times(), [0]);

		poller.watch('job-2');
		poller.dispose();
		await clock.advance(10 * MINUTE);
		assert.equal(clock.pendingTimers, 0);
		assert.deepEqual(looks.times('job-2'), []);
	});
});
