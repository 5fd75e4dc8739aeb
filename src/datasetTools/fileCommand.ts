import * as path from 'node:path';
import * as vscode from 'vscode';
import { escapeNotificationLinks } from '../editor/markdown';
import type { Logger } from '../logger';
import { TargetExistsError } from '../safeWrite';

/** What the dataset commands share: the file they work on, their progress and how they fail. */

/** The file given (from a menu), or the one the user picks; undefined (after saying why) when it is not on disk. */
export async function datasetSource(target: vscode.Uri | undefined, command: string): Promise<vscode.Uri | undefined> {
	const source =
		target ??
		(
			await vscode.window.showOpenDialog({
				title: command,
				canSelectMany: false,
				filters: { [vscode.l10n.t('JSON Lines')]: ['jsonl', 'ndjson', 'json'] },
			})
		)?.[0];
	if (source && source.scheme !== 'file') {
		void vscode.window.showErrorMessage(vscode.l10n.t('{0} works on files on disk; {1} is not one.', command, source.toString()));
		return undefined;
	}
	return source;
}

/** `NAME.SUFFIX.jsonl` beside `file`, as the command line names its outputs. */
export function besideSource(file: string, suffix: string): string {
	return path.join(path.dirname(file), `${path.basename(file, path.extname(file))}.${suffix}.jsonl`);
}

/** Runs `work` under a cancellable progress notification; undefined when the user cancelled it. */
export async function withCancellableProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
	return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
		const cancelled = new AbortController();
		const subscription = token.onCancellationRequested(() => cancelled.abort());
		try {
			return await work(cancelled.signal);
		} catch (error) {
			if (cancelled.signal.aborted) {
				return undefined;
			}
			throw error;
		} finally {
			subscription.dispose();
		}
	});
}

/** Says that `what` (of the file `name`) was cancelled: its progress notification is gone, and nothing was written. */
export function showToolCancelled(what: string, name: string, log: Logger): void {
	log.info(`${what} of ${name} cancelled`);
	void vscode.window.showInformationMessage(escapeNotificationLinks(vscode.l10n.t('{0} cancelled for {1}: nothing written.', what, name)));
}

/** Says why `what` (of the file `name`) failed; a declined replacement is the user's own answer, not a failure. */
export function showToolFailure(what: string, name: string, error: unknown, log: Logger): void {
	if (TargetExistsError.is(error) && error.declined) {
		return;
	}
	const reason = error instanceof Error ? error.message : String(error);
	log.error(`${what} of ${name} failed: ${reason}`);
	void vscode.window.showErrorMessage(escapeNotificationLinks(vscode.l10n.t('{0} failed for {1}: {2}', what, name, reason)));
}
