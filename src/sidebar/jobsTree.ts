import * as vscode from 'vscode';
import type { FineTuningJob, FineTuningJobEvent } from 'openai/resources/fine-tuning/jobs/jobs';
import type { FineTuningJobCheckpoint } from 'openai/resources/fine-tuning/jobs/checkpoints';
import type { Connection, Connections } from '../connections';
import { COMMANDS, VIEWS } from '../contributes';
import { Disposable } from '../dispose';
import { escapeMarkdown } from '../editor/markdown';
import type { Logger } from '../logger';
import { EVENTS_PAGE_SIZE, JobLists, pollKey, type Loaded, type TrackedJob } from '../tracking/jobLists';
import { checkpointLine, eventIcon, eventLine, isFinal, jobDescription, jobFacts, pollIntervalMs, statusIcon } from '../tracking/jobView';
import { dashboardUrl } from '../tracking/jobEnd';
import type { Poller } from '../tracking/poller';
import { connectionItem, ConnectionNodes, describeError, failureNode, messageItem, remoteFileItem, themeIcon, type ConnectionNode, type MessageNode, type RemoteFileNode } from './treeParts';

export { pollKey } from '../tracking/jobLists';

/** A job as the commands on it need it: which job, on which connection. */
export interface JobReference {
	readonly connection: Connection;
	readonly jobId: string;
}

/** A job; kept as one object per job so that a poll can refresh just its row. */
export type JobNode = TrackedJob<Connection>;

interface MoreJobsNode {
	readonly kind: 'more-jobs';
	readonly connection: Connection;
}

type SectionKind = 'events' | 'checkpoints' | 'metrics' | 'results';

interface SectionNode {
	readonly kind: 'section';
	readonly section: SectionKind;
	readonly parent: JobNode;
}

interface EventNode {
	readonly kind: 'event';
	readonly event: FineTuningJobEvent;
}

interface MoreEventsNode {
	readonly kind: 'more-events';
	readonly parent: JobNode;
}

/** A checkpoint; `modelId` (its `fine_tuned_model_checkpoint`) is what Copy Checkpoint ID and Deploy take, as from a model row. */
interface CheckpointNode {
	readonly kind: 'checkpoint';
	readonly checkpoint: FineTuningJobCheckpoint;
	readonly connection: Connection;
	readonly modelId: string;
}

export type JobsTreeNode = ConnectionNode | JobNode | MoreJobsNode | SectionNode | EventNode | MoreEventsNode | CheckpointNode | RemoteFileNode | MessageNode;

/** One poll's findings about a job: its state and, while it trains or once it ended, its newest events. */
export interface JobLook extends JobReference {
	readonly job: FineTuningJob;
	readonly newestEvents: readonly FineTuningJobEvent[];
}

/**
 * The Jobs view's data: connections (when there are several), their jobs newest first in pages, and
 * under each job its events (paged, newest first), checkpoints and files, each loaded when expanded.
 * Jobs that can still change are handed to the poller, whose looks come back through {@link lookAt}.
 */
export class JobsTree extends Disposable implements vscode.TreeDataProvider<JobsTreeNode> {
	private readonly changed = this._register(new vscode.EventEmitter<JobsTreeNode | undefined>());
	readonly onDidChangeTreeData = this.changed.event;
	private readonly ended = this._register(new vscode.EventEmitter<JobNode>());
	/** A job seen running (or waiting) was seen again in a final state. */
	readonly onDidEnd = this.ended.event;
	private readonly looked = this._register(new vscode.EventEmitter<JobLook>());
	/** Each poll of a job, for what else shows it (the metrics chart). */
	readonly onDidLook = this.looked.event;

	private readonly lists: JobLists<Connection>;
	private readonly connectionNodes = new ConnectionNodes();

	constructor(
		private readonly connections: Connections,
		private readonly poller: Poller,
		private readonly log: Logger,
	) {
		super();
		this.lists = new JobLists<Connection>(
			{
				listJobs: async (connection, request) => (await connections.servicesOf(connection, 'fine-tuning')).jobs.list(request),
				listEvents: async (connection, jobId, request) => (await connections.servicesOf(connection)).jobs.listEvents(jobId, request),
			},
			{
				onListed: (node) => poller.watch(pollKey(node.connection, node.jobId), { intervalMs: pollIntervalMs(node.job.status) }),
				onEnded: (node) => this.ended.fire(node),
			},
		);
	}

	/**
	 * Forgets the lists loaded and asks the view to load them again. The jobs being followed stay
	 * followed (and keep their last known state), so that a refresh does not lose the end of a job.
	 */
	refresh(): void {
		this.lists.clear();
		this.connectionNodes.clear();
		this.changed.fire(undefined);
	}

	/** The job node of `reference`, when the tree has loaded it. */
	nodeOf(reference: JobReference): JobNode | undefined {
		return this.lists.nodeOf(reference.connection, reference.jobId);
	}

