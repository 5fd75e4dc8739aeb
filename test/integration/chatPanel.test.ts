import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contributes';
import { screenshot } from './harness';

describe('Chat panel', () => {
	after(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	it('loads its script under the content security policy and answers the ready handshake', async () => {
		// The command settles only after the webview's script has run and said `ready`.
		await vscode.commands.executeCommand(COMMANDS.openChat);
		const tab = vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((candidate) => candidate.label === 'Fine-Tune Studio Chat');
		assert.ok(tab, 'no chat tab is open');
		assert.ok(tab.input instanceof vscode.TabInputWebview);
		await screenshot('chat-panel');
	});
});
