import * as vscode from 'vscode';
import { escapeNotificationLinks } from '../editor/markdown';
import type { FineTuningJob } from 'openai/resources/fine-tuning/jobs/jobs';
import { COMMANDS } from '../contributes';
import { Disposable } from '../dispose';
import type { Logger } from '../logger';
import type { Connection, Connections } from '../connections';

/** One line on a job's state as the API reported it. */
function describeStatus(job: FineTuningJob): string {
	switch (job.status) {
		case 'succeeded':
			return vscode.l10n.t('Fine-tuning job {0} succeeded: {1}', job.id, job.fine_tuned_model ?? '');
		case 'failed':
			return vscode.l10n.t('Fine-tuning job {0} failed: {1}', job.id, job.error?.message ?? vscode.l10n.t('no reason given'));
		default:
			return vscode.l10n.t('Fine-tuning job {0} is {1}.', job.id, job.status.replace(/_/g, ' '));
	}
}

/**
 * Writes the job's details to the log and tells the user its state, as an error when it failed;
 * "Show Log" opens the details. Until the jobs sidebar exists, this is where a job is seen.
 */
export function showJobStatus(job: FineTuningJob, log: Logger): void {
	const details = [
		`job ${job.id}`,
		`  status: ${job.status}`,
		`  model: ${job.model}`,
		`  method: ${job.method?.type ?? 'supervised'}`,
		`  training file: ${job.training_file}`,
		`  validation file: ${job.validation_file ?? 'none'}`,
		`  fine-tuned model: ${job.fine_tuned_model ?? 'not yet'}`,
		`  seed: ${job.seed}`,
		`  created: ${new Date(job.created_at * 1000).toISOString()}`,
		...(job.error ? [`  error: ${job.error.code}: ${job.error.message}`] : []),
	].join('\n');
	const showLog = vscode.l10n.t('Show Log');
	// The job's error message is the server's text.
	const status = escapeNotificationLinks(describeStatus(job));
	let shown: Thenable<string | undefined>;
	if (job.status === 'failed') {
		log.error(details);
		shown = vscode.window.showErrorMessage(status, showLog);
	} else {
		log.info(details);
		shown = vscode.window.showInformationMessage(status, showLog);
	}
	void shown.then(async (choice) => {
		if (choice === showLog) {
			await vscode.commands.executeCommand(COMMANDS.showLog);
		}
	});
}

// OpenAI validates a job's files within seconds to minutes: looked at soon, then less often.
const POLL_DELAYS_MS = [2_000, 5_000, 10_000, 30_000, 60_000];
// Past this, a job still validating is left to the jobs sidebar and OpenAI's dashboard.
const WATCH_LIMIT_MS = 30 * 60_000;

/**
 * Watches the jobs this extension created while OpenAI validates their files, the step where a
 * file that does not fit the method fails the job (`invalid_training_file`), and tells the user when
 * one fails; once training starts, following the job is the jobs sidebar's.
 */
export class NewJobWatcher extends Disposable {
	private readonly timers = new Set<NodeJS.Timeout>();

	constructor(
		private readonly connections: Connections,
		private readonly log: Logger,
	) {
		super();
		this._register({ dispose: () => this.timers.forEach((timer) => clearTimeout(timer)) });
	}

	/** Watches `jobId` on `connection`, where it was created. */
	watch(jobId: string, connection: Connection): void {
		this.schedule(jobId, connection, 0, Date.now());
	}

	private schedule(jobId: string, connection: Connection, attempt: number, started: number): void {
		const delay = POLL_DELAYS_MS[Math.min(attempt, POLL_DELAYS_MS.length - 1)] as number;
		if (this.isDisposed || Date.now() + delay - started > WATCH_LIMIT_MS) {
			this.log.info(`stopped watching ${jobId} while it validates its files`);
			return;
		}
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			void this.look(jobId, connection, attempt, started);
		}, delay);
		this.timers.add(timer);
	}

	private async look(jobId: string, connection: Connection, attempt: number, started: number): Promise<void> {
		let job: FineTuningJob;
		try {
			job = await (await this.connections.servicesOf(connection)).jobs.retrieve(jobId);
		} catch (error) {
			this.log.warn(`could not look at ${jobId}: ${error instanceof Error ? error.message : String(error)}`);
			this.schedule(jobId, connection, attempt + 1, started);
			return;
		}
		if (this.isDisposed) {
			return;
		}
		if (job.status === 'validating_files') {
			this.schedule(jobId, connection, attempt + 1, started);
		} else if (job.status === 'failed') {
			showJobStatus(job, this.log);
		} else {
			this.log.info(`${jobId} passed file validation: ${job.status}`);
		}
	}
}
