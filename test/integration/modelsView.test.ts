import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contributes';
import { ModelsService } from '../../src/openai/models';
import { startEmulator, type Emulator } from '../fixtures/openai-emulator';
import type { KeyboardRequest } from '../host/harnessProtocol';
import { connectToEmulator, disconnectFromEmulator } from './emulatorConnection';
import { keyboard, screenshot } from './harness';
import { answerNextModal } from './modalAnswer';
import { waitFor } from './waitFor';
import { trainModel } from './trainedModel';

const API_KEY = 'sk-test-ModelsViewIntegration0123';
const CONNECTION = 'emu-models';
const JOB_SECONDS = 100;
// The emulator shuts this base model down 30 days after it starts: within the 60-day warning, whatever the day.
const BASE = 'gpt-4.1-nano-2025-04-14';
const SUFFIX = 'support-bot';

/** Waits until the focused view shows a row with every one of `texts`. */
function row(...texts: string[]): { waitFor: string } {
	return { waitFor: `.pane-body .monaco-list-row${texts.map((text) => `:has-text("${text}")`).join('')}` };
}

/** Opens the focused row's context menu and focuses its last item, `label` (up from the first wraps to the last), once the menu has the keyboard. */
function openMenuAt(label: string): KeyboardRequest['steps'] {
	return [{ press: 'Shift+F10' }, { waitFor: `.monaco-menu .action-label:has-text("${label}")` }, { press: 'ArrowUp' }, { waitFor: `.monaco-menu .action-item.focused:has-text("${label}")` }];
}

/** Waits until the clipboard holds `text`: a command run from a menu copies after the key press returns. */
async function clipboardHolds(text: string): Promise<void> {
	await waitFor(async () => (await vscode.env.clipboard.readText()) === text, `the clipboard to hold ${text}`);
}

