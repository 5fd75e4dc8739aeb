import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contributes';
import { createOpenAIClient } from '../../src/openai/client';
import { JobsService } from '../../src/openai/jobs';
import { startEmulator, type Emulator } from '../fixtures/openai-emulator';
import { connectToEmulator, disconnectFromEmulator } from './emulatorConnection';
import { keyboard, screenshot } from './harness';
import { answerNextModal } from './modalAnswer';
import { pressNotificationButton, showsNotification } from './notifications';
import { answerWizardUpToReview } from './wizard';
import { workspaceFile } from './workspace';

const API_KEY = 'sk-test-JobLifecycleIntegration01';
const CONNECTION = 'emu-lifecycle';
// Emulated seconds a job takes: queued at 10 %, training from 20 % to 90 %, done at 100 %.
const JOB_SECONDS = 100;
const atShare = (share: number) => share * JOB_SECONDS * 1000;

/** Waits until the Jobs view shows a row with every one of `texts`. */
function jobRow(...texts: string[]): { waitFor: string } {
	return { waitFor: `.pane-body .monaco-list-row${texts.map((text) => `:has-text("${text}")`).join('')}` };
}

/** Waits until the notification center lists a notification with `text` and a button for each of `actions`. */
async function showsNotificationWith(text: string, ...actions: string[]): Promise<void> {
	await showsNotification(text);
	for (const action of actions) {
		await keyboard({ waitFor: `.notifications-center .notification-list-item:has-text("${text}") .monaco-button:has-text("${action}")` });
	}
}

/**
 * Starts "Fine-Tune with This File…" on `dataset`, answers the wizard by typing and confirms its review.
 * The new job's id comes wrapped: awaited as such, it would wait for what the caller may still have to answer.
 */
async function launchWithWizard(dataset: string): Promise<{ readonly created: Thenable<string | undefined> }> {
	const created = vscode.commands.executeCommand<string | undefined>(COMMANDS.fineTuneFile, workspaceFile(`datasets/${dataset}`));
	await answerWizardUpToReview();
	await keyboard({ press: 'Enter' });
	return { created };
}

