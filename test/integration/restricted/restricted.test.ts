import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/contributes';
import { keyboard, screenshot } from '../harness';
import { workspaceFile } from '../workspace';

describe('Restricted Mode (an untrusted workspace)', () => {
	it('opens the workspace untrusted', () => {
		assert.equal(vscode.workspace.isTrusted, false);
	});

	it('lints as usual', async () => {
		const document = await vscode.workspace.openTextDocument(workspaceFile('datasets/broken.jsonl'));
		await vscode.window.showTextDocument(document);
		await new Promise<void>((resolve) => {
			const ours = (): boolean => vscode.languages.getDiagnostics(document.uri).some((diagnostic) => diagnostic.source === 'Fine-Tune Studio');
			if (ours()) {
				resolve();
				return;
			}
			const subscription = vscode.languages.onDidChangeDiagnostics(() => {
				if (ours()) {
					subscription.dispose();
					resolve();
				}
			});
		});
	});

	it('refuses to upload, run from the palette, and says why', async () => {
		const result = await vscode.commands.executeCommand(COMMANDS.uploadFile, workspaceFile('datasets/support-chat.jsonl'));
		assert.equal(result, undefined);
		await keyboard({ waitFor: '.notification-toast:has-text("Restricted Mode")' });
		await screenshot('restricted-mode-upload');
	});
});
