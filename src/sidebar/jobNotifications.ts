import * as vscode from 'vscode';
import type { FineTuningJob } from 'openai/resources/fine-tuning/jobs/jobs';
import { COMMANDS, VIEWS } from '../contributes';
import { escapeNotificationLinks } from '../editor/markdown';
import type { Logger } from '../logger';
import { jobFacts } from '../tracking/jobView';

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

/**
 * Tells the user that `job` ended, as an error when it failed, and writes its details to the log.
 * "Show in Jobs" opens the Jobs view (where the job is listed first), "Show Details" the log.
 */
export function showJobEnd(job: FineTuningJob, log: Logger): void {
	const details = [`job ${job.id} ended`, ...jobFacts(job).map((fact) => `  ${fact.label}: ${fact.value}`)].join('\n');
	const showInJobs = vscode.l10n.t('Show in Jobs');
	const showDetails = vscode.l10n.t('Show Details');
	// The job's error message is the server's text.
	const text = escapeNotificationLinks(endText(job));
	let shown: Thenable<string | undefined>;
	if (job.status === 'failed') {
		log.error(details);
		shown = vscode.window.showErrorMessage(text, showDetails, showInJobs);
	} else {
		log.info(details);
		shown = vscode.window.showInformationMessage(text, showInJobs, showDetails);
	}
	void shown.then(async (choice) => {
		if (choice === showInJobs) {
			await vscode.commands.executeCommand(`${VIEWS.jobs}.focus`);
		} else if (choice === showDetails) {
			await vscode.commands.executeCommand(COMMANDS.showLog);
		}
	});
}
