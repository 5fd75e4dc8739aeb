import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** The URI of `relativePath` inside the test workspace. */
export function workspaceFile(relativePath: string): vscode.Uri {
	const folder = vscode.workspace.workspaceFolders?.[0];
	assert.ok(folder, 'the tests need a workspace folder');
	return vscode.Uri.joinPath(folder.uri, relativePath);
}
