// Exports fine-tuning jobs to a folder: one folder per job with its object, events, checkpoints,
// result files, training and validation files, and a recreate.json. Pure (no `vscode`): the
// command line and the editor's command both drive it.
//
// Resumable by construction: every file goes through the safe writer (temporary file, then
// rename), so a name on disk always holds a whole file, and a downloaded file whose size matches
// the file object's `bytes` is complete and skipped. A file several jobs share is downloaded once
// and hard-linked into the other jobs' folders (copied where links are not possible).
import { lstat, mkdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { FileObject } from 'openai/resources/files';
import type { FineTuningJob } from 'openai/resources/fine-tuning/jobs/jobs';
import type { Logger } from '../logger';
import { ApiError, type ApiErrorKind } from '../openai/errors';
import type { FilesService } from '../openai/files';
import type { JobsService } from '../openai/jobs';
import { withOwnSignal } from '../openai/signals';
import { linkSafely, removeLeftoverTemporaries, writeFileSafely } from '../safeWrite';
import { FolderNames } from './names';
import { RECREATE_FILE_NAME, recreateSpecOf, type RecreateFile } from './recreate';

/** The services an export reads from: one connection's. */
export interface ExportServices {
	readonly jobs: JobsService;
	readonly files: FilesService;
}

/** What happened to one file of the export. */
export type ExportOutcome =
	/** Fetched from the server. */
	| 'downloaded'
	/** Already downloaded for another job of the export: linked (or copied) from there. */
	| 'linked'
	/** Already in the folder, complete. */
	| 'skipped'
	/** A metadata file written or brought up to date. */
	| 'written'
	/** A metadata file that was already up to date. */
	| 'unchanged'
	| 'failed';

/** One file of the export, told as it is settled. */
export interface ExportItem {
	readonly jobId: string;
	/** Relative to the export folder, with `/` separators. */
	readonly path: string;
	readonly outcome: ExportOutcome;
	readonly bytes: number;
	/** Why it failed. */
	readonly reason?: string;
}

/** Something that could not be exported. */
export interface ExportFailure {
	/** Undefined when no job could be listed at all. */
	readonly jobId: string | undefined;
	/** What failed: a file (its path in the export), `job` (a named job), `job list`, or `export` (the folder). */
	readonly item: string;
	readonly reason: string;
	/** The kind of API error, when it was one: a caller may word `auth` for where its key comes from. */
	readonly kind?: ApiErrorKind;
}

/** Options of {@link exportJobs}. */
export interface ExportOptions {
	/** The export folder; created when missing. */
	readonly outDir: string;
	/** Only these jobs; all jobs of the connection when absent or empty. */
	readonly jobIds?: readonly string[];
	/** Aborting stops the export; files half written are removed, and the summary says `cancelled`. */
	readonly signal?: AbortSignal;
	/**
	 * Told as downloaded bytes reach disk. `bytesTotal` is what there is to download, known once
	 * every job's files are looked up (before the first download).
	 */
	readonly onProgress?: (bytesDone: number, bytesTotal: number) => void;
	/** Told once for each file, as it is settled. */
	readonly onItem?: (item: ExportItem) => void;
	/** Jobs worked on at a time, each downloading one file at a time; default 3. */
	readonly concurrency?: number;
	readonly logger?: Logger;
}

/** What an export did. */
export interface ExportSummary {
	/** Jobs found (listed, or named and retrieved). */
	readonly jobs: number;
	/** Jobs exported without any failure. */
	readonly jobsComplete: number;
	readonly downloaded: number;
	readonly linked: number;
	readonly skipped: number;
	/** Metadata files written (`written`) or found up to date (`unchanged`). */
	readonly written: number;
	readonly unchanged: number;
	readonly bytesDownloaded: number;
	readonly failures: readonly ExportFailure[];
	readonly cancelled: boolean;
}

const DEFAULT_CONCURRENCY = 3;
// The largest page the API serves: fewer round trips for jobs with thousands of events.
const PAGE_LIMIT = 100;

type FileRole = 'training' | 'validation' | 'result';

/** A server file one job needs, and where it goes in that job's folder. */
interface PlannedFile {
	readonly role: FileRole;
	readonly fileId: string;
	/** Absolute; undefined when the file object could not be retrieved. */
	readonly target?: string;
	readonly object?: FileObject;
	readonly error?: string;
}

interface JobPlan {
	readonly job: FineTuningJob;
	readonly dir: string;
	readonly files: readonly PlannedFile[];
}

const ROLE_FOLDERS: Readonly<Record<FileRole, string>> = { training: 'training', validation: 'validation', result: 'results' };

/** The error's message for the summary; services throw {@link ApiError}s, whose messages are written for users. */
function reasonOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * `work` on every item, at most `limit` at a time; the results in the items' order. Waits for every
 * item even when one fails (then rethrows the first failure), so that nothing still runs after it.
 */
async function mapInPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < items.length) {
			const index = next++;
			results[index] = await work(items[index] as T);
		}
	};
	await settleAll(Array.from({ length: Math.min(limit, items.length) }, worker));
	return results;
}

