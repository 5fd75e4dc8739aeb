import * as vscode from 'vscode';
import type { LintTarget } from '../dataset/lineLint';
import type { Logger } from '../logger';
import { registerDatasetReport } from '../report';
import { DatasetCodeActions } from './codeActions';
import { registerDatasetSummary } from './datasetSummary';
import { ANY_DOCUMENT, OpenDatasets } from './datasets';
import { registerDiagnostics, type FileFindings } from './diagnostics';
import { TokenHover } from './hover';
import { registerSelectTargetModel } from './targetModel';
import { registerValidateFile } from './validateFile';

/**
 * The linter in the editor: diagnostics, quick fixes, token hovers, the dataset summary and report. `lintTarget`
 * names the kind of service datasets are checked for (the default connection's); a settings change
 * re-lints, so a new default connection is seen at once.
 */
export function registerDatasetEditor(extensionUri: vscode.Uri, fileFindings: FileFindings, lintTarget: () => LintTarget, log: Logger): vscode.Disposable {
	const datasets = new OpenDatasets(lintTarget, log);
	const disposable = vscode.Disposable.from(
		registerDiagnostics(datasets),
		registerDatasetSummary(datasets),
		registerDatasetReport(datasets, extensionUri, log),
		registerSelectTargetModel(log),
		registerValidateFile(fileFindings, lintTarget, log),
		vscode.languages.registerCodeActionsProvider(ANY_DOCUMENT, new DatasetCodeActions(datasets), {
			providedCodeActionKinds: DatasetCodeActions.providedCodeActionKinds,
		}),
		vscode.languages.registerHoverProvider(ANY_DOCUMENT, new TokenHover(datasets)),
		datasets,
	);
	// Listeners are in place: now lint what is already open.
	datasets.openAll();
	return disposable;
}
