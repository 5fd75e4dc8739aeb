import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contributes';
import { createOpenAIClient } from '../../src/openai/client';
import { FilesService } from '../../src/openai/files';
import { JobsService } from '../../src/openai/jobs';
import { startEmulator, type Emulator } from '../fixtures/openai-emulator';
import { createContractChecker } from '../fixtures/openapi/contract';
import { keyboard, screenshot } from './harness';
import { workspaceFile } from './workspace';

const API_KEY = 'sk-test-JobsViewIntegration0123';
const CONNECTION = 'emu-jobs';
// Emulated seconds a job takes: queued at 10 %, training from 20 % to 90 %.
const JOB_SECONDS = 100;
const DATASET = 'support-chat.jsonl';

/** Waits until the Jobs view shows a row with every one of `texts`. */
function jobRow(...texts: string[]): { waitFor: string } {
	return { waitFor: `.pane-body .monaco-list-row${texts.map((text) => `:has-text("${text}")`).join('')}` };
}

describe('The Jobs view: jobs of a connection, live while they run, controlled from the tree', () => {
	const settings = () => vscode.workspace.getConfiguration('finetuneStudio');
	const checker = createContractChecker();
	let emulator: Emulator;
	let jobId: string;

	before(async () => {
		emulator = await startEmulator({ clock: 'manual', jobSeconds: JOB_SECONDS });
		await settings().update('connections', [{ name: CONNECTION, kind: 'openai', baseUrl: emulator.baseURL }], vscode.ConfigurationTarget.Global);
		await settings().update('defaultConnection', CONNECTION, vscode.ConfigurationTarget.Global);
		assert.equal(await vscode.commands.executeCommand(COMMANDS.setApiKey, API_KEY, CONNECTION), true);
		// A job made elsewhere (another tool, the dashboard): the view finds it on the server.
		const client = createOpenAIClient({ apiKey: API_KEY, baseURL: emulator.baseURL });
		const file = await new FilesService(client).upload(workspaceFile('datasets/support-chat.jsonl').fsPath, { purpose: 'fine-tune' });
		jobId = (await new JobsService(client).create({ trainingFile: file.id, model: 'gpt-4o-mini-2024-07-18', method: 'supervised', hyperparameters: { n_epochs: 2 }, metadata: { dataset: DATASET } })).id;
	});

	after(async () => {
		await vscode.commands.executeCommand(COMMANDS.clearApiKey, CONNECTION);
		await settings().update('connections', undefined, vscode.ConfigurationTarget.Global);
		await settings().update('defaultConnection', undefined, vscode.ConfigurationTarget.Global);
		await vscode.commands.executeCommand('workbench.view.explorer');
		await emulator.close();
	});

	it('lists the job with its status, and follows it into training while the view is visible', async () => {
		const start = emulator.requests.length;
		await vscode.commands.executeCommand('workbench.view.extension.finetuneStudio');
		await keyboard(jobRow(DATASET, 'validating files'));
		await screenshot('jobs-view-validating');

		emulator.advance(JOB_SECONDS * 500);
		// The poller's next look (an interval later) sees the job training, with its step.
		await keyboard(jobRow(DATASET, 'running', 'step'));
		await screenshot('jobs-view-running');
		const sent = emulator.requests.slice(start);
		assert.ok(sent.some((request) => request.method === 'GET' && request.path === `/v1/fine_tuning/jobs/${jobId}`), 'the poller looked at the job');
		assert.deepEqual(
			sent.flatMap((request) => checker.checkRequest(request.method, request.path, request.contentType, request.body)),
			[],
		);
	});

	it('pauses and resumes the job from its row, and the row shows each state at once', async () => {
		const row = { connection: { name: CONNECTION, kind: 'openai', baseUrl: emulator.baseURL }, jobId };
		const paused = await vscode.commands.executeCommand<{ status: string } | undefined>(COMMANDS.pauseJob, row);
		assert.equal(paused?.status, 'paused');
		await keyboard(jobRow(DATASET, 'paused'));
		const resumed = await vscode.commands.executeCommand<{ status: string } | undefined>(COMMANDS.resumeJob, row);
		assert.equal(resumed?.status, 'running');
		await keyboard(jobRow(DATASET, 'running'));
	});

	it('shows the job succeeded once training ends, with its events and checkpoints under it', async () => {
		emulator.advance(JOB_SECONDS * 1000);
		await keyboard(jobRow(DATASET, 'succeeded'));
		// Open the job and its events: keyboard only, as a user of a screen reader would.
		await vscode.commands.executeCommand('finetuneStudio.jobs.focus');
		await keyboard({ press: 'Home' }, { press: 'ArrowRight' }, jobRow('Events'), { press: 'ArrowDown' }, { press: 'ArrowRight' }, jobRow('The job has successfully completed'));
		await screenshot('jobs-view-events');
	});
});
