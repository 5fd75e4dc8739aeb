import type { FineTuningJob, FineTuningJobEvent } from 'openai/resources/fine-tuning/jobs/jobs';
import * as vscode from 'vscode';
import type { Connection } from '../connections';
import { Disposable } from '../dispose';
import type { MetricsDeps } from './index';
import type { JobLook, JobReference } from '../sidebar/jobsTree';
import { isFinal, metricsOf } from '../tracking/jobView';
import { parseResultCsv, pointOfMetrics, toSeries, type StepPoint } from '../tracking/metricsSeries';
import { renderWebviewHtml } from '../webviewHtml';
import { isFromWebview, type FromWebview, type JobCurves, type JobRef, type ToWebview } from './protocol';

/** What the webview reported after drawing: the `rendered` message, for the command's caller (and tests). */
export type Rendered = Omit<Extract<FromWebview, { type: 'rendered' }>, 'type' | 'revision'>;

/** What the panel needs from the rest of the extension. */
export interface MetricsPanelDeps extends MetricsDeps {
	/** Actions the webview asks for, carried out by the host (pick, save). */
	readonly onAction: (panel: MetricsPanel, action: Extract<FromWebview, { type: 'export-png' | 'export-csv' | 'add-job' }>) => Promise<void>;
}

/** One job as the panel follows it. */
interface Followed extends JobReference {
	job?: FineTuningJob;
	/** Every step from the result CSV, once the job is done. */
	csv?: StepPoint[];
	/** Points from metrics events, by step (while the job runs, or when it has no result file). */
	readonly events: Map<number, StepPoint>;
	checkpoints: StepPoint[];
	error?: string;
}

function keyOf(reference: JobRef): string {
	return `${reference.connection}\n${reference.jobId}`;
}

/**
 * The metrics chart of one or more jobs: loads each job's curves (the result CSV once it ended,
 * metrics events while it runs), follows running jobs through the poller's looks, and redraws the
 * webview when anything changes.
 */
export class MetricsPanel extends Disposable {
	private readonly followed = new Map<string, Followed>();
	private ready = false;
	/** Bumped at each change; the webview echoes the revision it drew. */
	private revision = 0;
	private waiters: { revision: number; resolve: (rendered: Rendered | undefined) => void }[] = [];

	constructor(
		readonly panel: vscode.WebviewPanel,
		private readonly deps: MetricsPanelDeps,
	) {
		super();
		const webview = panel.webview;
		this._register(webview.onDidReceiveMessage((message: unknown) => this.receive(message)));
		this._register(deps.looks((look) => void this.onLook(look)));
		// A refresh of the Jobs view stops the poller watching every job: the running ones shown here are watched again.
		this._register(deps.onDidRefreshJobs(() => this.jobs().filter((followed) => followed.job && !isFinal(followed.job.status)).forEach((followed) => deps.watch(followed))));
		this._register(panel.onDidChangeViewState(() => deps.setVisible(panel.visible)));
		this._register(
			panel.onDidDispose(() => {
				deps.setVisible(false);
				this.waiters.splice(0).forEach((waiter) => waiter.resolve(undefined));
				super.dispose();
			}),
		);
		deps.setVisible(panel.visible);
		webview.html = renderWebviewHtml(webview, deps.extensionUri, { title: vscode.l10n.t('Fine-Tuning Metrics'), script: 'metrics.js', styles: ['media/webview.css', 'dist/webview/metrics.css', 'media/metrics.css'] });
	}

	/** The jobs shown, in order. */
	jobs(): Followed[] {
		return [...this.followed.values()];
	}

	/** Shows the curves of `references` (added to those shown unless `replace`); settles once the webview drew them, with what it drew. */
	async show(references: readonly JobReference[], replace: boolean): Promise<Rendered | undefined> {
		// Asked again for what it shows: the poller keeps that current, so redraw without fetching (unless loading failed).
		const keys = references.map((reference) => keyOf({ connection: reference.connection.name, jobId: reference.jobId }));
		if (replace && keys.length === this.followed.size && keys.every((key) => this.followed.has(key)) && !this.jobs().some((followed) => followed.error)) {
			return this.changed();
		}
		if (replace) {
			this.followed.clear();
		}
		await Promise.all(
			references.map((reference) => {
				const followed: Followed = this.followed.get(keyOf({ connection: reference.connection.name, jobId: reference.jobId })) ?? { ...reference, events: new Map(), checkpoints: [] };
				this.followed.set(keyOf({ connection: reference.connection.name, jobId: reference.jobId }), followed);
				return this.load(followed);
			}),
		);
		this.panel.title = this.title();
		return this.changed();
	}

	remove(reference: JobRef): void {
		this.followed.delete(keyOf(reference));
		this.panel.title = this.title();
		void this.changed();
	}

	reveal(): void {
		this.panel.reveal();
	}

	override dispose(): void {
		this.panel.dispose();
	}

	/** The curves of every job shown. */
	curves(): JobCurves[] {
		return this.jobs().map((followed) => ({
			connection: followed.connection.name,
			jobId: followed.jobId,
			label: followed.job?.metadata?.['dataset'] || followed.jobId,
			status: followed.job?.status ?? 'unknown',
			source: followed.csv ? 'result-file' : 'events',
			series: toSeries(followed.csv ?? [], [...followed.events.values()], followed.checkpoints),
			checkpoints: followed.checkpoints.map((point) => point.step),
			...(followed.error ? { error: followed.error } : {}),
		}));
	}

