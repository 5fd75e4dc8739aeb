// The Jobs view's data with 1,000 jobs on a connection and 10,000 events in one job, from the emulator
// on loopback: the first page of jobs, `getChildren` answered from the cache (target < 50 ms), and a
// job's events paged without loading them all (only the pages asked for are requested).
// The view's data is src/tracking/jobLists.ts, which JobsTree.getChildren returns rows of; drawing the
// rows is VS Code's. The emulator runs in this process, so that its request log can be read: each
// time measured includes the emulator's own work, which makes it an upper bound.
// Run with `node out/test/bench/jobsTree.bench.js` after `npm run compile`.
import { createOpenAIClient } from '../../src/openai/client';
import { JobsService } from '../../src/openai/jobs';
import { EVENTS_PAGE_SIZE, JOBS_PAGE_SIZE, JobLists, type JobPageSource } from '../../src/tracking/jobLists';
import { startEmulator, type Emulator } from '../fixtures/openai-emulator';

const JOBS = 1_000;
/** 200 examples × 50 epochs at batch size 1: 10,000 steps, each a metrics event. */
const BIG_JOB = { examples: 200, epochs: 50 };
const CACHED_CALLS = 10_000;
const CACHE_BUDGET_MS = 50;
/** "Load Older Events" pages asked for after the first. */
const OLDER_EVENT_PAGES = 5;
const API_KEY = 'sk-bench-jobs-tree';
const CONNECTION = { name: 'bench' };

function chatDataset(examples: number, topic: string): string {
	return Array.from({ length: examples }, (_, index) => JSON.stringify({ messages: [{ role: 'user', content: `${topic}: question ${index}?` }, { role: 'assistant', content: `Answer ${index}.` }] })).join('\n');
}

function percentile(sorted: readonly number[], fraction: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
	const started = performance.now();
	const result = await work();
	return [result, performance.now() - started];
}

/** The requests made since `mark`, as `METHOD path?query`. */
function requestsSince(emulator: Emulator, mark: number): string[] {
	return emulator.requests.slice(mark).map((request) => `${request.method} ${request.path}${request.query ? `?${request.query}` : ''}`);
}

/** One job with 10,000 events, run to its end, then 999 more jobs on a small file: 1,000 in all. */
async function seed(emulator: Emulator, jobs: JobsService): Promise<{ bigJobId: string; events: number }> {
	const big = await emulator.addFile('big.jsonl', 'fine-tune', chatDataset(BIG_JOB.examples, 'big'));
	const bigJob = await jobs.create({ trainingFile: big.id, model: 'gpt-4o-mini-2024-07-18', method: 'supervised', hyperparameters: { n_epochs: BIG_JOB.epochs, batch_size: 1 } });
	emulator.advance(60_000);
	const small = await emulator.addFile('small.jsonl', 'fine-tune', chatDataset(10, 'small'));
	for (let index = 1; index < JOBS; index++) {
		await jobs.create({ trainingFile: small.id, model: 'gpt-4o-mini-2024-07-18', method: 'supervised', hyperparameters: { n_epochs: 1 } });
	}
	const events = (await jobs.listAllEvents(bigJob.id, { limit: 100 })).length;
	return { bigJobId: bigJob.id, events };
}

