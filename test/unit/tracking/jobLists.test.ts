import * as assert from 'node:assert/strict';
import type { FineTuningJob, FineTuningJobEvent } from 'openai/resources/fine-tuning/jobs/jobs';
import type { Page, PageRequest } from '../../../src/openai/paging';
import { EVENTS_PAGE_SIZE, JOBS_PAGE_SIZE, JobLists, type JobPageSource, type TrackedJob } from '../../../src/tracking/jobLists';

interface TestConnection {
	readonly name: string;
}

const CONNECTION: TestConnection = { name: 'emu' };

function job(id: string, status: FineTuningJob['status'] = 'running'): FineTuningJob {
	return { id, object: 'fine_tuning.job', status, created_at: 0, result_files: [], training_file: 'file-train', validation_file: null } as unknown as FineTuningJob;
}

function event(id: string, step?: number): FineTuningJobEvent {
	return {
		id,
		object: 'fine_tuning.job.event',
		created_at: step ?? 0,
		level: 'info',
		message: id,
		type: step === undefined ? 'message' : 'metrics',
		data: step === undefined ? undefined : { step, total_steps: 100 },
	} as FineTuningJobEvent;
}

/** A cursor page of `items` after the item whose id is `after`, as the API pages. */
function pageOf<T extends { id: string }>(items: readonly T[], request: PageRequest): Page<T> {
	const start = request.after === undefined ? 0 : items.findIndex((item) => item.id === request.after) + 1;
	const data = items.slice(start, start + (request.limit ?? 20));
	const hasMore = start + data.length < items.length;
	return { items: data, hasMore, nextCursor: hasMore ? data.at(-1)?.id : undefined };
}

/** A server with `jobs` (newest first) and, for each job, its events (newest first); it records each request. */
class FakeServer implements JobPageSource<TestConnection> {
	readonly requests: string[] = [];
	failNext = false;

	constructor(
		public jobs: FineTuningJob[],
		public readonly events = new Map<string, FineTuningJobEvent[]>(),
	) {}

	async listJobs(connection: TestConnection, request: PageRequest): Promise<Page<FineTuningJob>> {
		this.requests.push(`jobs ${connection.name} limit=${request.limit} after=${request.after ?? '-'}`);
		if (this.failNext) {
			this.failNext = false;
			throw new Error('offline');
		}
		return pageOf(this.jobs, request);
	}

	async listEvents(_connection: TestConnection, jobId: string, request: PageRequest): Promise<Page<FineTuningJobEvent>> {
		this.requests.push(`events ${jobId} limit=${request.limit} after=${request.after ?? '-'}`);
		return pageOf(this.events.get(jobId) ?? [], request);
	}
}

function manyJobs(count: number): FineTuningJob[] {
	return Array.from({ length: count }, (_, index) => job(`ftjob-${count - index}`, index % 2 === 0 ? 'running' : 'succeeded'));
}