/** Waits for every promise, then rethrows the first failure: nothing is left running behind a failure. */
async function settleAll(promises: readonly Promise<unknown>[]): Promise<void> {
	const settled = await Promise.allSettled(promises);
	const failed = settled.find((outcome) => outcome.status === 'rejected');
	if (failed) {
		throw failed.reason;
	}
}

/** True when `target` is a regular file of `bytes` bytes: a finished download (the safe writer never leaves partial ones). */
async function isComplete(target: string, bytes: number): Promise<boolean> {
	const stats = await lstat(target).catch(() => undefined);
	return stats !== undefined && stats.isFile() && stats.size === bytes;
}

/** Creates `dir` if needed and checks it is a real folder, not a link leading elsewhere. */
async function ensureFolder(dir: string): Promise<void> {
	await mkdir(dir, { recursive: true });
	const stats = await lstat(dir);
	if (!stats.isDirectory()) {
		throw new Error(`${dir} is not a folder (a link or a file is in the way)`);
	}
}

/**
 * Exports the jobs into `options.outDir`; see the module comment. Never throws for a job or file
 * that fails: those are listed in the summary, and the rest is exported.
 */
export async function exportJobs(services: ExportServices, options: ExportOptions): Promise<ExportSummary> {
	return new ExportRun(services, options).run();
}

class ExportRun {
	private readonly outDir: string;
	private readonly failures: ExportFailure[] = [];
	private readonly counts = { downloaded: 0, linked: 0, skipped: 0, written: 0, unchanged: 0 };
	private readonly fileObjects = new Map<string, Promise<FileObject>>();
	/** Per file id: where a complete copy is (or will be) on disk; undefined when its download failed. */
	private readonly copies = new Map<string, Promise<string | undefined>>();
	/** Why the download of a file id failed, for every job that shares the file. */
	private readonly downloadErrors = new Map<string, string>();
	private readonly jobFolders = new FolderNames();
	/** Jobs whose every step ran; those without a failure count as complete. */
	private readonly finished = new Set<string>();
	private readonly failedJobs = new Set<string>();
	private bytesDownloaded = 0;
	private bytesTotal = 0;

	constructor(
		private readonly services: ExportServices,
		private readonly options: ExportOptions,
	) {
		this.outDir = path.resolve(options.outDir);
	}

	async run(): Promise<ExportSummary> {
		let jobs: FineTuningJob[] = [];
		try {
			await ensureFolder(this.outDir);
			jobs = await this.findJobs();
			const plans = await mapInPool(jobs, this.concurrency, (job) => this.plan(job));
			await this.countBytesToDownload(plans);
			await mapInPool(plans, this.concurrency, (plan) => this.exportJob(plan));
		} catch (error) {
			if (!this.cancelled) {
				this.fail(undefined, 'export', error);
			}
		}
		return {
			jobs: jobs.length,
			jobsComplete: [...this.finished].filter((jobId) => !this.failedJobs.has(jobId)).length,
			...this.counts,
			bytesDownloaded: this.bytesDownloaded,
			failures: this.failures,
			cancelled: this.cancelled,
		};
	}

	private get concurrency(): number {
		return Math.max(1, this.options.concurrency ?? DEFAULT_CONCURRENCY);
	}

	private get cancelled(): boolean {
		return this.options.signal?.aborted ?? false;
	}

	private get signal(): AbortSignal | undefined {
		return this.options.signal;
	}

	private fail(jobId: string | undefined, item: string, error: unknown): void {
		if (this.cancelled) {
			return;
		}
		const reason = reasonOf(error);
		this.failures.push({ jobId, item, reason, ...(ApiError.is(error) ? { kind: error.kind } : {}) });
		if (jobId !== undefined) {
			this.failedJobs.add(jobId);
		}
		this.options.logger?.warn(`[export] ${jobId ?? ''} ${item}: ${reason}`);
	}

