import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { exportJobs, type ExportItem, type ExportOptions, type ExportServices } from '../../../src/export/exportJobs';
import { parseRecreateSpec } from '../../../src/export/recreate';
import { FilesService } from '../../../src/openai/files';
import { JobsService } from '../../../src/openai/jobs';
import { chatDataset, useEmulator, type EmulatorFixture } from '../openai/emulatorHarness';
import { contentGets, filesBelow, inodeOf, readAllBelow, seedJobs, type SeededJobs } from './exportFixture';

function servicesOf(fixture: EmulatorFixture): ExportServices {
	return { jobs: new JobsService(fixture.client), files: new FilesService(fixture.client) };
}

/** The relative paths every seeded job's folder must end up with, and the bytes the server has for them. */
async function expectedFiles(fixture: EmulatorFixture, seeded: SeededJobs): Promise<Map<string, Buffer>> {
	const jobs = new JobsService(fixture.client);
	const files = new FilesService(fixture.client);
	const expected = new Map<string, Buffer>();
	for (const jobId of seeded.jobIds) {
		const job = await jobs.retrieve(jobId);
		const place = async (folder: string, fileId: string) => expected.set(`${jobId}/${folder}/${(await files.retrieve(fileId)).filename}`, seeded.contents.get(fileId) as Buffer);
		await place('training', job.training_file);
		if (job.validation_file) {
			await place('validation', job.validation_file);
		}
		for (const fileId of job.result_files) {
			await place('results', fileId);
		}
	}
	return expected;
}

/** Checks that every downloaded file is there and equal to the server's, and that nothing else but the job details is. */
async function assertExportEqual(outDir: string, expected: ReadonlyMap<string, Buffer>, jobIds: readonly string[]): Promise<void> {
	const written = await readAllBelow(outDir);
	const details = jobIds.flatMap((jobId) => ['job.json', 'events.jsonl', 'checkpoints.json', 'recreate.json'].map((name) => `${jobId}/${name}`));
	assert.deepEqual([...written.keys()].sort(), [...expected.keys(), ...details].sort());
	for (const [file, bytes] of expected) {
		assert.ok(written.get(file)?.equals(bytes), `${file} differs from the emulator's`);
	}
}

