import * as vscode from 'vscode';
import type { Connections } from '../connections';
import { COMMANDS, VIEWS } from '../contributes';
import { registerMetricsPanel } from '../metrics';
import { isTreeReference } from '../jobs/treeReference';
import { registerTrustedCommand } from '../jobs/trustedCommand';
import type { ServerChanges } from '../jobs/serverChanges';
import type { Logger } from '../logger';
import { isFinal } from '../tracking/jobView';
import { Poller, type PollOutcome } from '../tracking/poller';
import { registerChatWithModel } from './chatWithModel';
import { registerExportCommand } from './exportCommand';
import { createFilesTree } from './filesTree';
import { showJobEnd } from './jobNotifications';
import { registerJobRowCommands } from './jobRowCommands';
import { JobsTree, pollKey, type JobsTreeNode, type JobNode } from './jobsTree';
import { createModelsTree } from './modelsTree';
import { registerRemoteFiles } from './remoteFiles';
import { trackWelcomeContext } from './welcomeContext';
import { getSetting } from '../editor/config';

/** The metrics chart, as one of the poller's sources of visibility beside the Jobs view. */
const METRICS_SOURCE = 'metrics-chart';

/**
 * The Fine-Tuning sidebar: the Jobs view and the poller that keeps its running jobs current while
 * the view is visible (or a job launched here runs), with nothing asked while idle; the Files and Models views;
 * uploaded files opened read-only or downloaded; the metrics chart, which the poller keeps live too.
 */
export function registerSidebar(extensionUri: vscode.Uri, connections: Connections, serverChanges: ServerChanges, log: Logger): vscode.Disposable {
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
	const files = createFilesTree(connections, log);
	const models = createModelsTree(connections, log);
	// A model or checkpoint row carries its model id under `modelId`.
	const copyModelId = async (row?: unknown): Promise<void> => {
		if (isTreeReference(row, 'modelId')) {
			await vscode.env.clipboard.writeText(row.modelId);
		}
	};
	// Jobs created in this window: the user is told when they end, wherever they are.
	const launchedHere = new Set<string>();
	// Jobs the user just ended here (cancelled): the command already said so, so the end is not announced again.
	const endedHere = new Set<string>();
	return vscode.Disposable.from(
		poller,
		jobs,
		view,
		view.onDidChangeVisibility((event) => poller.setVisible(VIEWS.jobs, event.visible)),
		vscode.window.onDidChangeWindowState((state) => state.focused && poller.refresh()),
		trackWelcomeContext(connections),
		files,
		vscode.window.createTreeView(VIEWS.files, { treeDataProvider: files }),
		vscode.workspace.onDidGrantWorkspaceTrust(() => (jobs.refresh(), files.refresh())),
		connections.onDidChange(() => (jobs.refresh(), files.refresh())),
		serverChanges.onDidDeleteFile(({ connection, fileId }) => files.remove(connection, fileId)),
		registerTrustedCommand(COMMANDS.refreshFiles, () => files.refresh()),
		models,
		vscode.window.createTreeView(VIEWS.models, { treeDataProvider: models }),
		vscode.workspace.onDidGrantWorkspaceTrust(() => models.refresh()),
		connections.onDidChange(() => models.refresh()),
		// A job that succeeded made a model.
		jobs.onDidEnd((node) => node.job.status === 'succeeded' && models.refresh()),
		serverChanges.onDidDeleteModel(({ connection, modelId }) => models.remove(connection, modelId)),
		registerTrustedCommand(COMMANDS.refreshModels, () => models.refresh()),
		vscode.commands.registerCommand(COMMANDS.copyModelId, copyModelId),
		vscode.commands.registerCommand(COMMANDS.copyCheckpointId, copyModelId),
		registerRemoteFiles(connections, log),
		registerExportCommand(connections, log),
		registerMetricsPanel({
			extensionUri,
			connections,
			log,
			watch: ({ connection, jobId }) => poller.watch(pollKey(connection, jobId)),
			setVisible: (visible) => poller.setVisible(METRICS_SOURCE, visible),
			looks: jobs.onDidLook,
			onDidRefreshJobs: (listener) => jobs.onDidChangeTreeData((node) => node === undefined && listener()),
		}),
		serverChanges.onDidChangeJob((change) => {
			const key = pollKey(change.connection, change.job.id);
			if (change.launchedHere) {
				launchedHere.add(key);
			} else if (isFinal(change.job.status)) {
				endedHere.add(key);
			}
			jobs.upsert(change.connection, change.job, change.launchedHere);
			endedHere.delete(key);
		}),
		jobs.onDidEnd((node) => {
			const key = pollKey(node.connection, node.jobId);
			const announce = launchedHere.delete(key) || getSetting('notifications.allJobs');
			if (announce && !endedHere.has(key)) {
				showJobEnd(node, view, log);
			}
		}),
		registerTrustedCommand(COMMANDS.refreshJobs, () => jobs.refresh()),
		// Only the view's own rows call it, and the view lists nothing in Restricted Mode.
		vscode.commands.registerCommand(COMMANDS.loadMoreJobs, (node?: JobsTreeNode) => (node?.kind === 'more-jobs' || node?.kind === 'more-events' ? jobs.loadMore(node) : undefined)),
		vscode.commands.registerCommand(COMMANDS.copyJobId, async (node?: JobNode) => {
			if (node?.kind === 'job') {
				await vscode.env.clipboard.writeText(node.jobId);
			}
		}),
		registerJobRowCommands(),
		registerChatWithModel(connections, log),
	);
}