	/** Loads a job's curves whole: its state, checkpoints, then the result CSV or, without one, every metrics event. */
	private async load(followed: Followed): Promise<void> {
		const { connection, jobId } = followed;
		try {
			const { jobs, files } = await this.deps.connections.servicesOf(connection);
			const job = await jobs.retrieve(jobId);
			followed.job = job;
			followed.checkpoints = await this.checkpointsOf(connection, jobId);
			const resultFile = isFinal(job.status) ? job.result_files[0] : undefined;
			if (resultFile) {
				const { points, skippedRows } = parseResultCsv((await files.readContent(resultFile)).toString('utf8'));
				if (skippedRows > 0) {
					this.deps.log.warn(`the result file ${resultFile} of ${jobId} has ${skippedRows} rows that are not steps; skipped`);
				}
				followed.csv = points;
				followed.events.clear();
			} else {
				this.mergeEvents(followed, await jobs.listAllEvents(jobId, { limit: 100 }));
			}
			delete followed.error;
			if (!isFinal(job.status)) {
				this.deps.watch(followed);
			}
		} catch (error) {
			followed.error = error instanceof Error ? error.message : String(error);
			this.deps.log.warn(`could not load the metrics of ${jobId}: ${followed.error}`);
		}
	}

	private async checkpointsOf(connection: Connection, jobId: string): Promise<StepPoint[]> {
		const { jobs } = await this.deps.connections.servicesOf(connection);
		const page = await jobs.listCheckpoints(jobId, { limit: 100 });
		return page.items.map((checkpoint) => pointOfMetrics({ ...checkpoint.metrics, step: checkpoint.step_number })).filter((point) => point !== undefined);
	}

	/** Adds the steps of metrics events; returns the steps added. */
	private mergeEvents(followed: Followed, events: readonly FineTuningJobEvent[]): number[] {
		const added: number[] = [];
		for (const event of events) {
			const metrics = metricsOf(event);
			const point = metrics && pointOfMetrics(metrics);
			if (point && !followed.events.has(point.step)) {
				followed.events.set(point.step, point);
				added.push(point.step);
			}
		}
		return added;
	}

	/** A poll of a job shown here: new metrics events extend its curves; its end brings the result CSV. */
	private async onLook(look: JobLook): Promise<void> {
		const followed = this.followed.get(keyOf({ connection: look.connection.name, jobId: look.jobId }));
		if (!followed || followed.csv) {
			return;
		}
		followed.job = look.job;
		const lastStep = Math.max(0, ...followed.events.keys());
		const added = this.mergeEvents(followed, look.newestEvents);
		// More steps passed between two looks than one page of events holds: read them all once.
		const missed = added.length > 0 && Math.min(...added) > lastStep + 1;
		if (isFinal(look.job.status) || missed) {
			await this.load(followed);
		} else if (added.length > 0) {
			try {
				followed.checkpoints = await this.checkpointsOf(followed.connection, followed.jobId);
			} catch (error) {
				this.deps.log.warn(`could not list the checkpoints of ${followed.jobId}: ${error instanceof Error ? error.message : String(error)}`);
			}
		} else {
			return;
		}
		void this.changed();
	}

	private title(): string {
		const labels = this.jobs().map((followed) => followed.job?.metadata?.['dataset'] || followed.jobId);
		return labels.length === 1 ? vscode.l10n.t('Metrics: {0}', labels[0] as string) : vscode.l10n.t('Metrics: {0} jobs', labels.length);
	}

	/** Redraws (once the webview listens); settles when the webview drew this revision or a later one. */
	private changed(): Promise<Rendered | undefined> {
		const revision = ++this.revision;
		const drawn = new Promise<Rendered | undefined>((resolve) => this.waiters.push({ revision, resolve }));
		void this.post();
		return drawn;
	}

	private async post(): Promise<void> {
		if (this.ready && !this.isDisposed) {
			const message: ToWebview = { type: 'curves', revision: this.revision, jobs: this.curves() };
			await this.panel.webview.postMessage(message);
		}
	}

	private async receive(message: unknown): Promise<void> {
		if (!isFromWebview(message)) {
			this.deps.log.warn('ignored a malformed message from the metrics webview');
			return;
		}
		switch (message.type) {
			case 'ready':
				this.ready = true;
				// Nothing asked for yet (a panel restored in Restricted Mode): posting no jobs would wipe the jobs its state keeps.
				if (this.revision > 0) {
					await this.post();
				}
				break;
			case 'rendered': {
				const { jobs, checkpoints, renderMs, theme } = message;
				const settled = this.waiters.filter((waiter) => waiter.revision <= message.revision);
				this.waiters = this.waiters.filter((waiter) => waiter.revision > message.revision);
				settled.forEach((waiter) => waiter.resolve({ jobs, checkpoints, renderMs, theme }));
				break;
			}
			case 'remove-job':
				this.remove(message.job);
				break;
			default:
				await this.deps.onAction(this, message);
		}
	}
}
