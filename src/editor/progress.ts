import * as vscode from 'vscode';
import { formatBytes } from '../byteSize';
import { lintFile, LintCancelledError, type FileLintOptions, type FileLintResult } from '../dataset/fileLint';

// Progress notifications redraw on each report; a few a second read as smooth.
const PROGRESS_INTERVAL_MS = 100;

/**
 * Turns "bytes done of total" into reports on a progress notification ("12.3 MB of 140.0 MB"), a
 * few a second. When work is redone (a retried upload part) the bar stays rather than jump back.
 */
export function byteProgress(progress: vscode.Progress<{ message?: string; increment?: number }>): (done: number, total: number) => void {
	let reportedPercent = 0;
	let lastReport = 0;
	return (done, total) => {
		const now = performance.now();
		if (now - lastReport < PROGRESS_INTERVAL_MS && done < total) {
			return;
		}
		lastReport = now;
		const percent = total > 0 ? (done / total) * 100 : 100;
		const increment = Math.max(0, percent - reportedPercent);
		reportedPercent += increment;
		progress.report({ increment, message: vscode.l10n.t('{0} of {1}', formatBytes(done), formatBytes(total)) });
	};
}

/**
 * Lints a file from disk under a cancellable progress notification titled `title`; resolves to
 * undefined when the user cancels.
 */
export async function lintFileWithProgress(file: string, title: string, options: Omit<FileLintOptions, 'signal' | 'onProgress'>): Promise<FileLintResult | undefined> {
	try {
		return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
			const abort = new AbortController();
			token.onCancellationRequested(() => abort.abort());
			return lintFile(file, { ...options, signal: abort.signal, onProgress: byteProgress(progress) });
		});
	} catch (error) {
		if (LintCancelledError.is(error)) {
			return undefined;
		}
		throw error;
	}
}
