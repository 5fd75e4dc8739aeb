import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { disconnectFromEmulator } from '../emulatorConnection';
import { screenshot, webview } from '../harness';
import { waitFor } from '../waitFor';
import { RESTORED_CHAT } from './chatRestore';

describe('Chat panel, after the window reloaded', () => {
	after(async () => {
		// Its own tab only: the other restored panels are the next tests'.
		await vscode.window.tabGroups.close(vscode.window.tabGroups.all.flatMap((group) => group.tabs.filter((tab) => tab.label === RESTORED_CHAT.title)));
		await disconnectFromEmulator(RESTORED_CHAT.connection);
	});

	it('is back with its conversation, its model and the unsent draft', async () => {
		await waitFor(() => vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.label === RESTORED_CHAT.title)), 'the chat tab to be restored', 20_000);
		const [shown] = await webview(RESTORED_CHAT.title, { waitFor: '.turn .reply[data-status="done"]' }, {
			evaluate: `(() => ({
				turns: document.querySelectorAll('.turn').length,
				question: document.querySelector('.turn .user')?.textContent ?? document.querySelector('.turn')?.textContent,
				answer: document.querySelector('.turn .reply .text')?.textContent,
				model: document.querySelector('.column-head[data-column="0"] button.model')?.textContent,
				draft: document.querySelector('#draft').value,
			}))()`,
		});
		const restored = shown as { turns: number; question: string; answer: string; model: string; draft: string };
		assert.equal(restored.turns, 1);
		assert.ok(restored.question.includes(RESTORED_CHAT.question), `the question is shown: ${restored.question}`);
		assert.ok(restored.answer.length > 0, 'the answer is shown');
		assert.equal(restored.model, RESTORED_CHAT.model);
		assert.equal(restored.draft, RESTORED_CHAT.draft);
		await screenshot('chat-restored-after-reload');
	});
});