	private async findJobs(): Promise<FineTuningJob[]> {
		const wanted = [...new Set(this.options.jobIds ?? [])];
		if (wanted.length === 0) {
			try {
				return await withOwnSignal(this.signal, (signal) => this.services.jobs.listAll({ limit: PAGE_LIMIT, signal }));
			} catch (error) {
				this.fail(undefined, 'job list', error);
				return [];
			}
		}
		const found = new Map<string, FineTuningJob>();
		await mapInPool(wanted, this.concurrency, async (jobId) => {
			try {
				found.set(jobId, await withOwnSignal(this.signal, (signal) => this.services.jobs.retrieve(jobId, signal)));
			} catch (error) {
				this.fail(jobId, 'job', error);
			}
		});
		return wanted.flatMap((jobId) => found.get(jobId) ?? []);
	}

	private fileObject(fileId: string): Promise<FileObject> {
		let object = this.fileObjects.get(fileId);
		if (!object) {
			object = withOwnSignal(this.signal, (signal) => this.services.files.retrieve(fileId, signal));
			this.fileObjects.set(fileId, object);
		}
		return object;
	}

	/** Looks up the job's files and decides where each goes. */
	private async plan(job: FineTuningJob): Promise<JobPlan> {
		const dir = path.join(this.outDir, this.jobFolders.claim(job.id, job.id));
		const wanted: { role: FileRole; fileId: string }[] = [
			{ role: 'training', fileId: job.training_file },
			...(job.validation_file ? [{ role: 'validation' as const, fileId: job.validation_file }] : []),
			...job.result_files.map((fileId) => ({ role: 'result' as const, fileId })),
		];
		const names = new Map<FileRole, FolderNames>();
		const files: PlannedFile[] = [];
		for (const { role, fileId } of wanted) {
			try {
				const object = await this.fileObject(fileId);
				const folderNames = names.get(role) ?? new FolderNames();
				names.set(role, folderNames);
				files.push({ role, fileId, object, target: path.join(dir, ROLE_FOLDERS[role], folderNames.claim(fileId, object.filename || fileId)) });
			} catch (error) {
				this.signal?.throwIfAborted();
				files.push({ role, fileId, error: reasonOf(error) });
			}
		}
		return { job, dir, files };
	}

	/**
	 * Finds a complete copy of each file wherever the export already has one, and adds up the
	 * bytes of the files it has nowhere: those are downloaded.
	 */
	private async countBytesToDownload(plans: readonly JobPlan[]): Promise<void> {
		const sizes = new Map<string, number>();
		for (const file of plans.flatMap((plan) => plan.files)) {
			if (file.target && file.object) {
				sizes.set(file.fileId, file.object.bytes);
				if (!this.copies.has(file.fileId) && (await isComplete(file.target, file.object.bytes))) {
					this.copies.set(file.fileId, Promise.resolve(file.target));
				}
			}
		}
		for (const [fileId, bytes] of sizes) {
			if (!this.copies.has(fileId)) {
				this.bytesTotal += bytes;
			}
		}
		this.options.onProgress?.(0, this.bytesTotal);
	}

	private tell(jobId: string, target: string, outcome: ExportOutcome, bytes: number, reason?: string): void {
		if (outcome !== 'failed') {
			this.counts[outcome]++;
		}
		this.options.onItem?.({ jobId, path: this.relative(target), outcome, bytes, ...(reason === undefined ? {} : { reason }) });
	}

	private async exportJob(plan: JobPlan): Promise<void> {
		const { job, dir } = plan;
		try {
			await ensureFolder(dir);
		} catch (error) {
			this.signal?.throwIfAborted();
			this.fail(job.id, path.basename(dir), error);
			return;
		}
		// The details and the files side by side: a small file's flush to disk waits on the disk, not on the network.
		const details = async (): Promise<void> => {
			await this.writeMetadata(job, dir, 'job.json', async () => `${JSON.stringify(job, null, 2)}\n`);
			await this.writeMetadata(job, dir, 'events.jsonl', async () => {
				// The API lists newest first; a log reads oldest first.
				const events = (await withOwnSignal(this.signal, (signal) => this.services.jobs.listAllEvents(job.id, { limit: PAGE_LIMIT, signal }))).reverse();
				return events.map((event) => `${JSON.stringify(event)}\n`).join('');
			});
			await this.writeMetadata(job, dir, 'checkpoints.json', async () => {
				const checkpoints = (await withOwnSignal(this.signal, (signal) => this.services.jobs.listAllCheckpoints(job.id, { limit: PAGE_LIMIT, signal }))).reverse();
				return `${JSON.stringify(checkpoints, null, 2)}\n`;
			});
		};
		const exported = new Map<string, RecreateFile>();
		const files = async (): Promise<void> => {
			for (const file of plan.files) {
				const present = await this.exportFile(job.id, file);
				if (file.role !== 'result') {
					const relative = present && file.target ? path.relative(dir, file.target).split(path.sep).join('/') : null;
					exported.set(file.role, { path: relative, sourceId: file.fileId, filename: file.object?.filename ?? null });
				}
			}
		};
		await settleAll([details(), files()]);
		const trainingFile = exported.get('training') ?? { path: null, sourceId: job.training_file, filename: null };
		const validationFile = exported.get('validation');
		await this.writeMetadata(job, dir, RECREATE_FILE_NAME, async () => `${JSON.stringify(recreateSpecOf(job, { trainingFile, ...(validationFile ? { validationFile } : {}) }), null, 2)}\n`);
		this.finished.add(job.id);
	}

