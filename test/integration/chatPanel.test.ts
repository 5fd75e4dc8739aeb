import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contributes';
import { screenshot, webview } from './harness';

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
		const [heading] = await webview('Fine-Tune Studio Chat', { waitFor: 'textarea' }, { evaluate: 'document.querySelector("h1")?.textContent' });
		assert.ok(typeof heading === 'string' && heading.length > 0, 'the webview shows a heading');
		await screenshot('chat-panel');
	});
});
