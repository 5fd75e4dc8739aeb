import * as assert from 'node:assert/strict';
import { ApiError } from '../../../src/openai/errors';
import { FilesService } from '../../../src/openai/files';
import { JobsService } from '../../../src/openai/jobs';
import { chatDataset, preferenceDataset, reinforcementDataset, useEmulator, writeScratchFile, type EmulatorFixture } from './emulatorHarness';

const JOB_MS = 20_000;

function jobCreations(fixture: EmulatorFixture) {
	return fixture.emulator.requests.filter((request) => request.method === 'POST' && /\/fine_tuning\/jobs$/.test(request.path));
}

describe('openai JobsService (emulator)', () => {
	const fixture = useEmulator();
	let jobs: JobsService;
	let chatFile: string;
	let validationFile: string;
	let preferenceFile: string;
	let reinforcementFile: string;

	before(async () => {
		const files = new FilesService(fixture().client);
		const upload = async (name: string, content: string) => (await files.upload(await writeScratchFile(fixture(), name, content))).id;
		chatFile = await upload('chat.jsonl', chatDataset(12));
		validationFile = await upload('validation.jsonl', chatDataset(3));
		preferenceFile = await upload('preference.jsonl', preferenceDataset(12));
		reinforcementFile = await upload('reinforcement.jsonl', reinforcementDataset(12));
		jobs = new JobsService(fixture().client);
	});

	it('creates a supervised job with hyperparameters under method.supervised', async () => {
		const job = await jobs.create({
			method: 'supervised',
			model: 'gpt-4o-mini-2024-07-18',
			trainingFile: chatFile,
			validationFile,
			suffix: 'support',
			seed: 42,
			metadata: { dataset: 'chat.jsonl' },
			hyperparameters: { n_epochs: 2, batch_size: 1, learning_rate_multiplier: 0.5 },
		});
		assert.match(job.id, /^ftjob-/);
		assert.deepEqual(jobCreations(fixture()).at(-1)?.body, {
			model: 'gpt-4o-mini-2024-07-18',
			training_file: chatFile,
			validation_file: validationFile,
			suffix: 'support',
			seed: 42,
			metadata: { dataset: 'chat.jsonl' },
			method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 2, batch_size: 1, learning_rate_multiplier: 0.5 } } },
		});
	});

	it('creates a DPO job with beta', async () => {
		const job = await jobs.create({ method: 'dpo', model: 'gpt-4.1-mini-2025-04-14', trainingFile: preferenceFile, hyperparameters: { beta: 0.1 } });
		assert.equal(job.method?.type, 'dpo');
		assert.deepEqual(jobCreations(fixture()).at(-1)?.body, {
			model: 'gpt-4.1-mini-2025-04-14',
			training_file: preferenceFile,
			method: { type: 'dpo', dpo: { hyperparameters: { beta: 0.1 } } },
		});
	});

	it('creates a reinforcement job with its grader', async () => {
		const grader = { type: 'string_check', name: 'exact answer', input: '{{sample.output_text}}', reference: '{{item.answer}}', operation: 'eq' } as const;
		const job = await jobs.create({ method: 'reinforcement', model: 'o4-mini-2025-04-16', trainingFile: reinforcementFile, grader, hyperparameters: { reasoning_effort: 'low' } });
		assert.equal(job.method?.type, 'reinforcement');
		assert.deepEqual(jobCreations(fixture()).at(-1)?.body, {
			model: 'o4-mini-2025-04-16',
			training_file: reinforcementFile,
			method: { type: 'reinforcement', reinforcement: { grader, hyperparameters: { reasoning_effort: 'low' } } },
		});
	});

	it('lists jobs page by page', async () => {
		const first = await jobs.list({ limit: 2 });
		assert.equal(first.items.length, 2);
		assert.equal(first.hasMore, true);
		const second = await jobs.list({ limit: 2, after: first.nextCursor });
		assert.ok(second.items.length >= 1);
		assert.equal(second.items.some((job) => first.items.some((seen) => seen.id === job.id)), false);
	});

	it('pauses and resumes a running job, then lists its events in pages and its checkpoints', async () => {
		const { emulator } = fixture();
		const job = await jobs.create({ method: 'supervised', model: 'gpt-4o-mini-2024-07-18', trainingFile: chatFile, hyperparameters: { n_epochs: 3 } });
		emulator.advance(JOB_MS * 0.5);
		assert.equal((await jobs.retrieve(job.id)).status, 'running');

		assert.equal((await jobs.pause(job.id)).status, 'paused');
		emulator.advance(JOB_MS);
		assert.equal((await jobs.retrieve(job.id)).status, 'paused', 'a paused job does not progress');
		assert.equal((await jobs.resume(job.id)).status, 'running');
		emulator.advance(JOB_MS);
		assert.equal((await jobs.retrieve(job.id)).status, 'succeeded');

		const all = await jobs.listAllEvents(job.id, { limit: 3 });
		assert.ok(all.length > 6, `only ${all.length} events`);
		const paged = [];
		let cursor: string | undefined;
		do {
			const page = await jobs.listEvents(job.id, { limit: 3, after: cursor });
			paged.push(...page.items);
			cursor = page.nextCursor;
		} while (cursor);
		assert.deepEqual(paged.map((event) => event.id), all.map((event) => event.id));
		assert.ok(all.some((event) => event.message === 'Fine-tuning job paused'));
		assert.ok(all.some((event) => event.message === 'Fine-tuning job resumed'));

		const checkpoints = await jobs.listCheckpoints(job.id);
		assert.ok(checkpoints.items.length > 0);
		assert.ok(checkpoints.items.every((checkpoint) => checkpoint.fine_tuning_job_id === job.id));
	});

	it('cancels a job, and maps refusing to cancel it twice', async () => {
		const job = await jobs.create({ method: 'supervised', model: 'gpt-4o-mini-2024-07-18', trainingFile: chatFile });
		assert.equal((await jobs.cancel(job.id)).status, 'cancelled');
		await assert.rejects(jobs.cancel(job.id), (error) => ApiError.is(error, 'invalid-request'));
	});

	it('creates exactly one job when the first try is rate limited', async () => {
		const { emulator } = fixture();
		const before = (await jobs.list({ limit: 100 })).items.length;
		const triesBefore = jobCreations(fixture()).length;
		emulator.addFault({ route: 'POST /v1/fine_tuning/jobs', kind: 'status-429', times: 1, retryAfterSeconds: 0 });

		await jobs.create({ method: 'supervised', model: 'gpt-4o-mini-2024-07-18', trainingFile: chatFile });

		assert.equal(jobCreations(fixture()).length - triesBefore, 2, 'retried once');
		assert.equal((await jobs.list({ limit: 100 })).items.length, before + 1);
	});

	it('does not retry a job creation that may have reached OpenAI (a 500), so it cannot start two jobs', async () => {
		const { emulator } = fixture();
		const triesBefore = jobCreations(fixture()).length;
		emulator.addFault({ route: 'POST /v1/fine_tuning/jobs', kind: 'status-500' });

		await assert.rejects(jobs.create({ method: 'supervised', model: 'gpt-4o-mini-2024-07-18', trainingFile: chatFile }), (error) => ApiError.is(error, 'server'));

		assert.equal(jobCreations(fixture()).length - triesBefore, 1);
	});

	it('maps an unknown job to not-found', async () => {
		await assert.rejects(jobs.retrieve('ftjob-doesnotexist'), (error) => ApiError.is(error, 'not-found'));
	});

	it('reports an invalid training file as a failed job with the reason', async () => {
		const { emulator } = fixture();
		const tooSmall = (await new FilesService(fixture().client).upload(await writeScratchFile(fixture(), 'too-small.jsonl', chatDataset(3)))).id;
		const job = await jobs.create({ method: 'supervised', model: 'gpt-4o-mini-2024-07-18', trainingFile: tooSmall });
		emulator.advance(JOB_MS);
		const failed = await jobs.retrieve(job.id);
		assert.equal(failed.status, 'failed');
		assert.equal(failed.error?.code, 'invalid_training_file');
	});
});