async function main(): Promise<void> {
	const emulator = await startEmulator({ clock: 'manual', jobSeconds: 20 });
	const failures: string[] = [];
	try {
		const client = createOpenAIClient({ apiKey: API_KEY, baseURL: emulator.baseURL });
		const jobs = new JobsService(client);
		const started = performance.now();
		const { bigJobId, events } = await seed(emulator, jobs);
		console.log(`Jobs view: ${JOBS.toLocaleString('en-US')} jobs, ${events.toLocaleString('en-US')} events in one of them, set up in ${((performance.now() - started) / 1000).toFixed(1)} s`);

		const source: JobPageSource<typeof CONNECTION> = {
			listJobs: (_connection, request) => jobs.list(request),
			listEvents: (_connection, jobId, request) => jobs.listEvents(jobId, request),
		};
		// Warm the client, the connection and the JIT up on lists thrown away.
		for (let round = 0; round < 5; round++) {
			await new JobLists(source).jobsOf(CONNECTION);
		}

		const lists = new JobLists(source);
		let mark = emulator.requests.length;
		const [firstPage, firstPageMs] = await timed(() => lists.jobsOf(CONNECTION));
		const firstPageRequests = requestsSince(emulator, mark);
		console.log(`  first page of jobs: ${firstPage.items.length} jobs in ${firstPageMs.toFixed(1)} ms, ${firstPageRequests.length} request (${firstPageRequests.join(', ')})`);
		if (firstPage.items.length !== JOBS_PAGE_SIZE || firstPageRequests.length !== 1) {
			failures.push(`the first page should be ${JOBS_PAGE_SIZE} jobs from one request, was ${firstPage.items.length} from ${firstPageRequests.length}`);
		}

		const cachedCalls = async (what: string): Promise<void> => {
			mark = emulator.requests.length;
			const timings: number[] = [];
			// Read after the loop, so that the rows cannot be optimised away.
			let rowsMade = 0;
			for (let call = 0; call < CACHED_CALLS; call++) {
				const callStarted = performance.now();
				// What getChildren does with the answer: the job rows, and a "Load More Jobs" row while there are more.
				const loaded = await lists.jobsOf(CONNECTION);
				const rows: unknown[] = [...loaded.items];
				if (loaded.nextCursor) {
					rows.push({ kind: 'more-jobs' });
				}
				timings.push(performance.now() - callStarted);
				rowsMade += rows.length;
			}
			timings.sort((a, b) => a - b);
			const p99 = percentile(timings, 0.99);
			const asked = emulator.requests.length - mark;
			console.log(
				`  getChildren from the cache, ${what} (${CACHED_CALLS.toLocaleString('en-US')} calls): p50 ${percentile(timings, 0.5).toFixed(3)} ms, p99 ${p99.toFixed(3)} ms, max ${(timings.at(-1) ?? 0).toFixed(3)} ms (${rowsMade / CACHED_CALLS} rows each), ${p99 < CACHE_BUDGET_MS ? 'within' : 'OVER'} the ${CACHE_BUDGET_MS} ms budget; ${asked} requests`,
			);
			if (p99 >= CACHE_BUDGET_MS || asked !== 0) {
				failures.push(`getChildren from the cache (${what}): p99 ${p99.toFixed(1)} ms, ${asked} requests`);
			}
		};
		await cachedCalls(`${JOBS_PAGE_SIZE} jobs loaded`);

		const pageTimings: number[] = [];
		mark = emulator.requests.length;
		while ((await lists.jobsOf(CONNECTION)).nextCursor) {
			pageTimings.push((await timed(() => lists.loadMoreJobs(CONNECTION)))[1]);
		}
		const allJobs = await lists.jobsOf(CONNECTION);
		pageTimings.sort((a, b) => a - b);
		console.log(`  "Load More Jobs" to the end: ${pageTimings.length} pages, ${requestsSince(emulator, mark).length} requests, median ${percentile(pageTimings, 0.5).toFixed(1)} ms a page; ${allJobs.items.length.toLocaleString('en-US')} jobs loaded`);
		if (allJobs.items.length !== JOBS || requestsSince(emulator, mark).length !== JOBS / JOBS_PAGE_SIZE - 1) {
			failures.push(`loading every page should give ${JOBS} jobs in ${JOBS / JOBS_PAGE_SIZE - 1} more requests`);
		}
		await cachedCalls(`all ${JOBS.toLocaleString('en-US')} jobs loaded`);

		const bigJob = lists.nodeOf(CONNECTION, bigJobId);
		if (!bigJob) {
			throw new Error('the job with 10,000 events is not in the list');
		}
		mark = emulator.requests.length;
		const [firstEvents, firstEventsMs] = await timed(() => lists.eventsOf(bigJob));
		const firstEventCount = firstEvents.items.length;
		const olderTimings: number[] = [];
		for (let page = 0; page < OLDER_EVENT_PAGES; page++) {
			olderTimings.push((await timed(() => lists.loadMoreEvents(bigJob)))[1]);
		}
		const [loadedEvents, cachedEventsMs] = await timed(() => lists.eventsOf(bigJob));
		const eventRequests = requestsSince(emulator, mark);
		olderTimings.sort((a, b) => a - b);
		console.log(
			`  events of the job with ${events.toLocaleString('en-US')}: first page ${firstEventCount} in ${firstEventsMs.toFixed(1)} ms, ${OLDER_EVENT_PAGES} "Load Older Events" pages median ${percentile(olderTimings, 0.5).toFixed(1)} ms (max ${(olderTimings.at(-1) ?? 0).toFixed(1)} ms), from the cache ${cachedEventsMs.toFixed(3)} ms`,
		);
		// The pages asked for, and only those: the newest, then each after the last event of the page before.
		const pagesAskedFor = Array.from({ length: 1 + OLDER_EVENT_PAGES }, (_, page) =>
			page === 0 ? `limit=${EVENTS_PAGE_SIZE}` : `limit=${EVENTS_PAGE_SIZE}&after=${loadedEvents.items[page * EVENTS_PAGE_SIZE - 1]?.id}`,
		);
		const onlyPagesAskedFor = eventRequests.join('\n') === pagesAskedFor.map((query) => `GET /v1/fine_tuning/jobs/${bigJobId}/events?${query}`).join('\n');
		console.log(`    ${eventRequests.length} requests for ${loadedEvents.items.length} of ${events.toLocaleString('en-US')} events, ${onlyPagesAskedFor ? 'exactly the pages asked for' : `NOT only the pages asked for: ${eventRequests.join(', ')}`} (GET …/events?limit=${EVENTS_PAGE_SIZE}, then &after= the previous page's last event)`);
		const expectedEvents = (1 + OLDER_EVENT_PAGES) * EVENTS_PAGE_SIZE;
		if (!onlyPagesAskedFor || loadedEvents.items.length !== expectedEvents) {
			failures.push(`paging events should request exactly the ${1 + OLDER_EVENT_PAGES} pages asked for (${expectedEvents} events), requested ${eventRequests.length}, loaded ${loadedEvents.items.length}`);
		}

		const newest = firstEvents.items.slice(0, EVENTS_PAGE_SIZE);
		const [, mergeMs] = await timed(async () => lists.mergeNewestEvents(bigJob, newest));
		console.log(`  a poll's newest page merged into the ${loadedEvents.items.length} events loaded: ${mergeMs.toFixed(3)} ms`);
	} finally {
		await emulator.close();
	}
	if (failures.length > 0) {
		throw new Error(`missed: ${failures.join('; ')}`);
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
