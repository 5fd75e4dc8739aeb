// What the Jobs view has loaded, free of `vscode` so that unit tests and the benchmark hold it: each
// connection's jobs newest first in pages, each job's events newest first in pages, and one object
// per job, which a poll updates in place.
import type { FineTuningJob, FineTuningJobEvent } from 'openai/resources/fine-tuning/jobs/jobs';
import type { Page, PageRequest } from '../openai/paging';
import { isFinal, progressOf, type TrainingProgress } from './jobView';

/** Jobs per page of the tree; "Load More Jobs" fetches the next. */
export const JOBS_PAGE_SIZE = 50;
/** Events per page under a job, newest first. */
export const EVENTS_PAGE_SIZE = 50;

/** What the lists need of a connection: its name keys them. */
export interface NamedConnection {
	readonly name: string;
}

/** A job, kept as one object per job so that a poll can refresh just its row. */
export interface TrackedJob<C extends NamedConnection> {
	readonly kind: 'job';
	readonly connection: C;
	readonly jobId: string;
	job: FineTuningJob;
	progress?: TrainingProgress;
}

/** A paged list as loaded so far, newest first. */
export interface Loaded<T> {
	readonly items: readonly T[];
	/** The cursor of the next page; undefined once the last page is in. */
	readonly nextCursor: string | undefined;
}

/** Where the pages come from: the connection's jobs service. */
export interface JobPageSource<C extends NamedConnection> {
	listJobs(connection: C, request: PageRequest): Promise<Page<FineTuningJob>>;
	listEvents(connection: C, jobId: string, request: PageRequest): Promise<Page<FineTuningJobEvent>>;
}

/** What the lists tell the view about: a job that can still change was listed, a job was seen to end. */
export interface JobListEvents<C extends NamedConnection> {
	/** A job in a non-final state came with a page of jobs: worth watching. */
	onListed?(node: TrackedJob<C>): void;
	/** A job seen running (or waiting) was seen again in a final state; told once. */
	onEnded?(node: TrackedJob<C>): void;
}

interface Pages<T> {
	items: T[];
	nextCursor: string | undefined;
}

/** The poller's key of a job: connection names cannot contain a newline (settings are trimmed lines). */
export function pollKey(connection: NamedConnection, jobId: string): string {
	return `${connection.name}\n${jobId}`;
}

/**
 * The Jobs view's data. Lists are loaded a page at a time, only when asked for, and kept until
 * {@link clear}; the job objects outlive a clear, so that a job's end is not lost to a refresh.
 */
export class JobLists<C extends NamedConnection> {
	private readonly jobs = new Map<string, Pages<TrackedJob<C>>>();
	private readonly jobNodes = new Map<string, TrackedJob<C>>();
	private readonly events = new Map<string, Pages<FineTuningJobEvent>>();

	constructor(
		private readonly source: JobPageSource<C>,
		private readonly listeners: JobListEvents<C> = {},
	) {}

	/** Forgets the lists loaded (jobs and events); the job objects stay. */
	clear(): void {
		this.jobs.clear();
		this.events.clear();
	}

	/** The job object of `jobId`, when a list or a poll has brought it. */
	nodeOf(connection: C, jobId: string): TrackedJob<C> | undefined {
		return this.jobNodes.get(pollKey(connection, jobId));
	}

	/** The jobs of `connection`: from the cache, or the first page from the server. */
	async jobsOf(connection: C): Promise<Loaded<TrackedJob<C>>> {
		const known = this.jobs.get(connection.name);
		if (known) {
			return known;
		}
		const fresh: Pages<TrackedJob<C>> = { items: [], nextCursor: undefined };
		await this.appendJobs(connection, fresh);
		// Kept only once the page came: a failed first page is asked for again next time.
		this.jobs.set(connection.name, fresh);
		return fresh;
	}

	/** Appends the next page of jobs of `connection`, if there is one. */
	async loadMoreJobs(connection: C): Promise<void> {
		const loaded = this.jobs.get(connection.name);
		if (loaded?.nextCursor) {
			await this.appendJobs(connection, loaded, loaded.nextCursor);
		}
	}

	/**
	 * Puts a job the user just created or changed in front of its connection's list, when that list
	 * is loaded; `inserted` says whether the list grew (else only the job's row changed).
	 */
	upsert(connection: C, job: FineTuningJob): { node: TrackedJob<C>; listLoaded: boolean; inserted: boolean } {
		const node = this.update(connection, job);
		const loaded = this.jobs.get(connection.name);
		const inserted = loaded !== undefined && !loaded.items.includes(node);
		if (inserted) {
			loaded.items.unshift(node);
		}
		return { node, listLoaded: loaded !== undefined, inserted };
	}

	/** The one object of the job, updated in place; an end seen here (by a poll or a fresh list alike) is told once. */
	update(connection: C, job: FineTuningJob): TrackedJob<C> {
		const key = pollKey(connection, job.id);
		const known = this.jobNodes.get(key);
		if (known) {
			const ended = !isFinal(known.job.status) && isFinal(job.status);
			known.job = job;
			if (ended) {
				this.listeners.onEnded?.(known);
			}
			return known;
		}
		const node: TrackedJob<C> = { kind: 'job', connection, jobId: job.id, job };
		this.jobNodes.set(key, node);
		return node;
	}

	/**
	 * A poll's newest page of a job's events: the step it shows becomes the job's progress, and events
	 * newer than those loaded go in front (when its events were loaded at all).
	 */
	mergeNewestEvents(node: TrackedJob<C>, newest: readonly FineTuningJobEvent[]): void {
		node.progress = progressOf(newest) ?? node.progress;
		const loaded = this.events.get(pollKey(node.connection, node.jobId));
		if (!loaded) {
			return;
		}
		const known = new Set(loaded.items.map((event) => event.id));
		loaded.items.unshift(...newest.filter((event) => !known.has(event.id)));
	}

	/** The events of a job loaded so far, newest first: from the cache, or the first page from the server. */
	async eventsOf(node: TrackedJob<C>): Promise<Loaded<FineTuningJobEvent>> {
		const key = pollKey(node.connection, node.jobId);
		const known = this.events.get(key);
		if (known) {
			return known;
		}
		const page = await this.source.listEvents(node.connection, node.jobId, { limit: EVENTS_PAGE_SIZE });
		const loaded: Pages<FineTuningJobEvent> = { items: [...page.items], nextCursor: page.nextCursor };
		this.events.set(key, loaded);
		return loaded;
	}

	/** Appends the next (older) page of a job's events, if its events were loaded and there is one. */
	async loadMoreEvents(node: TrackedJob<C>): Promise<void> {
		const loaded = this.events.get(pollKey(node.connection, node.jobId));
		if (loaded?.nextCursor) {
			const page = await this.source.listEvents(node.connection, node.jobId, { limit: EVENTS_PAGE_SIZE, after: loaded.nextCursor });
			loaded.items.push(...page.items);
			loaded.nextCursor = page.nextCursor;
		}
	}

	private async appendJobs(connection: C, loaded: Pages<TrackedJob<C>>, after?: string): Promise<void> {
		const page = await this.source.listJobs(connection, { limit: JOBS_PAGE_SIZE, ...(after ? { after } : {}) });
		for (const job of page.items) {
			const node = this.update(connection, job);
			if (!loaded.items.includes(node)) {
				loaded.items.push(node);
			}
			if (!isFinal(job.status)) {
				this.listeners.onListed?.(node);
			}
		}
		loaded.nextCursor = page.nextCursor;
	}
}
