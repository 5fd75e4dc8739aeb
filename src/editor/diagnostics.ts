import * as vscode from 'vscode';
import type { OpenDatasets } from './datasets';
import { toDiagnostic } from './convert';

/** Publishes every open dataset's findings to the Problems view, and clears them on close. */
export function registerDiagnostics(datasets: OpenDatasets): vscode.Disposable {
	const collection = vscode.languages.createDiagnosticCollection('finetune-studio');
	return vscode.Disposable.from(
		collection,
		datasets.onDidUpdate((document) => {
			const linter = datasets.get(document);
			if (linter) {
				collection.set(document.uri, linter.findings().map(toDiagnostic));
			}
		}),
		datasets.onDidClose((uri) => collection.delete(uri)),
	);
}