describe("the Jobs view's lists: pages of jobs and events, one object per job", () => {
	it('loads the first page of jobs once, answers from the cache after, and pages on only when asked', async () => {
		const server = new FakeServer(manyJobs(120));
		const listed: string[] = [];
		const lists = new JobLists(server, { onListed: (node) => listed.push(node.jobId) });

		const first = await lists.jobsOf(CONNECTION);
		assert.equal(first.items.length, JOBS_PAGE_SIZE);
		assert.equal(first.nextCursor, 'ftjob-71');
		assert.equal(await lists.jobsOf(CONNECTION), first, 'the cache, not the server');
		assert.deepEqual(server.requests, [`jobs emu limit=${JOBS_PAGE_SIZE} after=-`]);
		assert.equal(listed.length, JOBS_PAGE_SIZE / 2, 'only the jobs that can still change are worth watching');

		await lists.loadMoreJobs(CONNECTION);
		await lists.loadMoreJobs(CONNECTION);
		const all = await lists.jobsOf(CONNECTION);
		assert.deepEqual(all.items.map((node) => node.jobId).slice(0, 3), ['ftjob-120', 'ftjob-119', 'ftjob-118']);
		assert.equal(all.items.length, 120);
		assert.equal(all.nextCursor, undefined);
		await lists.loadMoreJobs(CONNECTION);
		assert.deepEqual(server.requests, [`jobs emu limit=50 after=-`, `jobs emu limit=50 after=ftjob-71`, `jobs emu limit=50 after=ftjob-21`], 'nothing past the last page');
	});

	it('asks for the first page again after it failed, and after a clear, keeping the one object per job', async () => {
		const server = new FakeServer([job('ftjob-1')]);
		const lists = new JobLists(server);
		server.failNext = true;
		await assert.rejects(lists.jobsOf(CONNECTION), /offline/);
		const [node] = (await lists.jobsOf(CONNECTION)).items;
		lists.clear();
		const [again] = (await lists.jobsOf(CONNECTION)).items;
		assert.equal(again, node, 'the same object, so a row and its poll keep meeting');
		assert.equal(lists.nodeOf(CONNECTION, 'ftjob-1'), node);
		assert.equal(server.requests.length, 3);
	});

	it('puts a job created here in front of a loaded list, and only updates a job it has', async () => {
		const server = new FakeServer([job('ftjob-1')]);
		const lists = new JobLists(server);
		const before = lists.upsert(CONNECTION, job('ftjob-0'));
		assert.deepEqual([before.listLoaded, before.inserted], [false, false], 'no list yet: the first page will bring it');

		await lists.jobsOf(CONNECTION);
		const created = lists.upsert(CONNECTION, job('ftjob-2', 'validating_files'));
		assert.deepEqual([created.listLoaded, created.inserted], [true, true]);
		const changed = lists.upsert(CONNECTION, job('ftjob-2', 'cancelled'));
		assert.deepEqual([changed.listLoaded, changed.inserted, changed.node], [true, false, created.node]);
		assert.deepEqual((await lists.jobsOf(CONNECTION)).items.map((node) => `${node.jobId} ${node.job.status}`), ['ftjob-2 cancelled', 'ftjob-1 running']);
	});

	it('tells of an end once, whether a poll or a fresh list sees it, and not for a job first seen ended', async () => {
		const server = new FakeServer([job('ftjob-1'), job('ftjob-old', 'failed')]);
		const ended: string[] = [];
		const lists = new JobLists(server, { onEnded: (node) => ended.push(`${node.jobId} ${node.job.status}`) });
		await lists.jobsOf(CONNECTION);
		lists.update(CONNECTION, job('ftjob-1', 'succeeded'));
		server.jobs = [job('ftjob-1', 'succeeded'), job('ftjob-old', 'failed')];
		lists.clear();
		await lists.jobsOf(CONNECTION);
		assert.deepEqual(ended, ['ftjob-1 succeeded']);
	});

	describe("a job's events", () => {
		const events = Array.from({ length: 130 }, (_, index) => event(`ftevent-${130 - index}`, 130 - index));
		let server: FakeServer;
		let lists: JobLists<TestConnection>;
		let node: TrackedJob<TestConnection>;

		beforeEach(async () => {
			server = new FakeServer([job('ftjob-1')], new Map([['ftjob-1', [...events]]]));
			lists = new JobLists(server);
			node = (await lists.jobsOf(CONNECTION)).items[0] as TrackedJob<TestConnection>;
			server.requests.length = 0;
		});

		it('loads the newest page when first asked, the next older one on "load more", and nothing else', async () => {
			const first = await lists.eventsOf(node);
			assert.deepEqual([first.items.length, first.items[0]?.id], [EVENTS_PAGE_SIZE, 'ftevent-130']);
			await lists.eventsOf(node);
			await lists.loadMoreEvents(node);
			const loaded = await lists.eventsOf(node);
			assert.deepEqual([loaded.items.length, loaded.items.at(-1)?.id, loaded.nextCursor], [100, 'ftevent-31', 'ftevent-31']);
			assert.deepEqual(server.requests, ['events ftjob-1 limit=50 after=-', 'events ftjob-1 limit=50 after=ftevent-81']);
		});

		it("merges a poll's newest page in front, without duplicates, and takes its step as the job's progress", async () => {
			lists.mergeNewestEvents(node, [event('ftevent-131', 131), ...events.slice(0, 49)]);
			assert.deepEqual(node.progress, { step: 131, totalSteps: 100 });
			assert.equal(server.requests.length, 0, 'events not loaded yet: nothing to merge into, nothing asked');

			await lists.eventsOf(node);
			lists.mergeNewestEvents(node, [event('ftevent-133', 133), event('ftevent-132', 132), event('ftevent-131', 131), ...events.slice(0, 47)]);
			const loaded = await lists.eventsOf(node);
			assert.deepEqual(loaded.items.slice(0, 4).map((item) => item.id), ['ftevent-133', 'ftevent-132', 'ftevent-131', 'ftevent-130']);
			assert.equal(loaded.items.length, EVENTS_PAGE_SIZE + 3);
			assert.equal(new Set(loaded.items.map((item) => item.id)).size, loaded.items.length);
			assert.deepEqual(node.progress, { step: 133, totalSteps: 100 });
		});

		it('keeps the progress a poll found when the next page has no step', () => {
			lists.mergeNewestEvents(node, [event('ftevent-131', 131)]);
			lists.mergeNewestEvents(node, [event('ftevent-message')]);
			assert.deepEqual(node.progress, { step: 131, totalSteps: 100 });
		});
	});
});