	/** Writes a small file of the job's, unless it already holds exactly that text. */
	private async writeMetadata(job: FineTuningJob, dir: string, name: string, content: () => Promise<string>): Promise<void> {
		const target = path.join(dir, name);
		try {
			this.signal?.throwIfAborted();
			const text = await content();
			const stats = await lstat(target).catch(() => undefined);
			if (stats?.isFile() && stats.size === Buffer.byteLength(text) && (await readFile(target, 'utf8')) === text) {
				this.tell(job.id, target, 'unchanged', stats.size);
				return;
			}
			// Replacing is right here: the server's current state is newer than what the last export saw.
			await writeFileSafely(target, text, { whenExists: async () => 'replace' });
			this.tell(job.id, target, 'written', Buffer.byteLength(text));
		} catch (error) {
			this.signal?.throwIfAborted();
			this.fail(job.id, this.relative(target), error);
			this.tell(job.id, target, 'failed', 0, reasonOf(error));
		}
	}

	private relative(target: string): string {
		return path.relative(this.outDir, target).split(path.sep).join('/');
	}

	/** Puts one server file in the job's folder. @returns whether it is there, complete. */
	private async exportFile(jobId: string, file: PlannedFile): Promise<boolean> {
		const { target, object } = file;
		if (!target || !object) {
			this.fail(jobId, `${file.role} file ${file.fileId}`, file.error);
			return false;
		}
		try {
			this.signal?.throwIfAborted();
			await ensureFolder(path.dirname(target));
			if (await isComplete(target, object.bytes)) {
				this.tell(jobId, target, 'skipped', object.bytes);
				return true;
			}
			// What a killed export was downloading: it holds nothing a download can go on from.
			await removeLeftoverTemporaries(target);
			const copy = this.copies.get(file.fileId);
			if (copy === undefined) {
				const downloaded = this.download(file.fileId, target, object.bytes);
				this.copies.set(file.fileId, downloaded.then((ok) => (ok ? target : undefined)));
				if (!(await downloaded)) {
					throw new Error(this.downloadErrors.get(file.fileId));
				}
				this.tell(jobId, target, 'downloaded', object.bytes);
				return true;
			}
			const source = await copy;
			if (source === undefined) {
				throw new Error(this.downloadErrors.get(file.fileId));
			}
			await linkSafely(source, target, { whenExists: async () => 'replace' });
			this.tell(jobId, target, 'linked', object.bytes);
			return true;
		} catch (error) {
			this.signal?.throwIfAborted();
			this.fail(jobId, this.relative(target), error);
			this.tell(jobId, target, 'failed', 0, reasonOf(error));
			return false;
		}
	}

	/** Downloads a file, counting its bytes into the progress. @returns whether it succeeded; the error is kept for every job that shares the file. */
	private async download(fileId: string, target: string, bytes: number): Promise<boolean> {
		let counted = 0;
		try {
			await withOwnSignal(this.signal, (signal) =>
				// A file there of another size is replaced: it is outdated, or not the export's.
				this.services.files.download(fileId, target, async () => 'replace', signal, {
					expectedBytes: bytes,
					onProgress: (received) => {
						this.bytesDownloaded += received - counted;
						counted = received;
						this.options.onProgress?.(this.bytesDownloaded, this.bytesTotal);
					},
				}),
			);
			return true;
		} catch (error) {
			// What a failed download received is not on disk, and will not be.
			this.bytesDownloaded -= counted;
			this.bytesTotal -= bytes;
			this.downloadErrors.set(fileId, reasonOf(error));
			this.signal?.throwIfAborted();
			return false;
		}
	}
}
