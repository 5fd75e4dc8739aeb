import { lstat, readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Emulator } from '../../fixtures/openai-emulator';
import { FilesService } from '../../../src/openai/files';
import { JobsService } from '../../../src/openai/jobs';
import { chatDataset, largeChatDataset, writeScratchFile, type EmulatorFixture } from '../openai/emulatorHarness';

const JOB_MS = 60_000;

/** Three finished jobs: two share a large training file, one of them has a validation file too. */
export interface SeededJobs {
	/** Newest first, as the API lists them. */
	readonly jobIds: readonly string[];
	readonly sharedTrainingId: string;
	readonly validationId: string;
	/** Every file of the jobs (training, validation, results) by id, as the emulator serves it. */
	readonly contents: ReadonlyMap<string, Buffer>;
}

/** Uploads the files, creates the jobs and runs them to success on the emulator's manual clock. */
export async function seedJobs(fixture: EmulatorFixture): Promise<SeededJobs> {
	const files = new FilesService(fixture.client);
	const jobs = new JobsService(fixture.client);
	const upload = async (name: string, content: string) => (await files.upload(await writeScratchFile(fixture, name, content))).id;
	// Large enough to arrive in many chunks, so an abort or a cut lands mid-file.
	const sharedTrainingId = await upload('shared.jsonl', largeChatDataset(3 * 1024 * 1024));
	const validationId = await upload('validation.jsonl', chatDataset(4));
	const otherTrainingId = await upload('other.jsonl', chatDataset(20));
	const created = [
		await jobs.create({ method: 'supervised', model: 'gpt-4o-mini-2024-07-18', trainingFile: sharedTrainingId, validationFile: validationId, suffix: 'first', seed: 7, metadata: { dataset: 'shared.jsonl' } }),
		await jobs.create({ method: 'supervised', model: 'gpt-4o-mini-2024-07-18', trainingFile: sharedTrainingId, hyperparameters: { n_epochs: 1 } }),
		await jobs.create({ method: 'supervised', model: 'gpt-4.1-mini-2025-04-14', trainingFile: otherTrainingId }),
	];
	fixture.emulator.advance(JOB_MS);
	const contents = new Map<string, Buffer>();
	for (const job of created) {
		const finished = await jobs.retrieve(job.id);
		for (const fileId of [finished.training_file, finished.validation_file, ...finished.result_files]) {
			if (fileId && !contents.has(fileId)) {
				contents.set(fileId, await files.readContent(fileId));
			}
		}
	}
	return { jobIds: created.map((job) => job.id).reverse(), sharedTrainingId, validationId, contents };
}

/** The file-content downloads the emulator served since request number `since`, by file id. */
export function contentGets(emulator: Emulator, since = 0): string[] {
	return emulator.requests
		.slice(since)
		.flatMap((request) => (request.method === 'GET' ? (/^\/v1\/files\/([^/]+)\/content$/.exec(request.path)?.[1] ?? []) : []));
}

/** Every file below `dir` (relative paths, `/` separated), sorted. */
export async function filesBelow(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { recursive: true, withFileTypes: true });
	return entries
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
		.sort();
}

/** The bytes of every file below `dir`, by relative path. */
export async function readAllBelow(dir: string): Promise<Map<string, Buffer>> {
	const result = new Map<string, Buffer>();
	for (const file of await filesBelow(dir)) {
		result.set(file, await readFile(path.join(dir, file)));
	}
	return result;
}

/** The inode of a file, to tell a hard link from a copy. */
export async function inodeOf(file: string): Promise<number> {
	return (await lstat(file)).ino;
}
