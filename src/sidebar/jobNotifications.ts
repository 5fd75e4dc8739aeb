import * as vscode from 'vscode';
import type { FineTuningJob } from 'openai/resources/fine-tuning/jobs/jobs';
import { COMMANDS, VIEWS } from '../contributes';
import { escapeNotificationLinks } from '../editor/markdown';
import type { Logger } from '../logger';
import { jobEndActions, type JobEndAction } from '../tracking/jobEnd';
import { jobFacts } from '../tracking/jobView';
import type { JobNode, JobsTreeNode } from './jobsTree';

/** One line on how a job ended, as the API reported it. */
function endText(job: FineTuningJob): string {
	switch (job.status) {
		case 'succeeded':
			return vscode.l10n.t('Fine-tuning job {0} succeeded: {1}', job.id, job.fine_tuned_model ?? '');
		case 'failed':
			return vscode.l10n.t('Fine-tuning job {0} failed: {1}', job.id, job.error?.message ?? vscode.l10n.t('no reason given'));
		default:
			return vscode.l10n.t('Fine-tuning job {0} was cancelled.', job.id);
	}
}

/** The whole error of a failed job: its message, its code, and the parameter (file) it is about. */
function errorText(job: FineTuningJob): string {
	const { error } = job;
	if (!error) {
		return vscode.l10n.t('Fine-tuning job {0} failed; the server gave no reason.', job.id);
	}
	return error.param
		? vscode.l10n.t('Fine-tuning job {0} failed: {1} (code: {2}, parameter: {3})', job.id, error.message, error.code, error.param)
		: vscode.l10n.t('Fine-tuning job {0} failed: {1} (code: {2})', job.id, error.message, error.code);
}

function actionLabel(action: JobEndAction): string {
	switch (action) {
		case 'showMetrics':
			return vscode.l10n.t('Show Metrics');
		case 'chatWithModel':
			return vscode.l10n.t('Chat with Model');
		case 'showError':
			return vscode.l10n.t('Show Error');
		case 'showInJobs':
			return vscode.l10n.t('Show in Jobs');
		case 'showDetails':
			return vscode.l10n.t('Show Details');
	}
}

/**
 * Tells the user that the job of `node` ended, as an error when it failed, and writes its details to
 * the log. Its actions: "Show Metrics" opens the chart, "Chat with Model" the chat with the job's model,
 * "Show Error" the error with its code and parameter (then the log, from there), "Show in Jobs" selects
 * the job's row in `view`, "Show Details" the log.
 */
export function showJobEnd(node: JobNode, view: vscode.TreeView<JobsTreeNode>, log: Logger): void {
	const { job } = node;
	const details = [`job ${job.id} ended`, ...jobFacts(job).map((fact) => `  ${fact.label}: ${fact.value}`)].join('\n');
	// Training leaves a progress (step) or trained tokens behind; before it, a chart would be empty.
	const actions = jobEndActions(job, node.progress !== undefined || (job.trained_tokens ?? 0) > 0);
	const labels = actions.map(actionLabel);
	// The job's error message is the server's text.
	const text = escapeNotificationLinks(endText(job));
	let shown: Thenable<string | undefined>;
	if (job.status === 'failed') {
		log.error(details);
		shown = vscode.window.showErrorMessage(text, ...labels);
	} else {
		log.info(details);
		shown = vscode.window.showInformationMessage(text, ...labels);
	}
	void shown.then(async (choice) => {
		switch (actions[labels.indexOf(choice ?? '')]) {
			case 'showMetrics':
				await vscode.commands.executeCommand(COMMANDS.showMetrics, { connection: node.connection, jobId: node.jobId });
				break;
			case 'chatWithModel':
				await vscode.commands.executeCommand(COMMANDS.chatWithModel, node);
				break;
			case 'showError':
				await showError(job);
				break;
			case 'showInJobs':
				await showInJobs(node, view);
				break;
			case 'showDetails':
				await vscode.commands.executeCommand(COMMANDS.showLog);
				break;
		}
	});
}

/** The failed job's error in full (the notification of the end shows only its message), with the way to the log. */
async function showError(job: FineTuningJob): Promise<void> {
	const showLog = vscode.l10n.t('Show Log');
	// Not a modal: the text stays in the notification center to be read and copied next to the view.
	if ((await vscode.window.showErrorMessage(escapeNotificationLinks(errorText(job)), showLog)) === showLog) {
		await vscode.commands.executeCommand(COMMANDS.showLog);
	}
}

/** Selects the job's row; where the view has not listed it (another page, a refresh under way), opens the view. */
async function showInJobs(node: JobNode, view: vscode.TreeView<JobsTreeNode>): Promise<void> {
	try {
		await view.reveal(node, { select: true, focus: true });
	} catch {
		await vscode.commands.executeCommand(`${VIEWS.jobs}.focus`);
	}
}