	/** Puts a job the user just created or changed into the tree (newest first) and watches it. */
	upsert(connection: Connection, job: FineTuningJob, pinned = false): void {
		const { node, listLoaded, inserted } = this.lists.upsert(connection, job);
		if (inserted) {
			this.changed.fire(this.rootOf(connection));
		} else if (listLoaded) {
			this.changed.fire(node);
		}
		if (!isFinal(job.status)) {
			this.poller.watch(pollKey(connection, job.id), { pinned, intervalMs: pollIntervalMs(job.status) });
		}
	}

	/** One poll of a job: its state and, while it trains, its newest events (for the step). */
	async lookAt(connection: Connection, jobId: string): Promise<FineTuningJob> {
		const services = await this.connections.servicesOf(connection);
		const job = await services.jobs.retrieve(jobId);
		const before = this.lists.nodeOf(connection, jobId)?.job.status;
		const node = this.lists.update(connection, job);
		if (!isFinal(job.status) && before !== job.status) {
			this.poller.watch(pollKey(connection, jobId), { intervalMs: pollIntervalMs(job.status) });
		}
		let newestEvents: readonly FineTuningJobEvent[] = [];
		if (job.status === 'running' || isFinal(job.status)) {
			newestEvents = (await services.jobs.listEvents(jobId, { limit: EVENTS_PAGE_SIZE })).items;
			this.lists.mergeNewestEvents(node, newestEvents);
		}
		this.changed.fire(node);
		this.looked.fire({ connection, jobId, job, newestEvents });
		return job;
	}

	getTreeItem(node: JobsTreeNode): vscode.TreeItem {
		switch (node.kind) {
			case 'connection':
				return connectionItem(node.connection, VIEWS.jobs);
			case 'job':
				return this.jobItem(node);
			case 'more-jobs':
				return this.moreItem(vscode.l10n.t('Load More Jobs'), COMMANDS.loadMoreJobs, node);
			case 'section':
				return this.sectionItem(node);
			case 'event':
				return this.eventItem(node.event);
			case 'more-events':
				return this.moreItem(vscode.l10n.t('Load Older Events'), COMMANDS.loadMoreJobs, node);
			case 'checkpoint': {
				const { label, description } = checkpointLine(node.checkpoint);
				const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
				item.description = description;
				item.iconPath = new vscode.ThemeIcon('milestone');
				item.tooltip = new vscode.MarkdownString(`${escapeMarkdown(node.checkpoint.fine_tuned_model_checkpoint)}  \n${escapeMarkdown(description)}`);
				// Azure deploys checkpoints: `checkpoint.azure` offers Deploy….
				item.contextValue = node.connection.kind === 'azure' ? 'checkpoint.azure' : 'checkpoint';
				return item;
			}
			case 'file':
				return remoteFileItem(node, VIEWS.jobs);
			case 'message':
				return messageItem(node);
		}
	}

	async getChildren(node?: JobsTreeNode): Promise<JobsTreeNode[]> {
		if (!node) {
			return this.connectionNodes.roots(this.connections, (connection) => this.jobsOf(connection));
		}
		switch (node.kind) {
			case 'connection':
				return this.jobsOf(node.connection);
			case 'job':
				return this.sectionsOf(node);
			case 'section':
				return this.sectionChildren(node);
			default:
				return [];
		}
	}

	/**
	 * What `TreeView.reveal` needs to find a job's row: the connection above a job when the connections
	 * are the roots, and the job above its sections. Rows further down are never revealed, so they have none.
	 */
	getParent(node: JobsTreeNode): JobsTreeNode | undefined {
		switch (node.kind) {
			case 'job':
			case 'more-jobs':
				return this.rootOf(node.connection);
			case 'section':
			case 'more-events':
				return node.parent;
			default:
				return undefined;
		}
	}

	/** Loads the next page of jobs of `connection` (the "Load More Jobs" row), or older events under a job. */
	async loadMore(node: MoreJobsNode | MoreEventsNode): Promise<void> {
		try {
			if (node.kind === 'more-jobs') {
				await this.lists.loadMoreJobs(node.connection);
				this.changed.fire(this.rootOf(node.connection));
			} else {
				await this.lists.loadMoreEvents(node.parent);
				this.changed.fire(node.parent);
			}
		} catch (error) {
			this.log.warn(`could not load more: ${describeError(error)}`);
			void vscode.window.showErrorMessage(vscode.l10n.t('Could not load more: {0}', describeError(error)));
		}
	}

	/** What to refresh when the jobs of `connection` change: its node, or the whole tree when its jobs are the roots. */
	private rootOf(connection: Connection): ConnectionNode | undefined {
		return this.connections.all().length > 1 ? this.connectionNodes.of(connection) : undefined;
	}

	private async jobsOf(connection: Connection): Promise<JobsTreeNode[]> {
		let loaded: Loaded<JobNode>;
		try {
			loaded = await this.lists.jobsOf(connection);
		} catch (error) {
			return [failureNode(connection, error, 'jobs', COMMANDS.refreshJobs, this.log)];
		}
		const rows: JobsTreeNode[] = [...loaded.items];
		if (loaded.nextCursor) {
			rows.push({ kind: 'more-jobs', connection });
		}
		return rows;
	}

