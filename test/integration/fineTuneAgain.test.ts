import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contributes';
import { RECREATE_FILE_NAME, recreateSpecOf } from '../../src/export/recreate';
import { createOpenAIClient } from '../../src/openai/client';
import { FilesService } from '../../src/openai/files';
import { JobsService } from '../../src/openai/jobs';
import { startEmulator, type Emulator, type RecordedRequest } from '../fixtures/openai-emulator';
import { createContractChecker } from '../fixtures/openapi/contract';
import { connectToEmulator, disconnectFromEmulator } from './emulatorConnection';
import { keyboard, screenshot } from './harness';
import { workspaceFile } from './workspace';

const API_KEY = 'sk-test-FineTuneAgainIntegration0123';
const CONNECTION = 'emu-again';
const JOB_SECONDS = 100;
const DATASET = 'support-chat.jsonl';

/** Waits until the quick input shows the wizard screen whose title has `title`. */
const screen = (title: string) => ({ waitFor: `.quick-input-widget .quick-input-title:has-text("${title}")` });
const enter = { press: 'Enter' } as const;

describe('Fine-Tune Again and Fine-Tune with This File: the wizard on files already uploaded, from the sidebar', () => {
	const checker = createContractChecker();
	let emulator: Emulator;
	let fileId: string;
	let jobId: string;

	const row = <K extends string>(key: K, id: string) => ({ connection: { name: CONNECTION, kind: 'openai', baseUrl: emulator.baseURL }, [key]: id });
	const sentSince = (start: number): RecordedRequest[] => emulator.requests.slice(start);
	const uploadsIn = (requests: readonly RecordedRequest[]): string[] =>
		requests.filter((request) => request.method === 'POST' && (request.path === '/v1/files' || request.path.startsWith('/v1/uploads'))).map((request) => request.path);
	const createdIn = (requests: readonly RecordedRequest[]): Record<string, unknown>[] =>
		requests.filter((request) => request.method === 'POST' && request.path === '/v1/fine_tuning/jobs').map((request) => request.body as Record<string, unknown>);

	before(async () => {
		emulator = await startEmulator({ clock: 'manual', jobSeconds: JOB_SECONDS });
		await connectToEmulator(emulator, CONNECTION, API_KEY);
		// A job made elsewhere with settings of its own; it runs to the end, so they are resolved.
		const client = createOpenAIClient({ apiKey: API_KEY, baseURL: emulator.baseURL });
		fileId = (await new FilesService(client).upload(workspaceFile(`datasets/${DATASET}`).fsPath, { purpose: 'fine-tune' })).id;
		const jobs = new JobsService(client);
		jobId = (
			await jobs.create({
				trainingFile: fileId,
				model: 'gpt-4o-mini-2024-07-18',
				method: 'supervised',
				hyperparameters: { n_epochs: 2, batch_size: 4, learning_rate_multiplier: 0.5 },
				suffix: 'support-bot',
				seed: 7,
				metadata: { dataset: DATASET, team: 'support' },
			})
		).id;
		emulator.advance(JOB_SECONDS * 1000);
		assert.equal((await jobs.retrieve(jobId)).status, 'succeeded');
	});

	afterEach(async () => {
		await vscode.commands.executeCommand('notifications.clearAll');
	});

	after(async () => {
		await disconnectFromEmulator(CONNECTION);
		await emulator.close();
	});

	it("runs a job again from its row: Enter through the filled-in wizard creates the same job on the same file, with nothing uploaded", async () => {
		const start = emulator.requests.length;
		const created = vscode.commands.executeCommand<string | undefined>(COMMANDS.fineTuneAgain, row('jobId', jobId));
		await keyboard(screen(`Fine-Tune ${DATASET}: Model`), enter, screen('Method'), enter, screen('Validation Data'), enter);
		// The job's custom hyperparameters, each offered again as it was.
		await keyboard(screen('Hyperparameters'), enter, screen('Epochs'), enter);
		await keyboard(screen('Batch Size'), enter, screen('Learning Rate Multiplier'), enter);
		await keyboard(screen('Model Name Suffix'), enter, screen('Seed'), enter, screen('Review'));
		await keyboard(
			{ waitFor: '.quick-input-list .monaco-list-row:has-text("Hyperparameters"):has-text("epochs 2 · batch size 4 · learning rate × 0.5")' },
			{ waitFor: '.quick-input-list .monaco-list-row:has-text("Suffix"):has-text("support-bot")' },
			{ waitFor: `.quick-input-list .monaco-list-row:has-text("Uploaded file ${fileId}")` },
		);
		await screenshot('fine-tune-again-review');
		await keyboard(enter);
		const againId = await created;
		assert.match(againId ?? '', /^ftjob-/);
		assert.notEqual(againId, jobId);

		const sent = sentSince(start);
		assert.deepEqual(uploadsIn(sent), [], 'no file was uploaded');
		const [body, ...more] = createdIn(sent);
		assert.equal(more.length, 0);
		assert.deepEqual(
			{ model: body?.['model'], training_file: body?.['training_file'], validation_file: body?.['validation_file'], suffix: body?.['suffix'], seed: body?.['seed'], metadata: body?.['metadata'], method: body?.['method'] },
			{
				model: 'gpt-4o-mini-2024-07-18',
				training_file: fileId,
				validation_file: undefined,
				suffix: 'support-bot',
				seed: 7,
				metadata: { dataset: DATASET, team: 'support' },
				method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 2, batch_size: 4, learning_rate_multiplier: 0.5 } } },
			},
		);
		assert.deepEqual(
			sent.flatMap((request) => checker.checkRequest(request.method, request.path, request.contentType, request.body)),
			[],
		);
	});

	it('fine-tunes an uploaded file from its Files row: the wizard starts fresh, and the job trains on that file by id', async () => {
		const start = emulator.requests.length;
		const created = vscode.commands.executeCommand<string | undefined>(COMMANDS.fineTuneFile, row('fileId', fileId));
		await keyboard(screen(`Fine-Tune ${DATASET}: Model`), enter, screen('Method'), { type: 'Supervised' }, enter, screen('Validation Data'), enter);
		await keyboard(screen('Hyperparameters'), enter, screen('Model Name Suffix'), { type: 'from-files' }, enter, screen('Seed'), enter, screen('Review'));
		await keyboard({ waitFor: `.quick-input-list .monaco-list-row:has-text("Uploaded file ${fileId}")` });
		await keyboard(enter);
		assert.match((await created) ?? '', /^ftjob-/);

		const sent = sentSince(start);
		assert.deepEqual(uploadsIn(sent), [], 'no file was uploaded');
		const [body] = createdIn(sent);
		assert.deepEqual(
			{ model: body?.['model'], training_file: body?.['training_file'], suffix: body?.['suffix'], metadata: body?.['metadata'], method: body?.['method'] },
			{ model: 'gpt-4o-mini-2024-07-18', training_file: fileId, suffix: 'from-files', metadata: { dataset: DATASET }, method: { type: 'supervised', supervised: {} } },
		);
	});

	it('runs an exported job again from its recreate.json: the same settings, with the exported file linted and uploaded anew', async () => {
		const folder = workspaceFile('exported-job');
		const job = await new JobsService(createOpenAIClient({ apiKey: API_KEY, baseURL: emulator.baseURL })).retrieve(jobId);
		const spec = recreateSpecOf(job, { trainingFile: { path: `training/${DATASET}`, sourceId: fileId, filename: DATASET } });
		await vscode.workspace.fs.copy(workspaceFile(`datasets/${DATASET}`), vscode.Uri.joinPath(folder, 'training', DATASET));
		const recreate = vscode.Uri.joinPath(folder, RECREATE_FILE_NAME);
		await vscode.workspace.fs.writeFile(recreate, Buffer.from(JSON.stringify(spec, null, 2)));
		try {
			const start = emulator.requests.length;
			const created = vscode.commands.executeCommand<string | undefined>(COMMANDS.fineTuneFile, recreate);
			await keyboard(screen(`Fine-Tune ${DATASET}: Model`), enter, screen('Method'), enter, screen('Validation Data'), enter);
			await keyboard(screen('Hyperparameters'), enter, screen('Epochs'), enter, screen('Batch Size'), enter, screen('Learning Rate Multiplier'), enter);
			await keyboard(screen('Model Name Suffix'), enter, screen('Seed'), enter, screen('Review'), { waitFor: '.quick-input-list .monaco-list-row:has-text("Estimated cost")' }, enter);
			assert.match((await created) ?? '', /^ftjob-/);

			const sent = sentSince(start);
			assert.deepEqual(uploadsIn(sent), ['/v1/files'], 'the exported file, uploaded again');
			const [body] = createdIn(sent);
			assert.notEqual(body?.['training_file'], fileId);
			assert.deepEqual(
				{ model: body?.['model'], suffix: body?.['suffix'], seed: body?.['seed'], metadata: body?.['metadata'], method: body?.['method'] },
				{
					model: 'gpt-4o-mini-2024-07-18',
					suffix: 'support-bot',
					seed: 7,
					metadata: { dataset: DATASET, team: 'support' },
					method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 2, batch_size: 4, learning_rate_multiplier: 0.5 } } },
				},
			);
		} finally {
			await vscode.workspace.fs.delete(folder, { recursive: true });
		}
	});
});
