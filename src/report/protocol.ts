// The messages between the dataset report's host and its webview; both sides import this file.
import type { DatasetReport } from '../dataset/report';

/** What the webview keeps across reloads through `vscode.setState`: the serializer reopens the report of this file. */
export interface ReportViewState {
	/** The dataset's URI, as `Uri.toString()` gives it. */
	readonly uri: string;
}

/** Host → webview. */
export type ToWebview =
	/** The report of `file` (its workspace-relative name) as of `revision`; sent again after each change of the file. */
	| { readonly type: 'report'; readonly revision: number; readonly uri: string; readonly file: string; readonly report: DatasetReport }
	/** The report is being computed: `done` from 0 to 1 (a first build of a large file takes a moment). */
	| { readonly type: 'progress'; readonly uri: string; readonly file: string; readonly done: number }
	/** The file is closed or no longer a dataset: the report stays, marked as no longer following the file. */
	| { readonly type: 'detached'; readonly reason: string };

/** Webview → host. */
export type FromWebview =
	/** The webview's script runs and listens; the host posts nothing before it. */
	| { readonly type: 'ready' }
	/** `revision` was drawn (again after a theme change): how many histogram bars, and the theme kind read. */
	| { readonly type: 'rendered'; readonly revision: number; readonly bars: number; readonly renderMs: number; readonly theme: string }
	/** Show the dataset at this zero-based line (selected, in the editor beside). */
	| { readonly type: 'reveal-line'; readonly line: number }
	/** Pick another target model (the report follows the setting). */
	| { readonly type: 'change-model' };

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isLine = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** Guards what the webview posts: it runs model-free code, yet its messages are checked like any input. */
export function isFromWebview(value: unknown): value is FromWebview {
	if (!isRecord(value)) {
		return false;
	}
	switch (value['type']) {
		case 'ready':
		case 'change-model':
			return true;
		case 'rendered':
			return typeof value['revision'] === 'number' && typeof value['bars'] === 'number' && typeof value['renderMs'] === 'number' && typeof value['theme'] === 'string';
		case 'reveal-line':
			return isLine(value['line']);
		default:
			return false;
	}
}

export function isToWebview(value: unknown): value is ToWebview {
	return isRecord(value) && (value['type'] === 'report' || value['type'] === 'progress' || value['type'] === 'detached');
}

/** Guards the state VS Code hands the serializer. */
export function isReportViewState(value: unknown): value is ReportViewState {
	return isRecord(value) && typeof value['uri'] === 'string';
}
