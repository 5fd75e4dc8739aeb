import * as vscode from 'vscode';
import type { Connections } from '../connections';
import { COMMANDS, VIEWS } from '../contributes';
import { registerTrustedCommand } from '../jobs/trustedCommand';
import type { JobUpdates } from '../jobs/jobUpdates';
import type { Logger } from '../logger';
import { isFinal } from '../tracking/jobView';
import { Poller, type PollOutcome } from '../tracking/poller';
import { JobsTree, type JobsTreeNode, type JobNode } from './jobsTree';

/**
 * The Fine-Tuning sidebar: the Jobs view and the poller that keeps its running jobs current while
 * the view is visible (or a job launched here runs), with nothing asked while idle.
 */
export function registerSidebar(connections: Connections, jobUpdates: JobUpdates, log: Logger): vscode.Disposable {
	// The poller's looks go to the tree, which hands it the jobs to watch: built in that order, the
	// first look waits a tick, so the tree exists by then.
	const poller: Poller = new Poller(
		async (key): Promise<PollOutcome> => {
			const [connectionName, jobId] = key.split('\n') as [string, string];
			const connection = connections.all().find((known) => known.name === connectionName);
			if (!connection) {
				return 'final';
			}
			const job = await jobs.lookAt(connection, jobId);
			return isFinal(job.status) ? 'final' : 'continue';
		},
		{ onError: (key, error, retryInMs) => log.warn(`could not look at ${key.replace('\n', ' ')}: ${error instanceof Error ? error.message : String(error)}; next look in ${Math.round(retryInMs / 1000)} s`) },
	);
	const jobs = new JobsTree(connections, poller, log);
	const view = vscode.window.createTreeView<JobsTreeNode>(VIEWS.jobs, { treeDataProvider: jobs, showCollapseAll: true });
	return vscode.Disposable.from(
		poller,
		jobs,
		view,
		view.onDidChangeVisibility((event) => poller.setVisible(event.visible)),
		vscode.window.onDidChangeWindowState((state) => state.focused && poller.refresh()),
		vscode.workspace.onDidGrantWorkspaceTrust(() => jobs.refresh()),
		connections.onDidChange(() => jobs.refresh()),
		jobUpdates.onDidChange(({ connection, job, launchedHere }) => jobs.upsert(connection, job, launchedHere)),
		registerTrustedCommand(COMMANDS.refreshJobs, () => jobs.refresh()),
		// Only the view's own rows call it, and the view lists nothing in Restricted Mode.
		vscode.commands.registerCommand(COMMANDS.loadMoreJobs, (node?: JobsTreeNode) => (node?.kind === 'more-jobs' || node?.kind === 'more-events' ? jobs.loadMore(node) : undefined)),
		vscode.commands.registerCommand(COMMANDS.copyJobId, async (node?: JobNode) => {
			if (node?.kind === 'job') {
				await vscode.env.clipboard.writeText(node.jobId);
			}
		}),
	);
}
