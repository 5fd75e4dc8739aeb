import * as path from 'node:path';
import * as vscode from 'vscode';
import { escapeNotificationLinks } from '../editor/markdown';
import type { ReplaceAnswer } from '../safeWrite';

/**
 * Asks, in a modal, whether to replace files that exist already: "Replace", "Keep Both" (the new
 * files get fresh names beside them) or Cancel. The safe writer's `whenExists` for the editor.
 */
export async function confirmReplace(...existing: string[]): Promise<ReplaceAnswer> {
	const replace = vscode.l10n.t('Replace');
	const keepBoth = vscode.l10n.t('Keep Both');
	const names = escapeNotificationLinks(existing.map((file) => path.basename(file)).join(', '));
	const choice = await vscode.window.showWarningMessage(
		existing.length === 1 ? vscode.l10n.t('{0} already exists. Replace it?', names) : vscode.l10n.t('{0} already exist. Replace them?', names),
		{ modal: true, detail: vscode.l10n.t('"Keep Both" writes the new files under fresh names beside them.') },
		replace,
		keepBoth,
	);
	return choice === replace ? 'replace' : choice === keepBoth ? 'fresh-name' : 'cancel';
}
