import * as vscode from 'vscode';
import type { Connection, Connections } from '../connections';
import { COMMANDS } from '../contributes';
import { showFailure } from '../jobs/showFailure';
import { isTreeReference } from '../jobs/treeReference';
import { registerTrustedCommand } from '../jobs/trustedCommand';
import type { Logger } from '../logger';
import { writeFileSafely } from '../safeWrite';
import type { JobLook, JobReference } from '../sidebar/jobsTree';
import { statusText } from '../tracking/jobView';
import { metricsCsv } from '../tracking/metricsSeries';
import { webviewPanelOptions } from '../webviewHtml';
import { MetricsPanel, type MetricsPanelDeps, type Rendered } from './metricsPanel';
import { isMetricsViewState, pngBase64 } from './protocol';

const VIEW_TYPE = 'finetuneStudio.metrics';

/** What the metrics chart needs: the connections, and from the sidebar the poller's watch and visibility and its looks. */
export interface MetricsDeps {
	readonly extensionUri: vscode.Uri;
	readonly connections: Connections;
	readonly log: Logger;
	/** Watches a job with the one poller while it runs, so its looks arrive through `looks`. */
	readonly watch: (reference: JobReference) => void;
	/** Tells the poller whether the chart shows jobs now. */
	readonly setVisible: (visible: boolean) => void;
	readonly looks: vscode.Event<JobLook>;
	/** Tells when the Jobs view forgot what it loaded, and with it what the poller watched. */
	readonly onDidRefreshJobs: (listener: () => void) => vscode.Disposable;
}

/**
 * The metrics chart: "Show Metrics" on a job (from its row, or picked) opens one panel with its
 * curves; the panel overlays further jobs, exports PNG and CSV through the safe writer, and is
 * restored by VS Code after a reload. Returns what the webview drew, once it drew it.
 */
export function registerMetricsPanel(deps: MetricsDeps): vscode.Disposable {
	let current: MetricsPanel | undefined;

	const panelDeps: MetricsPanelDeps = { ...deps, onAction: (panel, action) => act(panel, action, deps) };
	const adopt = (webviewPanel: vscode.WebviewPanel): MetricsPanel => {
		const panel = new MetricsPanel(webviewPanel, panelDeps);
		current = panel;
		webviewPanel.onDidDispose(() => {
			if (current === panel) {
				current = undefined;
			}
		});
		return panel;
	};

	const show = async (row?: unknown): Promise<Rendered | undefined> => {
		const reference = isTreeReference(row, 'jobId') ? { connection: row.connection, jobId: row.jobId } : await pickJob(deps.connections, vscode.l10n.t('Show the metrics of which job?'));
		if (!reference) {
			return undefined;
		}
		if (current) {
			current.reveal();
		} else {
			adopt(vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('Metrics'), vscode.ViewColumn.Active, webviewPanelOptions(deps.extensionUri)));
		}
		return (current as MetricsPanel).show([reference], true);
	};

	return vscode.Disposable.from(
		{ dispose: () => current?.dispose() },
		registerTrustedCommand(COMMANDS.showMetrics, show),
		vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
			deserializeWebviewPanel: async (webviewPanel, state: unknown) => {
				webviewPanel.webview.options = webviewPanelOptions(deps.extensionUri);
				const panel = adopt(webviewPanel);
				// The chart fetches with the key: after a reload into Restricted Mode it stays empty.
				if (!vscode.workspace.isTrusted || !isMetricsViewState(state)) {
					return;
				}
				const known = deps.connections.all();
				const references = state.jobs.flatMap((job) => {
					const connection = known.find((candidate) => candidate.name === job.connection);
					return connection ? [{ connection, jobId: job.jobId }] : [];
				});
				void panel.show(references, true);
			},
		}),
	);
}

/** Lets the user pick a job of `connection` (the default one when not given) from its newest page; undefined when cancelled. */
async function pickJob(connections: Connections, placeHolder: string, connection?: Connection, exclude: ReadonlySet<string> = new Set()): Promise<JobReference | undefined> {
	const chosen = connection ?? (await connections.choose());
	if (!chosen) {
		return undefined;
	}
	const items = (async () => {
		const { jobs } = await connections.servicesOf(chosen, 'fine-tuning');
		const page = await jobs.list({ limit: 50 });
		return page.items
			.filter((job) => !exclude.has(job.id))
			.map((job) => ({ label: job.metadata?.['dataset'] || job.id, description: `${statusText(job.status)} · ${job.model}`, detail: job.id, jobId: job.id }));
	})();
	const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDetail: true, ignoreFocusOut: true });
	return picked && { connection: chosen, jobId: picked.jobId };
}

/** Carries out what the webview asks: overlay another job, save the chart or its curves. */
async function act(panel: MetricsPanel, action: Parameters<MetricsPanelDeps['onAction']>[1], deps: MetricsDeps): Promise<void> {
	const jobs = panel.jobs();
	const first = jobs[0];
	try {
		switch (action.type) {
			case 'add-job': {
				const reference = await pickJob(deps.connections, vscode.l10n.t('Compare with which job?'), first?.connection, new Set(jobs.map((job) => job.jobId)));
				if (reference) {
					await panel.show([reference], false);
				}
				return;
			}
			case 'export-png':
				await saveAs(deps.log, vscode.l10n.t('Save the Chart as PNG'), `${first?.jobId ?? 'metrics'}.png`, { [vscode.l10n.t('PNG Image')]: ['png'] }, Buffer.from(pngBase64(action.dataUrl), 'base64'));
				return;
			case 'export-csv': {
				const text = metricsCsv(panel.curves().map((curves) => ({ jobId: curves.jobId, series: curves.series })));
				await saveAs(deps.log, vscode.l10n.t('Save the Metrics as CSV'), `${first?.jobId ?? 'metrics'}.csv`, { [vscode.l10n.t('CSV')]: ['csv'] }, text);
				return;
			}
		}
	} catch (error) {
		showFailure(vscode.l10n.t('Could not carry out the chart action'), error, deps.log);
	}
}

/** Writes `data` where the user picks, through the safe writer; the save dialog asked about replacing already. */
async function saveAs(log: Logger, title: string, name: string, filters: Record<string, string[]>, data: string | Uint8Array): Promise<void> {
	const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
	const target = await vscode.window.showSaveDialog({ title, filters, ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}) });
	if (!target) {
		return;
	}
	const written = await writeFileSafely(target.fsPath, data, { whenExists: async () => 'replace' });
	log.info(`saved ${written}`);
	void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0}.', vscode.workspace.asRelativePath(written)));
}
