import * as vscode from 'vscode';
import type { Logger } from '../logger';
import { DatasetCodeActions } from './codeActions';
import { registerDatasetSummary } from './datasetSummary';
import { ANY_DOCUMENT, OpenDatasets } from './datasets';
import { registerDiagnostics, type FileFindings } from './diagnostics';
import { TokenHover } from './hover';
import { registerSelectTargetModel } from './targetModel';
import { registerValidateFile } from './validateFile';

/** The linter in the editor: diagnostics, quick fixes, token hovers, the dataset summary. */
export function registerDatasetEditor(fileFindings: FileFindings, log: Logger): vscode.Disposable {
	const datasets = new OpenDatasets(log);
	const disposable = vscode.Disposable.from(
		registerDiagnostics(datasets),
		registerDatasetSummary(datasets),
		registerSelectTargetModel(log),
		registerValidateFile(fileFindings, log),
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