describe('export (emulator)', () => {
	const fixture = useEmulator();
	let seeded: SeededJobs;
	let expected: Map<string, Buffer>;
	let scratch: string;

	before(async () => {
		seeded = await seedJobs(fixture());
		expected = await expectedFiles(fixture(), seeded);
		scratch = await mkdtemp(path.join(fixture().scratchDir, 'exports-'));
	});

	async function run(outDir: string, options: Partial<ExportOptions> = {}) {
		const items: ExportItem[] = [];
		const since = fixture().emulator.requests.length;
		const summary = await exportJobs(servicesOf(fixture()), { outDir, onItem: (item) => items.push(item), ...options });
		return { summary, items, downloads: contentGets(fixture().emulator, since) };
	}

	it('exports every job: its object, all its events oldest first, checkpoints, results, training and validation files equal to the emulator\'s, and recreate.json', async () => {
		const outDir = path.join(scratch, 'full');
		const progress: [number, number][] = [];
		const { summary } = await run(outDir, { onProgress: (done, total) => progress.push([done, total]) });

		assert.deepEqual(summary.failures, []);
		assert.equal(summary.jobs, 3);
		assert.equal(summary.jobsComplete, 3);
		await assertExportEqual(outDir, expected, seeded.jobIds);

		const jobs = new JobsService(fixture().client);
		for (const jobId of seeded.jobIds) {
			assert.deepEqual(JSON.parse(await readFile(path.join(outDir, jobId, 'job.json'), 'utf8')), JSON.parse(JSON.stringify(await jobs.retrieve(jobId))));
			const events = (await readFile(path.join(outDir, jobId, 'events.jsonl'), 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as { id: string });
			assert.deepEqual(events.map((event) => event.id), (await jobs.listAllEvents(jobId, { limit: 100 })).map((event) => event.id).reverse());
			const checkpoints = JSON.parse(await readFile(path.join(outDir, jobId, 'checkpoints.json'), 'utf8')) as { step_number: number }[];
			assert.ok(checkpoints.length > 0);
			assert.deepEqual(checkpoints.map((checkpoint) => checkpoint.step_number), checkpoints.map((checkpoint) => checkpoint.step_number).sort((a, b) => a - b), 'oldest first');
		}
		const firstJob = seeded.jobIds.at(-1) as string;
		const events = await readFile(path.join(outDir, firstJob, 'events.jsonl'), 'utf8');
		assert.ok(events.split('\n').length > 100, 'the events of several pages');

		const spec = parseRecreateSpec(await readFile(path.join(outDir, firstJob, 'recreate.json'), 'utf8'));
		const job = await jobs.retrieve(firstJob);
		assert.deepEqual(
			{ ...spec, hyperparameters: undefined },
			{
				format: 'finetune-studio.recreate',
				version: 1,
				source: { jobId: firstJob, status: 'succeeded', fineTunedModel: job.fine_tuned_model, createdAt: job.created_at },
				model: 'gpt-4o-mini-2024-07-18',
				method: 'supervised',
				hyperparameters: undefined,
				trainingFile: { path: 'training/shared.jsonl', sourceId: seeded.sharedTrainingId, filename: 'shared.jsonl' },
				validationFile: { path: 'validation/validation.jsonl', sourceId: seeded.validationId, filename: 'validation.jsonl' },
				suffix: 'first',
				seed: 7,
				metadata: { dataset: 'shared.jsonl' },
			},
		);
		assert.deepEqual(Object.keys(spec.hyperparameters).sort(), ['batch_size', 'learning_rate_multiplier', 'n_epochs']);
		assert.ok(Object.values(spec.hyperparameters).every((value) => typeof value === 'number'), 'as resolved, not auto');

		const total = [...seeded.contents.values()].reduce((sum, bytes) => sum + bytes.length, 0);
		assert.deepEqual(progress.at(-1), [total, total]);
		assert.ok(progress.every(([done], index) => index === 0 || done >= (progress[index - 1] as [number, number])[0]), 'progress only grows');
		assert.equal(summary.bytesDownloaded, total);
	});

	it('downloads a training file that two jobs share once, and links it into both folders', async () => {
		const outDir = path.join(scratch, 'shared');
		const { summary, downloads } = await run(outDir);

		assert.deepEqual(downloads.filter((fileId) => fileId === seeded.sharedTrainingId), [seeded.sharedTrainingId]);
		assert.deepEqual([...downloads].sort(), [...seeded.contents.keys()].sort(), 'every file once');
		assert.equal(summary.linked, 1);
		const [second, first] = seeded.jobIds.slice(1).map((jobId) => path.join(outDir, jobId, 'training', 'shared.jsonl')) as [string, string];
		assert.deepEqual(await readFile(second), await readFile(first));
		assert.equal(await inodeOf(second), await inodeOf(first), 'a hard link: the bytes are on disk once');
	});

	it('downloads nothing on a second run over the same folder, and rewrites nothing', async () => {
		const outDir = path.join(scratch, 'twice');
		await run(outDir);
		const { summary, items, downloads } = await run(outDir);

		assert.deepEqual(downloads, []);
		assert.deepEqual(summary.failures, []);
		assert.deepEqual({ downloaded: summary.downloaded, linked: summary.linked, written: summary.written, bytes: summary.bytesDownloaded }, { downloaded: 0, linked: 0, written: 0, bytes: 0 });
		assert.deepEqual(new Set(items.map((item) => item.outcome)), new Set(['skipped', 'unchanged']));
		await assertExportEqual(outDir, expected, seeded.jobIds);
	});

	it('cancelled mid-download, leaves no partial file; the next run downloads only what was missing and ends equal to the emulator\'s', async () => {
		const outDir = path.join(scratch, 'cancelled');
		const controller = new AbortController();
		const first = await run(outDir, { signal: controller.signal, concurrency: 1, onProgress: (done) => (done > 1024 * 1024 ? controller.abort() : undefined) });

		assert.equal(first.summary.cancelled, true);
		assert.deepEqual(first.summary.failures, [], 'a cancellation is not a failure');
		const left = await filesBelow(outDir);
		assert.deepEqual(left.filter((file) => file.endsWith('.tmp')), [], 'no temporary file left');
		for (const file of left) {
			const bytes = expected.get(file);
			assert.ok(bytes === undefined || (await readFile(path.join(outDir, file))).equals(bytes), `${file} is whole`);
		}
		const missing = new Set([...expected].filter(([file]) => !left.includes(file)).map(([, bytes]) => [...seeded.contents].find(([, content]) => content === bytes)?.[0]));
		assert.ok(missing.has(seeded.sharedTrainingId), 'the interrupted download is missing');

		const second = await run(outDir);
		assert.deepEqual(second.summary.failures, []);
		assert.deepEqual([...second.downloads].sort(), [...missing].sort(), 'only what was missing is downloaded');
		await assertExportEqual(outDir, expected, seeded.jobIds);
	});

	it('a download cut off by a dropped connection is not kept: that file fails alone, the rest is exported, and the next run completes it', async () => {
		const outDir = path.join(scratch, 'dropped');
		fixture().emulator.addFault({ route: `GET /v1/files/${seeded.sharedTrainingId}/content`, kind: 'drop-mid-response' });
		const first = await run(outDir);

		const sharedFolders = seeded.jobIds.slice(1);
		assert.deepEqual(
			first.summary.failures.map((failure) => [failure.jobId, failure.item]).sort(),
			sharedFolders.map((jobId) => [jobId, `${jobId}/training/shared.jsonl`]).sort(),
			'both jobs that share the file say so',
		);
		assert.match(first.summary.failures[0]?.reason ?? '', /broke off after \d+ of \d+ bytes/);
		assert.equal(first.summary.jobsComplete, 1);
		assert.deepEqual(first.downloads.filter((fileId) => fileId === seeded.sharedTrainingId).length, 1, 'not downloaded again for the second job');
		const left = await filesBelow(outDir);
		assert.ok(!left.some((file) => file.endsWith('shared.jsonl') || file.endsWith('.tmp')), left.join('\n'));
		const spec = parseRecreateSpec(await readFile(path.join(outDir, sharedFolders[0] as string, 'recreate.json'), 'utf8'));
		assert.equal(spec.trainingFile.path, null, 'recreate.json does not point at a file that is not there');

		const second = await run(outDir);
		assert.deepEqual(second.summary.failures, []);
		assert.deepEqual(second.downloads, [seeded.sharedTrainingId]);
		await assertExportEqual(outDir, expected, seeded.jobIds);
		const resumed = parseRecreateSpec(await readFile(path.join(outDir, sharedFolders[0] as string, 'recreate.json'), 'utf8'));
		assert.equal(resumed.trainingFile.path, 'training/shared.jsonl');
	});

	it('replaces a file of the wrong size, which no complete download leaves', async () => {
		const outDir = path.join(scratch, 'truncated');
		await run(outDir);
		const cut = path.join(outDir, seeded.jobIds[0] as string, 'training', 'other.jsonl');
		const whole = await readFile(cut);
		await writeFile(cut, whole.subarray(0, 100));
		const { downloads } = await run(outDir);
		assert.equal(downloads.length, 1);
		assert.deepEqual(await readFile(cut), whole);
	});

	it('removes what a killed export left half downloaded, and nothing else', async () => {
		const outDir = path.join(scratch, 'killed');
		await run(outDir);
		const folder = path.join(outDir, seeded.jobIds[0] as string, 'training');
		await rm(path.join(folder, 'other.jsonl'));
		// What the safe writer had under way when its process was killed, and a user's file that only looks alike.
		await writeFile(path.join(folder, '.other.jsonl.0123456789ab.tmp'), 'half');
		await writeFile(path.join(folder, '.other.jsonl.notes.tmp'), 'mine');
		const { downloads } = await run(outDir);
		assert.equal(downloads.length, 1);
		assert.deepEqual((await filesBelow(folder)).sort(), ['.other.jsonl.notes.tmp', 'other.jsonl']);
	});

	it('exports the named jobs only, and lists one that does not exist without stopping the others', async () => {
		const outDir = path.join(scratch, 'named');
		const wanted = seeded.jobIds[0] as string;
		const { summary } = await run(outDir, { jobIds: [wanted, 'ftjob-doesnotexist', wanted] });

		assert.equal(summary.jobs, 1);
		assert.equal(summary.jobsComplete, 1);
		assert.deepEqual(summary.failures.map((failure) => [failure.jobId, failure.item]), [['ftjob-doesnotexist', 'job']]);
		assert.match(summary.failures[0]?.reason ?? '', /Not found/);
		assert.deepEqual((await filesBelow(outDir)).map((file) => file.split('/')[0]).filter((name, index, all) => all.indexOf(name) === index), [wanted]);
	});

	it('lists a training file deleted from the server, and exports the rest of that job', async () => {
		const { client, emulator } = fixture();
		const files = new FilesService(client);
		const jobs = new JobsService(client);
		const uploaded = await emulator.addFile('gone.jsonl', 'fine-tune', chatDataset(20));
		const job = await jobs.create({ method: 'supervised', model: 'gpt-4o-mini-2024-07-18', trainingFile: uploaded.id });
		emulator.advance(60_000);
		await files.delete(uploaded.id);
		const outDir = path.join(scratch, 'deleted');

		const { summary } = await run(outDir, { jobIds: [job.id] });

		assert.deepEqual(summary.failures.map((failure) => [failure.jobId, failure.item]), [[job.id, `training file ${uploaded.id}`]]);
		assert.match(summary.failures[0]?.reason ?? '', /Not found/);
		const left = await filesBelow(outDir);
		assert.deepEqual(left.filter((file) => !file.includes('/results/')), ['checkpoints.json', 'events.jsonl', 'job.json', 'recreate.json'].map((name) => `${job.id}/${name}`));
		assert.ok(left.some((file) => file.startsWith(`${job.id}/results/`)), 'the result file is exported');
		await rm(outDir, { recursive: true, force: true });
	});
});
