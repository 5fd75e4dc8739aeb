import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contributes';
import type { Rendered } from '../../src/metrics/metricsPanel';
import { createOpenAIClient } from '../../src/openai/client';
import { FilesService } from '../../src/openai/files';
import { JobsService } from '../../src/openai/jobs';
import { startEmulator, type Emulator } from '../fixtures/openai-emulator';
import { connectToEmulator, disconnectFromEmulator } from './emulatorConnection';
import { keyboard, screenshot } from './harness';
import { workspaceFile } from './workspace';

const API_KEY = 'sk-test-SidebarScreenshots012345';
const CONNECTION = 'emu-screens';
const JOB_SECONDS = 100;
const THEMES = [
	['Default Light Modern', 'vs', 'vscode-light', 'light'],
	['Default Dark Modern', 'vs-dark', 'vscode-dark', 'dark'],
] as const;
const workbench = () => vscode.workspace.getConfiguration('workbench');

function row(...texts: string[]): { waitFor: string } {
	return { waitFor: `.pane-body .monaco-list-row${texts.map((text) => `:has-text("${text}")`).join('')}` };
}

/** Shows the metrics chart of `jobRow` until the webview reports a drawing in `themeKind`. */
async function chartIn(jobRow: unknown, themeKind: string): Promise<void> {
	const deadline = Date.now() + 20_000;
	while ((await vscode.commands.executeCommand<Rendered | undefined>(COMMANDS.showMetrics, jobRow))?.theme !== themeKind) {
		if (Date.now() > deadline) {
			throw new Error(`the chart did not redraw in ${themeKind}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

describe('The Fine-Tuning views as a user sees them, in light and dark', () => {
	let emulator: Emulator;
	let previousTheme: string | undefined;
	let runningRow: unknown;

	before(async () => {
		emulator = await startEmulator({ clock: 'manual', jobSeconds: JOB_SECONDS });
		await connectToEmulator(emulator, CONNECTION, API_KEY);
		const client = createOpenAIClient({ apiKey: API_KEY, baseURL: emulator.baseURL });
		const files = new FilesService(client);
		const jobs = new JobsService(client);
		const good = await files.upload(workspaceFile('datasets/support-chat.jsonl').fsPath, { purpose: 'fine-tune' });
		const broken = await files.upload(workspaceFile('datasets/broken.jsonl').fsPath, { purpose: 'fine-tune' });
		const create = (trainingFile: string, dataset: string) =>
			jobs.create({ trainingFile, validationFile: good.id, model: 'gpt-4o-mini-2024-07-18', method: 'supervised', hyperparameters: { n_epochs: 3 }, metadata: { dataset } });
		// A history a user would have: one that succeeded, one that failed, one training, one just made.
		await create(good.id, 'support-chat.jsonl');
		emulator.advance(JOB_SECONDS * 1000);
		await create(broken.id, 'broken.jsonl');
		emulator.advance(60_000);
		const running = await create(good.id, 'support-chat-v2.jsonl');
		emulator.advance(JOB_SECONDS * 550);
		await create(good.id, 'support-chat-v3.jsonl');
		runningRow = { connection: { name: CONNECTION, kind: 'openai', baseUrl: emulator.baseURL }, jobId: running.id };
		previousTheme = workbench().inspect<string>('colorTheme')?.globalValue;
	});

	after(async () => {
		await workbench().update('colorTheme', previousTheme, vscode.ConfigurationTarget.Global);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await disconnectFromEmulator(CONNECTION);
		await vscode.commands.executeCommand('workbench.view.explorer');
		await emulator.close();
	});

	it('the Jobs view, a training job opened, beside its metrics chart', async () => {
		await vscode.commands.executeCommand('workbench.view.extension.finetuneStudio');
		await keyboard(row('support-chat-v2.jsonl', 'running', 'step'), row('support-chat.jsonl', 'succeeded'), row('broken.jsonl', 'failed'), row('support-chat-v3.jsonl', 'validating'));
		await vscode.commands.executeCommand('finetuneStudio.jobs.focus');
		// The second row is the training job: opened, it lists its events, checkpoints, metrics and files.
		await keyboard({ press: 'Home' }, { press: 'ArrowDown' }, { press: 'ArrowRight' }, row('Checkpoints'), row('training file'));
		// Wide enough for a row's status, step and ETA: the web workbench takes the editor for the active
		// part here, so narrowing it widens the side bar.
		for (let narrowed = 0; narrowed < 2; narrowed++) {
			await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
		}
		for (const [theme, themeClass, themeKind, name] of THEMES) {
			await workbench().update('colorTheme', theme, vscode.ConfigurationTarget.Global);
			await keyboard({ waitFor: `.monaco-workbench.${themeClass}` });
			await chartIn(runningRow, themeKind);
			await vscode.commands.executeCommand('notifications.clearAll');
			await screenshot(`jobs-view-${name}`);
		}
	});

	it('the Files view', async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await vscode.commands.executeCommand('finetuneStudio.files.focus');
		await keyboard(row('support-chat.jsonl', 'fine-tune'), row('broken.jsonl', 'fine-tune'));
		for (const [theme, themeClass, , name] of THEMES) {
			await workbench().update('colorTheme', theme, vscode.ConfigurationTarget.Global);
			await keyboard({ waitFor: `.monaco-workbench.${themeClass}` });
			await screenshot(`files-view-${name}`);
		}
	});
});
