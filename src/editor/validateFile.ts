import * as vscode from 'vscode';
import { formatBytes } from '../byteSize';
import { COMMANDS } from '../contributes';
import { problemsText, shortSummary } from '../dataset/summaryText';
import type { LintTarget } from '../dataset/lineLint';
import type { Logger } from '../logger';
import { getSetting } from './config';
import type { FileFindings } from './diagnostics';
import { escapeNotificationLinks } from './markdown';
import { lintFileWithProgress } from './progress';

/**
 * "Validate Dataset File…": lints a file of any size straight from disk in worker threads (VS Code
 * does not hand documents over 50 MB to extensions), with a cancellable progress notification, and
 * publishes the findings to the Problems view, unless the file is open in an editor, whose live
 * findings it would only repeat (and which stay current as the user edits).
 */
export function registerValidateFile(findings: FileFindings, lintTarget: () => LintTarget, log: Logger): vscode.Disposable {
	const validate = async (target?: vscode.Uri): Promise<void> => {
		const uri = target ?? (await pickFile());
		if (!uri) {
			return;
		}
		if (uri.scheme !== 'file') {
			void vscode.window.showErrorMessage(vscode.l10n.t('Validate Dataset File works on files on disk; {0} is not one.', uri.toString()));
			return;
		}
		const name = vscode.workspace.asRelativePath(uri);
		const started = performance.now();
		try {
			const result = await lintFileWithProgress(uri.fsPath, vscode.l10n.t('Validating {0}', name), {
				model: getSetting('targetModel', uri),
				target: lintTarget(),
				prices: getSetting('trainingPrices', uri),
			});
			if (!result) {
				log.info(`validation of ${name} cancelled`);
				return;
			}
			findings.show(uri, result.findings);
			const seconds = (performance.now() - started) / 1000;
			log.info(`validated ${name}: ${result.lineCount} lines, ${formatBytes(result.bytes)} in ${seconds.toFixed(1)} s; ${problemsText(result.summary)}`);
			// File names and the model id are the user's text, shown in a notification that renders links.
			const verdict = escapeNotificationLinks(
				result.summary.errors > 0
					? vscode.l10n.t('{0}: {1}. {2}', name, problemsText(result.summary), shortSummary(result.summary))
					: vscode.l10n.t('{0} is valid for {1}: {2}', name, result.summary.model, shortSummary(result.summary)),
			);
			// Not awaited: the command is done when the findings are published, not when the note is closed.
			const showProblems = vscode.l10n.t('Show Problems');
			void (result.summary.errors > 0 ? vscode.window.showWarningMessage(verdict, showProblems) : vscode.window.showInformationMessage(verdict)).then(async (choice) => {
				if (choice === showProblems) {
					await vscode.commands.executeCommand('workbench.actions.view.problems');
				}
			});
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			log.error(`validation of ${name} failed: ${reason}`);
			void vscode.window.showErrorMessage(escapeNotificationLinks(vscode.l10n.t('Could not validate {0}: {1}', name, reason)));
		}
	};
	return vscode.commands.registerCommand(COMMANDS.validateFile, validate);
}

async function pickFile(): Promise<vscode.Uri | undefined> {
	const picked = await vscode.window.showOpenDialog({
		title: vscode.l10n.t('Validate Dataset File'),
		canSelectMany: false,
		filters: { [vscode.l10n.t('JSON Lines')]: ['jsonl', 'ndjson', 'json'] },
	});
	return picked?.[0];
}
