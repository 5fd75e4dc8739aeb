import * as assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contributes';
import { diagnosticsWhen, lineCodes, ours } from './diagnostics';
import { workspaceFile } from './workspace';

/** One finding as the Problems view lists it: where, which code, what it says. */
function findingKey(diagnostic: vscode.Diagnostic): string {
	const { start, end } = diagnostic.range;
	return `${start.line}:${start.character}-${end.line}:${end.character} ${String(diagnostic.code)} ${diagnostic.message}`;
}

/** True when no finding is listed twice. */
function eachOnce(diagnostics: readonly vscode.Diagnostic[]): boolean {
	return new Set(diagnostics.map(findingKey)).size === diagnostics.length;
}

describe('Validate Dataset File: one set of findings per file', () => {
	// A dataset with errors on several lines, written afresh for each test so that no other suite's
	// editors or findings are involved.
	const text = [
		'{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]}',
		'{"messages": [{"role": "user", "content": "Hi"}, {"role": "bot", "content": "Hello!"}]}',
		'{"messages": [{"role": "user", "content": "Bye"},]}',
	].join('\n');
	let files: vscode.Uri[] = [];

	const freshFile = async (name: string): Promise<vscode.Uri> => {
		const uri = workspaceFile(`datasets/validate-${name}.jsonl`);
		await writeFile(uri.fsPath, text);
		files.push(uri);
		return uri;
	};

	afterEach(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await Promise.all(files.map((uri) => rm(uri.fsPath, { force: true })));
		files = [];
	});

	it('leaves a file open in an editor to the live linter: each finding appears once', async () => {
		const uri = await freshFile('open');
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
		const live = await diagnosticsWhen(uri, (found) => found.length > 0);
		await vscode.commands.executeCommand(COMMANDS.validateFile, uri);
		const after = ours(uri);
		assert.ok(eachOnce(after), `listed twice: ${lineCodes(after).join(', ')}`);
		assert.deepEqual(after.map(findingKey).sort(), live.map(findingKey).sort());
	});

	it('drops its findings of a closed file when the file is opened: the editor reports one set', async () => {
		const uri = await freshFile('closed');
		await vscode.commands.executeCommand(COMMANDS.validateFile, uri);
		const validated = ours(uri);
		assert.ok(validated.some((diagnostic) => diagnostic.code === 'chat.unknown-role'), `validated: ${lineCodes(validated).join(', ')}`);
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
		// The editor's set arrives after the validation's set is dropped; both hold the same findings.
		const settled = await diagnosticsWhen(uri, (found) => found.length === validated.length && eachOnce(found));
		assert.deepEqual(lineCodes(settled), lineCodes(validated));
	});

	it('drops its findings of a file changed on disk, and of a file deleted', async () => {
		const changed = await freshFile('changed');
		await vscode.commands.executeCommand(COMMANDS.validateFile, changed);
		assert.ok(ours(changed).length > 0);
		const cleared = diagnosticsWhen(changed, (found) => found.length === 0);
		await writeFile(changed.fsPath, text.split('\n')[0] ?? '');
		await cleared;

		// Deleted outside VS Code, once the file watcher has seen it created (a file created and deleted
		// within one batch of file events is reported as neither).
		const deleted = workspaceFile('datasets/validate-deleted.jsonl');
		const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(deleted, '..'), 'validate-deleted.jsonl'));
		const seen = new Promise<void>((resolve) => watcher.onDidCreate(() => resolve()));
		await freshFile('deleted');
		await seen;
		watcher.dispose();
		await vscode.commands.executeCommand(COMMANDS.validateFile, deleted);
		assert.ok(ours(deleted).length > 0);
		const gone = diagnosticsWhen(deleted, (found) => found.length === 0);
		await rm(deleted.fsPath);
		await gone;
	});
});
