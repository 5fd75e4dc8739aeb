import * as vscode from 'vscode';

/** The document open under `uri` (in an editor or not), if it is. */
export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
	const key = uri.toString();
	return vscode.workspace.textDocuments.find((document) => document.uri.toString() === key);
}
