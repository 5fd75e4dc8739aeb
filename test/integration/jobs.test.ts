import * as assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contributes';
import { splitPaths } from '../../src/jobs/split';
import { createOpenAIClient } from '../../src/openai/client';
import { FilesService } from '../../src/openai/files';
import { JobsService } from '../../src/openai/jobs';
import { ModelsService } from '../../src/openai/models';
import { startEmulator, type Emulator, type RecordedRequest } from '../fixtures/openai-emulator';
import { createContractChecker } from '../fixtures/openapi/contract';
import { keyboard, log, screenshot } from './harness';
import { pressNotificationButton, showsNotification } from './notifications';
import { answerWizardUpToReview, screen } from './wizard';
import { workspaceFile } from './workspace';

const API_KEY = 'sk-test-FineTuneStudioIntegration0123';


/** Resolves when error diagnostics of `uri` are published: the upload's lint has refused the file. */
function errorsPublished(uri: vscode.Uri): Promise<void> {
	return new Promise((resolve) => {
		const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
			const hasErrors = vscode.languages.getDiagnostics(uri).some((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error);
			if (hasErrors && event.uris.some((changed) => changed.toString() === uri.toString())) {
				subscription.dispose();
				resolve();
			}
		});
	});
}


describe('Jobs: API key, upload and the fine-tune wizard against the emulator', () => {
	const settings = () => vscode.workspace.getConfiguration('finetuneStudio');
	const checker = createContractChecker();
	const dataset = workspaceFile('datasets/support-chat.jsonl');
	let emulator: Emulator;
	let checkedUpTo = 0;

	const requestsSince = (start: number, method: string, path: string): RecordedRequest[] =>
		emulator.requests.slice(start).filter((request) => request.method === method && request.path === path);

	before(async () => {
		emulator = await startEmulator({ clock: 'manual' });
		await settings().update('connections', [{ name: 'Emulator', kind: 'openai', baseUrl: emulator.baseURL }], vscode.ConfigurationTarget.Global);
	});

	afterEach(async () => {
		// Every request the extension sent must be one OpenAI's API description allows.
		const problems = emulator.requests.slice(checkedUpTo).flatMap((request) => checker.checkRequest(request.method, request.path, request.contentType, request.body));
		log(`    checked ${emulator.requests.length - checkedUpTo} requests against the OpenAPI contract`);
		checkedUpTo = emulator.requests.length;
		await vscode.commands.executeCommand('notifications.clearAll');
		assert.deepEqual(problems, []);
	});

	after(async () => {
		await vscode.commands.executeCommand(COMMANDS.clearApiKey);
		await vscode.commands.executeCommand('notifications.clearAll');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await settings().update('connections', undefined, vscode.ConfigurationTarget.Global);
		const { trainingPath, validationPath } = splitPaths(dataset.fsPath);
		await Promise.all([rm(trainingPath, { force: true }), rm(validationPath, { force: true })]);
		await emulator.close();
	});

	it('checks a key before storing it: a rejected key is not stored, a good one is', async () => {
		const start = emulator.requests.length;
		assert.equal(await vscode.commands.executeCommand(COMMANDS.setApiKey, 'not-a-key'), false);
		assert.equal(await vscode.commands.executeCommand(COMMANDS.setApiKey, API_KEY), true);
		assert.equal(requestsSince(start, 'GET', '/v1/models').length, 2, 'each key is tried with a model list');
	});

	it('refuses to upload a dataset with lint errors, unless "Upload Anyway" is chosen', async () => {
		const broken = workspaceFile('datasets/broken.jsonl');
		const start = emulator.requests.length;
		let published = errorsPublished(broken);
		const refused = vscode.commands.executeCommand<string | undefined>(COMMANDS.uploadFile, broken);
		await published;
		await showsNotification('broken.jsonl has');
		assert.equal(requestsSince(start, 'POST', '/v1/files').length, 0);
		await vscode.commands.executeCommand('notifications.clearAll');
		assert.equal(await refused, undefined);
		// Only the connection's capability probe (two reads, once per session and key) may have gone out.
		assert.deepEqual(
			emulator.requests.slice(start).map((request) => `${request.method} ${request.path}`).filter((sent) => !['GET /v1/fine_tuning/jobs', 'GET /v1/models'].includes(sent)),
			[],
			'no data reached the server',
		);

		published = errorsPublished(broken);
		const uploaded = vscode.commands.executeCommand<string | undefined>(COMMANDS.uploadFile, broken);
		await published;
		await pressNotificationButton('broken.jsonl has', 'Upload Anyway');
		await vscode.commands.executeCommand('notifications.hideList');
		const fileId = await uploaded;
		assert.match(fileId ?? '', /^file-/);
		const uploads = requestsSince(start, 'POST', '/v1/files');
		assert.equal(uploads.length, 1);
		assert.deepEqual(uploads[0]?.body, { purpose: 'fine-tune', file: 'broken.jsonl' });
	});

	it('fine-tunes a valid dataset through every wizard step, answered by typing, and the job succeeds', async () => {
		const start = emulator.requests.length;
		const created = vscode.commands.executeCommand<string | undefined>(COMMANDS.fineTuneFile, dataset);
		// 1/7 the target model setting (gpt-4o-mini) is preselected.
		await keyboard(screen('Model'));
		await screenshot('fine-tune-wizard');
		await keyboard({ press: 'Enter' }, screen('Method'), { type: 'Supervised' }, { press: 'Enter' });
		// 3/7 split 10 % off: 1 of the 12 examples.
		await keyboard(screen('Validation Data'), { type: 'Split off' }, { press: 'Enter' }, screen('Validation Share'), { type: '10' }, { press: 'Enter' });
		// 4/7 custom hyperparameters; an out-of-range epoch count is refused with a message first.
		await keyboard(screen('Hyperparameters'), { type: 'Custom' }, { press: 'Enter' }, screen('Epochs'), { type: '99' }, { press: 'Enter' });
		await keyboard({ waitFor: '.quick-input-message:has-text("from 1 to 50")' });
		await screenshot('fine-tune-wizard-validation');
		await keyboard({ press: 'Backspace' }, { press: 'Backspace' }, { type: '3' }, { press: 'Enter' });
		await keyboard(screen('Batch Size'), { press: 'Enter' }, screen('Learning Rate Multiplier'), { type: '0.5' }, { press: 'Enter' });
		await keyboard(screen('Model Name Suffix'), { type: 'support-bot' }, { press: 'Enter' }, screen('Seed'), { type: '42' }, { press: 'Enter' });
		await keyboard(screen('Review'));
		await screenshot('fine-tune-wizard-review');
		await keyboard({ press: 'Enter' });
		const jobId = await created;
		assert.match(jobId ?? '', /^ftjob-/);

		const uploads = requestsSince(start, 'POST', '/v1/files').map((request) => (request.body as { file: string }).file);
		assert.deepEqual(uploads.sort(), ['support-chat.train.jsonl', 'support-chat.valid.jsonl']);
		const { trainingPath, validationPath } = splitPaths(dataset.fsPath);
		const lines = async (path: string) => (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '').length;
		assert.deepEqual([await lines(trainingPath), await lines(validationPath)], [11, 1]);

		const [create] = requestsSince(start, 'POST', '/v1/fine_tuning/jobs');
		const body = create?.body as Record<string, unknown>;
		assert.equal(body['model'], 'gpt-4o-mini-2024-07-18');
		assert.equal(body['suffix'], 'support-bot');
		assert.equal(body['seed'], 42);
		assert.match(String(body['training_file']), /^file-/);
		assert.match(String(body['validation_file']), /^file-/);
		assert.deepEqual(body['method'], { type: 'supervised', supervised: { hyperparameters: { n_epochs: 3, learning_rate_multiplier: 0.5 } } });

		const jobs = new JobsService(createOpenAIClient({ apiKey: API_KEY, baseURL: emulator.baseURL }));
		emulator.advance(60 * 60_000);
		const job = await jobs.retrieve(jobId ?? '');
		assert.equal(job.status, 'succeeded', job.error?.message);
		assert.match(job.fine_tuned_model ?? '', /^ft:gpt-4o-mini-2024-07-18:personal:support-bot:/);

		// "Open in Jobs" on the creation's notification, an hour of training later, shows the job in the
		// Jobs view, where the poller (following a job launched here) finds it succeeded.
		await pressNotificationButton(`Fine-tuning job ${jobId} created`, 'Open in Jobs');
		await vscode.commands.executeCommand('notifications.hideList');
		// Launched here, so its end is announced, with the model's name; the poller's look that finds it
		// (one every 15 s, late on a loaded machine) updates the row too, so the row is awaited after it.
		await showsNotification(`Fine-tuning job ${jobId} succeeded: ${job.fine_tuned_model ?? ''}`);
		await vscode.commands.executeCommand('notifications.hideList');
		await keyboard({ waitFor: '.pane-body .monaco-list-row:has-text("support-chat.jsonl"):has-text("succeeded")' });
		await screenshot('jobs-view-open-in-jobs');
		await vscode.commands.executeCommand('workbench.view.explorer');
	});

	it('refuses DPO for a file of chat records before anything is uploaded, and shows the cost on the review', async () => {
		const chat = workspaceFile('datasets/order-tools.jsonl');
		const start = emulator.requests.length;
		const created = vscode.commands.executeCommand<string | undefined>(COMMANDS.fineTuneFile, chat);
		await keyboard(screen('Model'), { press: 'Enter' }, screen('Method'));
		// DPO is offered, marked with what to do instead.
		await keyboard({ waitFor: '.quick-input-list .monaco-list-row:has-text("DPO"):has-text("needs preference (DPO) records, not chat (messages)"):has-text("Pick Supervised")' });
		await screenshot('fine-tune-wizard-method-mismatch');
		await keyboard({ type: 'DPO' }, { waitFor: '.quick-input-list .monaco-list-row.focused:has-text("DPO")' }, { press: 'Enter' });
		// Refused: the method screen is shown again, saying so (the message is checked below); Supervised goes on.
		await keyboard({ waitFor: '.quick-input-box input[placeholder^="DPO does not fit order-tools.jsonl"]' }, { type: 'Supervised' }, { press: 'Enter' });
		await keyboard(screen('Validation Data'), { type: 'None' }, { press: 'Enter' }, screen('Hyperparameters'), { press: 'Enter' });
		await keyboard(screen('Model Name Suffix'), { press: 'Enter' }, screen('Seed'), { press: 'Enter' }, screen('Review'));
		// 10 examples: OpenAI's auto picks 10 epochs; gpt-4o-mini trains at $3 per million tokens.
		await keyboard({ waitFor: '.quick-input-list .monaco-list-row:has-text("10 examples")' });
		await keyboard({ waitFor: '.quick-input-list .monaco-list-row:has-text("over 10 epochs (auto)")' });
		await keyboard({ waitFor: '.quick-input-list .monaco-list-row:has-text("Estimated cost"):has-text("at $3 per million training tokens (gpt-4o-mini-2024-07-18)")' });
		await screenshot('fine-tune-wizard-review-cost');
		await keyboard({ press: 'Escape' });
		assert.equal(await created, undefined);
		await showsNotification('DPO needs preference (DPO) records; order-tools.jsonl holds chat (messages) records. Pick Supervised');
		await vscode.commands.executeCommand('notifications.hideList');
		assert.equal(requestsSince(start, 'POST', '/v1/files').length, 0, 'nothing was uploaded');
		assert.equal(requestsSince(start, 'POST', '/v1/fine_tuning/jobs').length, 0, 'no job was created');
	});

	it('creates exactly one job when the first creation is rate limited (429, then 200)', async () => {
		const start = emulator.requests.length;
		emulator.addFault({ route: 'POST /v1/fine_tuning/jobs', kind: 'status-429', retryAfterMs: 50 });
		const created = vscode.commands.executeCommand<string | undefined>(COMMANDS.fineTuneFile, dataset);
		await answerWizardUpToReview();
		await keyboard({ press: 'Enter' });
		const jobId = await created;
		assert.match(jobId ?? '', /^ftjob-/);
		assert.equal(requestsSince(start, 'POST', '/v1/fine_tuning/jobs').length, 2, 'one refused with 429, one accepted');
		assert.equal(requestsSince(start, 'POST', '/v1/files').length, 1);
		const jobs = new JobsService(createOpenAIClient({ apiKey: API_KEY, baseURL: emulator.baseURL }));
		const listed = await jobs.list({ limit: 100 });
		assert.ok(listed.items.some((job) => job.id === jobId));
		assert.equal(listed.items.length, 2, "this suite's two jobs and no duplicate");
	});

	// VS Code refuses to show modal dialogs while extension tests run (its DialogService throws), so
	// here the confirmations can only be seen to guard: unconfirmed, nothing is destroyed.
	it('pauses a job picked from a quick pick and resumes it; cancelling it needs a confirmation', async () => {
		const client = createOpenAIClient({ apiKey: API_KEY, baseURL: emulator.baseURL });
		const file = await new FilesService(client).upload(dataset.fsPath);
		const jobs = new JobsService(client);
		const created = await jobs.create({ model: 'gpt-4o-mini-2024-07-18', trainingFile: file.id, method: 'supervised', hyperparameters: {} });
		for (let second = 0; second < 120 && (await jobs.retrieve(created.id)).status !== 'running'; second++) {
			emulator.advance(1000);
		}

		const paused = vscode.commands.executeCommand<{ status: string } | undefined>(COMMANDS.pauseJob);
		await keyboard({ waitFor: '.quick-input-widget' }, { type: created.id }, { press: 'Enter' });
		assert.equal((await paused)?.status, 'paused');
		assert.equal((await vscode.commands.executeCommand<{ status: string } | undefined>(COMMANDS.resumeJob, created.id))?.status, 'running');

		assert.equal(await vscode.commands.executeCommand(COMMANDS.cancelJob, created.id), undefined);
		assert.equal((await jobs.retrieve(created.id)).status, 'running');
	});

	it('deletes neither an uploaded file nor a fine-tuned model without a confirmation', async () => {
		const client = createOpenAIClient({ apiKey: API_KEY, baseURL: emulator.baseURL });
		const files = new FilesService(client);
		const file = await files.upload(dataset.fsPath);
		assert.equal(await vscode.commands.executeCommand<boolean>(COMMANDS.deleteFile, file.id), false);
		assert.equal((await files.retrieve(file.id)).id, file.id);

		const models = new ModelsService(client);
		const model = (await models.list()).fineTunedModels[0]?.id;
		assert.ok(model, 'the wizard test trained a model');
		assert.equal(await vscode.commands.executeCommand<boolean>(COMMANDS.deleteModel, model), false);
		assert.ok((await models.list()).fineTunedModels.some((candidate) => candidate.id === model));
	});

	it('tells the user when a job it created fails validation on the server', async () => {
		const broken = workspaceFile('datasets/broken.jsonl');
		const created = vscode.commands.executeCommand<string | undefined>(COMMANDS.fineTuneFile, broken);
		await answerWizardUpToReview();
		const published = errorsPublished(broken);
		await keyboard({ press: 'Enter' });
		// The linter's errors, overruled: OpenAI's file validation is what fails the job.
		await published;
		await pressNotificationButton('broken.jsonl has', 'Upload Anyway');
		const jobId = await created;
		assert.match(jobId ?? '', /^ftjob-/);
		emulator.advance(60_000);
		await showsNotification(`Fine-tuning job ${jobId} failed: The job failed due to an invalid training file.`);
		await vscode.commands.executeCommand('notifications.hideList');
	});

	it('refuses a validation file whose records do not fit the method before anything is uploaded', async () => {
		const start = emulator.requests.length;
		const created = vscode.commands.executeCommand<string | undefined>(COMMANDS.fineTuneFile, dataset);
		await keyboard(screen('Model'), { press: 'Enter' }, screen('Method'), { type: 'Supervised' }, { press: 'Enter' });
		await keyboard(screen('Validation Data'), { type: 'tone-preference' }, { press: 'Enter' }, screen('Hyperparameters'), { press: 'Enter' });
		await keyboard(screen('Model Name Suffix'), { press: 'Enter' }, screen('Seed'), { press: 'Enter' }, screen('Review'), { press: 'Enter' });
		assert.equal(await created, undefined);
		await showsNotification('The validation file tone-preference.jsonl holds preference (DPO) records, but the job trains on chat (messages) records');
		await vscode.commands.executeCommand('notifications.hideList');
		assert.equal(requestsSince(start, 'POST', '/v1/files').length, 0, 'nothing was uploaded');
	});
});
