import * as vscode from 'vscode';
import { COMMANDS } from '../contributes';
import { dashboardUrl } from '../tracking/jobEnd';
import type { JobsTreeNode } from './jobsTree';

/**
 * The commands of a job's row that need no request: "Copy Model ID" (a succeeded job's fine-tuned
 * model) and "Open on Dashboard" (the job's page on the provider's website, where one is known).
 * Only the Jobs view's rows call them, so any other argument is ignored.
 */
export function registerJobRowCommands(): vscode.Disposable {
	return vscode.Disposable.from(
		vscode.commands.registerCommand(COMMANDS.copyFineTunedModelId, async (node?: JobsTreeNode) => {
			if (node?.kind === 'job' && node.job.fine_tuned_model) {
				await vscode.env.clipboard.writeText(node.job.fine_tuned_model);
			}
		}),
		vscode.commands.registerCommand(COMMANDS.openJobOnDashboard, async (node?: JobsTreeNode) => {
			const url = node?.kind === 'job' ? dashboardUrl(node.connection, node.jobId) : undefined;
			if (url) {
				await vscode.env.openExternal(vscode.Uri.parse(url));
			}
		}),
	);
}