describe('The Models view: fine-tuned models with base, age and shutdown, and their actions', () => {
	const workbench = () => vscode.workspace.getConfiguration('workbench');
	let emulator: Emulator;
	let models: ModelsService;
	let modelId: string;
	let newestCheckpoint: string;
	let previousTheme: string | undefined;

	before(async () => {
		emulator = await startEmulator({ clock: 'manual', jobSeconds: JOB_SECONDS });
		await connectToEmulator(emulator, CONNECTION, API_KEY);
		previousTheme = workbench().inspect<string>('colorTheme')?.globalValue;
		// A job made elsewhere and trained to its end: the emulator then lists its model.
		const { client, jobs, job, model } = await trainModel(emulator, API_KEY, { base: BASE, jobSeconds: JOB_SECONDS, epochs: 2, suffix: SUFFIX, metadata: { dataset: 'support-chat.jsonl' } });
		modelId = model;
		newestCheckpoint = (await jobs.listCheckpoints(job.id, { limit: 1 })).items[0]?.fine_tuned_model_checkpoint ?? '';
		assert.ok(modelId && newestCheckpoint, 'the job made a model and checkpoints');
		models = new ModelsService(client);
	});

	after(async () => {
		await workbench().update('colorTheme', previousTheme, vscode.ConfigurationTarget.Global);
		await vscode.commands.executeCommand('notifications.clearAll');
		await disconnectFromEmulator(CONNECTION);
		await vscode.commands.executeCommand('workbench.view.explorer');
		await emulator.close();
	});

	it('lists the fine-tuned model with its base model, created date and a warning of its shutdown within 60 days', async () => {
		const { created } = await models.retrieve(modelId);
		const createdText = new Date(created * 1000).toLocaleDateString(vscode.env.language);
		await vscode.commands.executeCommand('finetuneStudio.models.focus');
		// Labelled by its suffix; the id is in the tooltip and what Copy Model ID copies.
		await keyboard(row(SUFFIX, BASE, createdText, 'shuts down', 'in 30 days'));
		await keyboard({ waitFor: `.pane-body .monaco-list-row:has-text("${SUFFIX}") .codicon-warning` });
		await vscode.commands.executeCommand('notifications.clearAll');
		// An earlier suite's Problems panel would cover the editor area in the pictures.
		await vscode.commands.executeCommand('workbench.action.closePanel');
		for (const [theme, name] of [
			['Default Dark Modern', 'models-view-dark'],
			['Default Light Modern', 'models-view-light'],
		] as const) {
			await workbench().update('colorTheme', theme, vscode.ConfigurationTarget.Global);
			await keyboard({ waitFor: `.monaco-workbench.${theme.includes('Dark') ? 'vs-dark' : 'vs'}` }, row(SUFFIX));
			await screenshot(name);
		}
	});

	it('copies the model id from the row, by keyboard through its context menu', async () => {
		await vscode.env.clipboard.writeText('');
		await vscode.commands.executeCommand('finetuneStudio.models.focus');
		// The row's menu: Delete Fine-Tuned Model…, then Copy Model ID last.
		await keyboard({ press: 'Home' }, { waitFor: `.pane-body .monaco-list-row.focused:has-text("${SUFFIX}")` }, ...openMenuAt('Copy Model ID'), { press: 'Enter' });
		await clipboardHolds(modelId);
	});

	it("copies a checkpoint's model id from its row in the Jobs view", async () => {
		await vscode.env.clipboard.writeText('');
		await vscode.commands.executeCommand('finetuneStudio.jobs.focus');
		// Open the job, then its Checkpoints; the newest checkpoint comes first.
		const newestStep = `Step ${/:ckpt-step-(\d+)$/.exec(newestCheckpoint)?.[1] ?? ''}`;
		await keyboard({ press: 'Home' }, { press: 'ArrowRight' }, row('Checkpoints'), { press: 'ArrowDown' }, { press: 'ArrowDown' });
		await keyboard({ waitFor: '.pane-body .monaco-list-row.focused:has-text("Checkpoints")' }, { press: 'ArrowRight' }, row(newestStep), { press: 'ArrowDown' });
		await keyboard({ waitFor: `.pane-body .monaco-list-row.focused:has-text("${newestStep}")` }, ...openMenuAt('Copy Checkpoint ID'), { press: 'Enter' });
		await clipboardHolds(newestCheckpoint);
		await vscode.commands.executeCommand('workbench.actions.treeView.finetuneStudio.jobs.collapseAll');
	});

	it('deletes the model from its row only once confirmed, and the row leaves the view', async () => {
		const modelRow = { connection: { name: CONNECTION, kind: 'openai', baseUrl: emulator.baseURL }, modelId };
		const deletes = () => emulator.requests.filter((request) => request.method === 'DELETE' && request.path.startsWith('/v1/models/')).length;

		const dismissed = answerNextModal(undefined);
		try {
			assert.equal(await vscode.commands.executeCommand<boolean>(COMMANDS.deleteModel, modelRow), false);
		} finally {
			dismissed.restore();
		}
		assert.equal(deletes(), 0);
		assert.ok((await models.list()).fineTunedModels.some((model) => model.id === modelId), 'kept without the confirmation');

		// From the row's menu by keyboard: Delete Fine-Tuned Model… is its first item, two up from wherever the menu starts.
		const confirmed = answerNextModal('Delete Model');
		try {
			await vscode.commands.executeCommand('finetuneStudio.models.focus');
			await keyboard(
				{ press: 'Home' },
				{ waitFor: `.pane-body .monaco-list-row.focused:has-text("${SUFFIX}")` },
				{ press: 'Shift+F10' },
				{ waitFor: '.monaco-menu .action-label:has-text("Delete Fine-Tuned Model")' },
				{ press: 'ArrowUp' },
				{ press: 'ArrowUp' },
				{ waitFor: '.monaco-menu .action-item.focused:has-text("Delete Fine-Tuned Model")' },
				{ press: 'Enter' },
			);
			const asked = await confirmed.asked;
			assert.equal(asked.modal, true);
			assert.ok(asked.message.includes(`Delete the fine-tuned model ${modelId}?`), asked.message);
		} finally {
			confirmed.restore();
		}
		// The only model gone, the view shows its empty state.
		await keyboard({ waitFor: '.pane-body .welcome-view-content:has-text("No fine-tuned models yet")' });
		await screenshot('models-view-empty');
		assert.equal(deletes(), 1);
		assert.equal((await models.list()).fineTunedModels.some((model) => model.id === modelId), false, 'gone from the emulator');
	});
});
