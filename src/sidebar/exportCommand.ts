import * as vscode from 'vscode';
import { formatBytes } from '../byteSize';
import type { Connections, ConnectionServices } from '../connections';
import { COMMANDS } from '../contributes';
import { byteProgress } from '../editor/progress';
import { escapeNotificationLinks } from '../editor/markdown';
import { exportJobs, type ExportSummary } from '../export/exportJobs';
import { showFailure } from '../jobs/showFailure';
import { isTreeReference } from '../jobs/treeReference';
import { registerTrustedCommand } from '../jobs/trustedCommand';
import type { Logger } from '../logger';

/**
 * "Export Fine-Tuning Data…": every job of a connection (or the ones picked, or the job of a Jobs
 * view row) into a folder, one folder per job, with a cancellable byte progress and a summary.
 * Running it again over the same folder resumes: what is complete is skipped. A folder `Uri` as the
 * second argument is for automation. Resolves to the summary, or undefined when nothing ran.
 */
export function registerExportCommand(connections: Connections, log: Logger): vscode.Disposable {
	const run = async (row?: unknown, folder?: unknown): Promise<ExportSummary | undefined> => {
		let services: ConnectionServices;
		let jobIds: readonly string[] | undefined;
		try {
			services = isTreeReference(row, 'jobId') ? await connections.servicesOf(row.connection, 'fine-tuning') : await connections.use('fine-tuning');
			if (isTreeReference(row, 'jobId')) {
				jobIds = [row.jobId];
			} else {
				const picked = await pickJobs(services);
				if (picked === 'cancelled') {
					return undefined;
				}
				jobIds = picked;
			}
		} catch (error) {
			showFailure(vscode.l10n.t('Could not export the fine-tuning data'), error, log);
			return undefined;
		}
		const outDir = folder instanceof vscode.Uri ? folder : await pickFolder();
		if (!outDir) {
			return undefined;
		}
		const { name } = services.connection;
		const summary = await vscode.window.withProgress(
			{ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Exporting the fine-tuning data of {0}', name), cancellable: true },
			(progress, token) => {
				const abort = new AbortController();
				token.onCancellationRequested(() => abort.abort());
				return exportJobs(services, { outDir: outDir.fsPath, ...(jobIds ? { jobIds } : {}), signal: abort.signal, onProgress: byteProgress(progress), logger: log });
			},
		);
		report(summary, outDir, log, () => run(row, outDir));
		return summary;
	};
	return registerTrustedCommand(COMMANDS.exportFineTuningData, run);
}

/** The jobs to export: all of them (undefined), the ones ticked, or 'cancelled'. */
async function pickJobs(services: ConnectionServices): Promise<readonly string[] | undefined | 'cancelled'> {
	const jobs = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Listing the jobs of {0}…', services.connection.name) }, () => services.jobs.listAll());
	if (jobs.length === 0) {
		void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no fine-tuning jobs to export.', services.connection.name));
		return 'cancelled';
	}
	const picked = await vscode.window.showQuickPick(
		jobs.map((job) => ({
			label: job.metadata?.['dataset'] || job.id,
			description: `${job.status} · ${job.model}`,
			detail: `${job.id} · ${new Date(job.created_at * 1000).toLocaleString()}${job.fine_tuned_model ? ` · ${job.fine_tuned_model}` : ''}`,
			picked: true,
			jobId: job.id,
		})),
		{ title: vscode.l10n.t('Export Fine-Tuning Data: {0} jobs on {1}', jobs.length, services.connection.name), placeHolder: vscode.l10n.t('Untick the jobs to leave out'), canPickMany: true, matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true },
	);
	if (!picked || picked.length === 0) {
		return 'cancelled';
	}
	return picked.length === jobs.length ? undefined : picked.map((item) => item.jobId);
}

async function pickFolder(): Promise<vscode.Uri | undefined> {
	const [folder] =
		(await vscode.window.showOpenDialog({
			title: vscode.l10n.t('Export Fine-Tuning Data Into'),
			openLabel: vscode.l10n.t('Export Here'),
			canSelectFiles: false,
			canSelectFolders: true,
			canSelectMany: false,
			...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
		})) ?? [];
	return folder;
}

/** The summary as a notification: done, done with failures (run again to resume), or cancelled. */
function report(summary: ExportSummary, outDir: vscode.Uri, log: Logger, again: () => Promise<unknown>): void {
	const figures = vscode.l10n.t(
		'{0} files downloaded ({1}), {2} already there',
		summary.downloaded + summary.linked,
		formatBytes(summary.bytesDownloaded),
		summary.skipped,
	);
	log.info(`export into ${outDir.fsPath}: ${summary.jobsComplete} of ${summary.jobs} jobs complete; ${figures}`);
	for (const failure of summary.failures) {
		log.warn(`export: ${failure.jobId ?? 'jobs'} ${failure.item}: ${failure.reason}`);
	}
	if (summary.cancelled) {
		void vscode.window.showInformationMessage(vscode.l10n.t('Export cancelled. Nothing incomplete was kept; run it again over the same folder to go on.'));
		return;
	}
	if (summary.failures.length === 0) {
		void vscode.window.showInformationMessage(vscode.l10n.t('Exported {0} jobs into {1}: {2}.', summary.jobs, outDir.fsPath, figures));
		return;
	}
	const retry = vscode.l10n.t('Run Again');
	const details = vscode.l10n.t('Show Details');
	const first = summary.failures[0];
	void vscode.window
		.showWarningMessage(
			escapeNotificationLinks(
				vscode.l10n.t(
					'Exported {0} of {1} jobs completely; {2} items could not be exported (first: {3}: {4}). Running it again resumes where it stopped.',
					summary.jobsComplete,
					summary.jobs,
					summary.failures.length,
					first?.item ?? '',
					first?.reason ?? '',
				),
			),
			retry,
			details,
		)
		.then(async (choice) => {
			if (choice === retry) {
				await again();
			} else if (choice === details) {
				await vscode.commands.executeCommand(COMMANDS.showLog);
			}
		});
}