	private sectionsOf(node: JobNode): JobsTreeNode[] {
		const { job, connection } = node;
		const sections: JobsTreeNode[] = [
			{ kind: 'section', section: 'events', parent: node },
			{ kind: 'section', section: 'checkpoints', parent: node },
			{ kind: 'section', section: 'metrics', parent: node },
		];
		if (job.result_files.length > 0) {
			sections.push({ kind: 'section', section: 'results', parent: node });
		}
		sections.push({ kind: 'file', connection, fileId: job.training_file, role: 'training' });
		if (job.validation_file) {
			sections.push({ kind: 'file', connection, fileId: job.validation_file, role: 'validation' });
		}
		return sections;
	}

	private async sectionChildren(node: SectionNode): Promise<JobsTreeNode[]> {
		const { connection, jobId, job } = node.parent;
		try {
			switch (node.section) {
				case 'events': {
					const loaded = await this.lists.eventsOf(node.parent);
					const rows: JobsTreeNode[] = loaded.items.map((event) => ({ kind: 'event', event }));
					if (loaded.nextCursor) {
						rows.push({ kind: 'more-events', parent: node.parent });
					}
					return rows.length ? rows : [{ kind: 'message', text: vscode.l10n.t('No events yet'), icon: { id: 'info' } }];
				}
				case 'checkpoints': {
					const page = await (await this.connections.servicesOf(connection)).jobs.listCheckpoints(jobId, { limit: 10 });
					return page.items.length
						? page.items.map((checkpoint) => ({ kind: 'checkpoint', checkpoint, connection, modelId: checkpoint.fine_tuned_model_checkpoint }))
						: [{ kind: 'message', text: vscode.l10n.t('No checkpoints yet'), icon: { id: 'info' } }];
				}
				case 'metrics':
					return [];
				case 'results':
					return job.result_files.map((fileId) => ({ kind: 'file', connection, fileId, role: 'result' }));
			}
		} catch (error) {
			return [failureNode(connection, error, 'events and checkpoints', COMMANDS.refreshJobs, this.log)];
		}
	}

	private jobItem(node: JobNode): vscode.TreeItem {
		const { job } = node;
		// The dataset's name (the wizard puts it in the job's metadata) reads better than a 30-character id, which the tooltip and Copy Job ID keep.
		const dataset = job.metadata?.['dataset'];
		const item = new vscode.TreeItem(dataset || job.id, vscode.TreeItemCollapsibleState.Collapsed);
		item.id = `${VIEWS.jobs}/job/${node.connection.name}/${job.id}`;
		item.description = jobDescription(job, node.progress, Date.now() / 1000);
		item.iconPath = themeIcon(statusIcon(job.status));
		const tooltip = new vscode.MarkdownString(`**${escapeMarkdown(job.id)}**\n\n`);
		tooltip.appendMarkdown(jobFacts(job).map((fact) => `${escapeMarkdown(fact.label)}: ${escapeMarkdown(fact.value)}`).join('  \n'));
		item.tooltip = tooltip;
		// Menus pick their commands by status (`job.running`, `job.paused`, `job.succeeded`, …), and
		// "Open on Dashboard" by the word `dashboard` after it, for the jobs of a provider that has one.
		item.contextValue = `job.${job.status}${dashboardUrl(node.connection, job.id) ? ' dashboard' : ''}`;
		item.accessibilityInformation = { label: `${job.id}, ${item.description}` };
		return item;
	}

	private sectionItem(node: SectionNode): vscode.TreeItem {
		const labels: Record<SectionKind, string> = { events: vscode.l10n.t('Events'), checkpoints: vscode.l10n.t('Checkpoints'), metrics: vscode.l10n.t('Metrics'), results: vscode.l10n.t('Result Files') };
		const icons: Record<SectionKind, string> = { events: 'list-unordered', checkpoints: 'milestone', metrics: 'graph-line', results: 'graph' };
		// Metrics is a row to open (the chart), not to expand.
		const opens = node.section === 'metrics';
		const item = new vscode.TreeItem(labels[node.section], opens ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed);
		item.id = `${VIEWS.jobs}/job/${node.parent.connection.name}/${node.parent.jobId}/${node.section}`;
		item.iconPath = new vscode.ThemeIcon(icons[node.section]);
		if (opens) {
			item.command = { title: vscode.l10n.t('Show Metrics'), command: COMMANDS.showMetrics, arguments: [{ connection: node.parent.connection, jobId: node.parent.jobId }] };
		}
		return item;
	}

	private eventItem(event: FineTuningJobEvent): vscode.TreeItem {
		const item = new vscode.TreeItem(eventLine(event), vscode.TreeItemCollapsibleState.None);
		item.description = new Date(event.created_at * 1000).toLocaleTimeString();
		item.iconPath = themeIcon(eventIcon(event));
		item.tooltip = new vscode.MarkdownString(`${escapeMarkdown(event.message)}  \n${escapeMarkdown(new Date(event.created_at * 1000).toISOString())}`);
		return item;
	}

	private moreItem(label: string, command: string, node: JobsTreeNode): vscode.TreeItem {
		const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
		item.iconPath = new vscode.ThemeIcon('ellipsis');
		item.command = { title: label, command, arguments: [node] };
		return item;
	}
}
