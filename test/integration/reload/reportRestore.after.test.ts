import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { screenshot, webview } from '../harness';
import { waitFor } from '../waitFor';
import { RESTORED_REPORT } from './reportRestore';

describe('Dataset report, after the window reloaded', () => {
	after(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	it('is back, drawn again from the file', async () => {
		await waitFor(() => vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.label.includes(RESTORED_REPORT.file))), 'the report tab to be restored', 20_000);
		const [text] = await webview(RESTORED_REPORT.title, { waitFor: '.chart canvas' }, { evaluate: 'document.body.innerText' });
		assert.ok(String(text).includes(RESTORED_REPORT.examples), `the report shows ${RESTORED_REPORT.examples} examples: ${String(text).slice(0, 300)}`);
		await screenshot('report-restored-after-reload');
	});
});
