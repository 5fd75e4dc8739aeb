import * as vscode from 'vscode';
import type { FineTuningJob } from 'openai/resources/fine-tuning/jobs/jobs';
import { COMMANDS } from '../contributes';
import { escapeNotificationLinks } from '../editor/markdown';
import type { Logger } from '../logger';
import type { Connection, Connections, ConnectionServices } from '../connections';
import type { JobUpdates } from './jobUpdates';
import { showFailure } from './showFailure';
import { registerTrustedCommand } from './trustedCommand';

type JobAction = 'cancel' | 'pause' | 'resume';

// The states OpenAI accepts each action in; `paused` is newer than the SDK's status type.
const APPLIES_TO: Readonly<Record<JobAction, readonly string[]>> = {
	cancel: ['validating_files', 'queued', 'running', 'paused'],
	pause: ['running'],
	resume: ['paused'],
};

// Enough to cover every job still in flight: they are the newest.
const JOBS_TO_OFFER = 100;

/** A job in the Jobs view: the commands run on its connection rather than the default one. */
function isJobReference(value: unknown): value is { readonly connection: Connection; readonly jobId: string } {
	return typeof value === 'object' && value !== null && typeof (value as { jobId?: unknown }).jobId === 'string' && typeof (value as { connection?: unknown }).connection === 'object';
}

/**
 * "Cancel / Pause / Resume Fine-Tuning Job…": each takes a job id argument (on the default
 * connection) or a job of the Jobs view, or offers the jobs the action applies to. Cancelling asks
 * first, by modal: a cancelled job cannot be resumed. Each resolves to the job afterwards, or undefined.
 */
export function registerJobControlCommands(connections: Connections, jobUpdates: JobUpdates, log: Logger): vscode.Disposable {
	const control = (action: JobAction) => async (target?: unknown): Promise<FineTuningJob | undefined> => {
		try {
			const services = isJobReference(target) ? await connections.servicesOf(target.connection, 'fine-tuning') : await connections.use('fine-tuning');
			const id = isJobReference(target) ? target.jobId : typeof target === 'string' ? target : await pickJob(services, action);
			if (!id) {
				return undefined;
			}
			if (action === 'cancel' && !(await confirmCancel(id))) {
				return undefined;
			}
			const job = await services.jobs[action](id);
			jobUpdates.fire({ connection: services.connection, job, launchedHere: false });
			void vscode.window.showInformationMessage(escapeNotificationLinks(vscode.l10n.t('Fine-tuning job {0} is now {1}.', job.id, job.status)));
			return job;
		} catch (error) {
			showFailure(actionFailure(action), error, log);
			return undefined;
		}
	};
	return vscode.Disposable.from(
		registerTrustedCommand(COMMANDS.cancelJob, control('cancel')),
		registerTrustedCommand(COMMANDS.pauseJob, control('pause')),
		registerTrustedCommand(COMMANDS.resumeJob, control('resume')),
	);
}

function actionFailure(action: JobAction): string {
	switch (action) {
		case 'cancel':
			return vscode.l10n.t('Could not cancel the job');
		case 'pause':
			return vscode.l10n.t('Could not pause the job');
		case 'resume':
			return vscode.l10n.t('Could not resume the job');
	}
}

function pickTitle(action: JobAction): string {
	switch (action) {
		case 'cancel':
			return vscode.l10n.t('Cancel Fine-Tuning Job');
		case 'pause':
			return vscode.l10n.t('Pause Fine-Tuning Job');
		case 'resume':
			return vscode.l10n.t('Resume Fine-Tuning Job');
	}
}

async function pickJob(services: ConnectionServices, action: JobAction): Promise<string | undefined> {
	const jobs = services.jobs.list({ limit: JOBS_TO_OFFER }).then((page) =>
		page.items
			.filter((job) => APPLIES_TO[action].includes(job.status))
			.map((job) => ({
				label: job.id,
				description: `${job.status} · ${job.model}`,
				detail: vscode.l10n.t('created {0}{1}', new Date(job.created_at * 1000).toLocaleString(), job.metadata?.['dataset'] ? ` · ${job.metadata['dataset']}` : ''),
			})),
	);
	// Awaited first: an empty list deserves a message, not an empty picker.
	const items = await jobs;
	if (items.length === 0) {
		void vscode.window.showInformationMessage(vscode.l10n.t('No fine-tuning job is in a state to {0}.', action));
		return undefined;
	}
	const picked = await vscode.window.showQuickPick(items, { title: pickTitle(action), placeHolder: vscode.l10n.t('Pick a job'), matchOnDescription: true, matchOnDetail: true });
	return picked?.label;
}

async function confirmCancel(jobId: string): Promise<boolean> {
	const cancelJob = vscode.l10n.t('Cancel Job');
	const choice = await vscode.window.showWarningMessage(
		escapeNotificationLinks(vscode.l10n.t('Cancel fine-tuning job {0}?', jobId)),
		{ modal: true, detail: vscode.l10n.t('Training stops and cannot be resumed. The training already done is still billed.') },
		cancelJob,
	);
	return choice === cancelJob;
}
