import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contributes';
import type { ExportSummary } from '../../src/export/exportJobs';
import { createOpenAIClient } from '../../src/openai/client';
import { FilesService } from '../../src/openai/files';
import { JobsService } from '../../src/openai/jobs';
import { startEmulator, type Emulator } from '../fixtures/openai-emulator';
import { createContractChecker } from '../fixtures/openapi/contract';
import { keyboard, screenshot } from './harness';
import { showsNotification } from './notifications';
import { connectToEmulator, disconnectFromEmulator } from './emulatorConnection';
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
	const checker = createContractChecker();
	let emulator: Emulator;
	let jobId: string;
	let fileId: string;

	before(async () => {
		emulator = await startEmulator({ clock: 'manual', jobSeconds: JOB_SECONDS });
		await connectToEmulator(emulator, CONNECTION, API_KEY);
		// A job made elsewhere (another tool, the dashboard): the view finds it on the server.
		const client = createOpenAIClient({ apiKey: API_KEY, baseURL: emulator.baseURL });
		const file = await new FilesService(client).upload(workspaceFile('datasets/support-chat.jsonl').fsPath, { purpose: 'fine-tune' });
		fileId = file.id;
		jobId = (await new JobsService(client).create({ trainingFile: file.id, model: 'gpt-4o-mini-2024-07-18', method: 'supervised', hyperparameters: { n_epochs: 2 }, metadata: { dataset: DATASET } })).id;
	});

	after(async () => {
		await disconnectFromEmulator(CONNECTION);
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

	it('lists the uploaded file in the Files view, opens it read-only and linted, and downloads it', async () => {
		await vscode.commands.executeCommand('finetuneStudio.files.focus');
		await keyboard({ waitFor: '.pane-body .monaco-list-row:has-text("support-chat.jsonl"):has-text("fine-tune")' });
		await screenshot('files-view');

		const row = { connection: { name: CONNECTION, kind: 'openai', baseUrl: emulator.baseURL }, fileId };
		const local = await vscode.workspace.fs.readFile(workspaceFile('datasets/support-chat.jsonl'));
		const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>(COMMANDS.openRemoteFile, row);
		assert.equal(editor?.document.uri.scheme, 'finetune-studio-file');
		assert.equal(editor?.document.languageId, 'jsonl', 'named .jsonl, so the linter takes it');
		assert.equal(editor?.document.getText(), Buffer.from(local).toString('utf8'));
		await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

		// The target as the command's argument: the save dialog is VS Code's own, and the web
		// workbench's version of it fills its input late enough to race with typing.
		const target = workspaceFile('downloaded/support-chat.jsonl');
		await vscode.workspace.fs.createDirectory(workspaceFile('downloaded'));
		try {
			assert.equal(await vscode.commands.executeCommand<string | undefined>(COMMANDS.downloadFile, row, target), target.fsPath);
			assert.deepEqual(Buffer.from(await vscode.workspace.fs.readFile(target)), Buffer.from(local));
		} finally {
			await vscode.workspace.fs.delete(workspaceFile('downloaded'), { recursive: true });
		}
	});

	it('exports the jobs: cut off by a dropped connection, run again, the export resumes and ends byte for byte equal', async () => {
		const outDir = vscode.Uri.file(await mkdtemp(path.join(os.tmpdir(), 'finetune-studio-export-')));
		try {
			emulator.addFault({ route: `GET /v1/files/${fileId}/content`, kind: 'drop-mid-response' });
			// The quick pick of jobs comes first: every job is ticked, Enter exports them all.
			const first = vscode.commands.executeCommand<ExportSummary | undefined>(COMMANDS.exportFineTuningData, undefined, outDir);
			await keyboard({ waitFor: '.quick-input-widget .quick-input-title:has-text("Export Fine-Tuning Data")' }, { press: 'Enter' });
			const interrupted = await first;
			assert.equal(interrupted?.cancelled, false);
			assert.ok((interrupted?.failures.length ?? 0) > 0, 'the cut-off training file is a failure, not a file');
			await showsNotification('Running it again resumes where it stopped');
			await vscode.commands.executeCommand('notifications.hideList');

			const second = vscode.commands.executeCommand<ExportSummary | undefined>(COMMANDS.exportFineTuningData, undefined, outDir);
			await keyboard({ waitFor: '.quick-input-widget .quick-input-title:has-text("Export Fine-Tuning Data")' }, { press: 'Enter' });
			const resumed = await second;
			assert.deepEqual(resumed?.failures, []);
			assert.equal(resumed?.downloaded, 1, 'only the file that was cut off');
			const local = await vscode.workspace.fs.readFile(workspaceFile('datasets/support-chat.jsonl'));
			const exported = await readFile(path.join(outDir.fsPath, jobId, 'training', 'support-chat.jsonl'));
			assert.deepEqual(exported, Buffer.from(local));
			const job = JSON.parse(await readFile(path.join(outDir.fsPath, jobId, 'job.json'), 'utf8')) as { id: string; status: string };
			assert.deepEqual([job.id, job.status], [jobId, 'succeeded']);
		} finally {
			await rm(outDir.fsPath, { recursive: true, force: true });
		}
	});
});
