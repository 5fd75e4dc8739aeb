// The messages between the metrics panel's host and its webview; both sides import this file.
import { SERIES_KEYS, type JobSeries, type SeriesKey } from '../tracking/metricsSeries';

/** A job the panel shows, by connection name and job id: what survives a reload. */
export interface JobRef {
	readonly connection: string;
	readonly jobId: string;
}

/** What the webview keeps across reloads through `vscode.setState`; the serializer reopens these jobs. */
export interface MetricsViewState {
	readonly jobs: readonly JobRef[];
	/** The smoothing weight, 0 (none) to 0.99. */
	readonly smoothing: number;
}

/** One job's curves and where they come from. */
export interface JobCurves extends JobRef {
	/** The dataset's name or the job id. */
	readonly label: string;
	readonly status: string;
	/** `events` while the job runs (curves grow as metrics events arrive), `result-file` once its CSV holds every step. */
	readonly source: 'events' | 'result-file';
	readonly series: JobSeries;
	/** The steps at which checkpoints were saved. */
	readonly checkpoints: readonly number[];
	/** Why the curves could not be loaded, when they could not. */
	readonly error?: string;
}

/** What the webview drew for one job: per curve the number of points and their sum (raw, before smoothing). */
export type DrawnCurves = Record<SeriesKey, { readonly points: number; readonly sum: number }>;

/** Host → webview. */
export type ToWebview =
	/** Every job's curves, each time one of them changes: the webview redraws from these. */
	| { readonly type: 'curves'; readonly revision: number; readonly jobs: readonly JobCurves[] };

/** Webview → host. */
export type FromWebview =
	/** The webview's script runs and listens; the host posts nothing before it. */
	| { readonly type: 'ready' }
	/**
	 * The chart of `revision` was drawn (again after a theme change): what it shows per job id, the
	 * checkpoint marks, how long drawing took, and the theme kind it read its colours in.
	 */
	| { readonly type: 'rendered'; readonly revision: number; readonly jobs: Readonly<Record<string, DrawnCurves>>; readonly checkpoints: number; readonly renderMs: number; readonly theme: string }
	/** Save the chart, drawn by the webview, as a PNG the host writes where the user picks. */
	| { readonly type: 'export-png'; readonly dataUrl: string }
	/** Save the curves as CSV, built by the host from its own data. */
	| { readonly type: 'export-csv' }
	/** Pick another job of the same connection to overlay. */
	| { readonly type: 'add-job' }
	| { readonly type: 'remove-job'; readonly job: JobRef };

const PNG_PREFIX = 'data:image/png;base64,';

export function isPngDataUrl(value: unknown): value is string {
	return typeof value === 'string' && value.startsWith(PNG_PREFIX) && /^[A-Za-z0-9+/]*={0,2}$/.test(value.slice(PNG_PREFIX.length));
}

/** The base64 part of a data URL the guard accepted. */
export function pngBase64(dataUrl: string): string {
	return dataUrl.slice(PNG_PREFIX.length);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

function isSmoothing(value: unknown): value is number {
	return typeof value === 'number' && value >= 0 && value < 1;
}

export function isJobRef(value: unknown): value is JobRef {
	return isRecord(value) && typeof value['connection'] === 'string' && typeof value['jobId'] === 'string';
}

function isDrawnCurves(value: unknown): value is DrawnCurves {
	return isRecord(value) && SERIES_KEYS.every((key) => {
		const curve = value[key];
		return isRecord(curve) && typeof curve['points'] === 'number' && typeof curve['sum'] === 'number';
	});
}

/** Guards the host boundary: anything the webview posts is checked before it is trusted. */
export function isFromWebview(value: unknown): value is FromWebview {
	if (!isRecord(value)) {
		return false;
	}
	switch (value['type']) {
		case 'ready':
			return true;
		case 'rendered':
			return typeof value['revision'] === 'number' && isRecord(value['jobs']) && Object.values(value['jobs']).every(isDrawnCurves) && typeof value['checkpoints'] === 'number' && typeof value['renderMs'] === 'number' && typeof value['theme'] === 'string';
		case 'export-png':
			return isPngDataUrl(value['dataUrl']);
		case 'export-csv':
		case 'add-job':
			return true;
		case 'remove-job':
			return isJobRef(value['job']);
		default:
			return false;
	}
}

/** Guards the webview boundary. */
export function isToWebview(value: unknown): value is ToWebview {
	return isRecord(value) && value['type'] === 'curves' && typeof value['revision'] === 'number' && Array.isArray(value['jobs']);
}

/** Guards the state VS Code hands the serializer: written by the webview, so checked like a message. */
export function isMetricsViewState(value: unknown): value is MetricsViewState {
	return isRecord(value) && Array.isArray(value['jobs']) && value['jobs'].every(isJobRef) && isSmoothing(value['smoothing']);
}