describe('A job launched with the wizard: followed in the Jobs view to its end, announced with its actions', () => {
	let emulator: Emulator;
	let jobs: JobsService;

	before(async () => {
		emulator = await startEmulator({ clock: 'manual', jobSeconds: JOB_SECONDS });
		await connectToEmulator(emulator, CONNECTION, API_KEY);
		jobs = new JobsService(createOpenAIClient({ apiKey: API_KEY, baseURL: emulator.baseURL }));
		await vscode.commands.executeCommand('workbench.view.extension.finetuneStudio');
	});

	after(async () => {
		await vscode.commands.executeCommand('notifications.clearAll');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await disconnectFromEmulator(CONNECTION);
		await vscode.commands.executeCommand('workbench.view.explorer');
		await emulator.close();
	});

	// Notifications are not cleared after each test: a job's end may be announced while the test before it runs.
	it('announces a job that failed with Show Error, which shows the error with its code and parameter', async () => {
		const broken = 'broken.jsonl';
		const { created } = await launchWithWizard(broken);
		// The linter's errors, overruled ("Upload Anyway"): OpenAI's file validation is what fails the job.
		await pressNotificationButton(`${broken} has`, 'Upload Anyway');
		const failedId = (await created) ?? '';
		assert.match(failedId, /^ftjob-/);
		await keyboard(jobRow(broken, 'validating files'));
		await vscode.commands.executeCommand('notifications.clearAll');
		emulator.advance(atShare(0.2));
		await keyboard(jobRow(broken, 'failed'));

		const { error } = await jobs.retrieve(failedId);
		assert.ok(error, 'the emulator failed the job');
		await showsNotificationWith(`Fine-tuning job ${failedId} failed:`, 'Show Error', 'Show in Jobs');
		await pressNotificationButton(`Fine-tuning job ${failedId} failed:`, 'Show Error');
		await showsNotificationWith(`(code: ${error.code}, parameter: ${error.param ?? ''})`, 'Show Log');
		await screenshot('job-notification-error');
		await vscode.commands.executeCommand('notifications.hideList');
	});

	let jobId: string;

	it('lists the job at once, then shows it queued as the clock moves on', async () => {
		const { created } = await launchWithWizard('support-chat.jsonl');
		jobId = (await created) ?? '';
		assert.match(jobId, /^ftjob-/);
		// No clock has moved and no poll was needed: the wizard hands the new job to the view.
		await keyboard(jobRow('support-chat.jsonl', 'validating files'));
		// The creation's notification goes, so that the end's is the newest (its primary action is pressed below).
		await vscode.commands.executeCommand('notifications.clearAll');
		emulator.advance(atShare(0.15));
		await keyboard(jobRow('support-chat.jsonl', 'queued'));
	});

	it('shows it training with its step, then succeeded, with its events and checkpoints under it', async () => {
		emulator.advance(atShare(0.35));
		await keyboard(jobRow('support-chat.jsonl', 'running', 'step'));
		emulator.advance(atShare(0.5));
		await keyboard(jobRow('support-chat.jsonl', 'succeeded'));
		// Keyboard only: the job, its Events (the newest is the end), then its Checkpoints.
		await vscode.commands.executeCommand('finetuneStudio.jobs.focus');
		await keyboard({ press: 'Home' }, { press: 'ArrowRight' }, jobRow('Events'), { press: 'ArrowDown' }, { press: 'ArrowRight' }, jobRow('The job has successfully completed'));
		await keyboard({ press: 'ArrowLeft' }, { press: 'ArrowDown' }, jobRow('Checkpoints'), { press: 'ArrowRight' });
		const checkpoints = await jobs.listCheckpoints(jobId, { limit: 10 });
		assert.ok(checkpoints.items.length > 0, 'the emulator made checkpoints');
		await keyboard(jobRow(`Step ${checkpoints.items[0]?.step_number ?? ''}`));
		// Closed again, so that the rows of the next jobs sit where the view puts them.
		await keyboard({ press: 'Home' }, { press: 'ArrowLeft' });
	});

	it('announces the end with Show Metrics, Chat with Model and Show in Jobs; Show Metrics opens the chart', async () => {
		const job = await jobs.retrieve(jobId);
		const text = `Fine-tuning job ${jobId} succeeded: ${job.fine_tuned_model ?? ''}`;
		await showsNotificationWith(text, 'Show Metrics', 'Chat with Model', 'Show in Jobs');
		await screenshot('job-notification');
		await pressNotificationButton(text, 'Show Metrics');
		await vscode.commands.executeCommand('notifications.hideList');
		await keyboard({ waitFor: '.tabs-container .tab:has-text("Metrics: support-chat.jsonl")' });
		const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
		assert.ok(tab?.input instanceof vscode.TabInputWebview, 'the chart is a webview');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	it('cancels a running job from its row only once confirmed, and says so once', async () => {
		const dataset = 'order-tools.jsonl';
		const { created } = await launchWithWizard(dataset);
		const runningId = (await created) ?? '';
		assert.match(runningId, /^ftjob-/);
		await vscode.commands.executeCommand('notifications.clearAll');
		emulator.advance(atShare(0.5));
		await keyboard(jobRow(dataset, 'running', 'step'));

		// The row's Cancel asks first: dismissed, nothing is cancelled; confirmed, the job is.
		const row = { connection: { name: CONNECTION, kind: 'openai', baseUrl: emulator.baseURL }, jobId: runningId };
		const dismissed = answerNextModal(undefined);
		assert.equal(await vscode.commands.executeCommand(COMMANDS.cancelJob, row), undefined);
		const asked = await dismissed.asked;
		assert.ok(asked.modal && asked.message.includes(runningId), asked.message);
		assert.equal((await jobs.retrieve(runningId)).status, 'running');
		const confirmed = answerNextModal('Cancel Job');
		await vscode.commands.executeCommand(COMMANDS.cancelJob, row);
		confirmed.restore();
		assert.equal((await jobs.retrieve(runningId)).status, 'cancelled');
		await keyboard(jobRow(dataset, 'cancelled'));
		// The command says so; the end of a job the user ended here is not announced a second time
		// (that announcement would have come first: the tree learns of the end before the command speaks).
		await showsNotification(`Fine-tuning job ${runningId} is now cancelled.`);
		await keyboard({ waitFor: `.monaco-workbench:not(:has(.notification-list-item:has-text("Fine-tuning job ${runningId} was cancelled")))` });
	});
});
