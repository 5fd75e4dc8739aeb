import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contributes';
import { EXTENSION_ID } from '../host/paths';
import { keyboard, screenshot } from './harness';
import { waitFor } from './waitFor';
import { workspaceFile } from './workspace';

describe('Activation', () => {
	it('runs in VS Code 1.100 with the extension installed but not yet active', () => {
		assert.match(vscode.version, /^1\.100\./);
		const extension = vscode.extensions.getExtension(EXTENSION_ID);
		assert.ok(extension, `${EXTENSION_ID} is not installed in the host`);
		assert.equal(extension.isActive, false, 'the extension activated before anything asked for it');
	});

	it('activates when a .jsonl file is opened', async () => {
		const document = await vscode.workspace.openTextDocument(workspaceFile('datasets/support-chat.jsonl'));
		assert.equal(document.languageId, 'jsonl');
		await vscode.window.showTextDocument(document);
		const extension = vscode.extensions.getExtension(EXTENSION_ID);
		await waitFor(() => extension?.isActive === true, `${EXTENSION_ID} to activate`);
	});

	it('registers every command it contributes', async () => {
		const registered = new Set(await vscode.commands.getCommands(true));
		for (const command of Object.values(COMMANDS)) {
			assert.ok(registered.has(command), `${command} is not registered`);
		}
	});

	it('changes the target model from its quick pick, answered by typing', async () => {
		const picked = vscode.commands.executeCommand(COMMANDS.selectTargetModel);
		await keyboard({ waitFor: '.quick-input-widget' }, { type: 'gpt-4.1-nano' }, { press: 'Enter' });
		await picked;
		assert.equal(vscode.workspace.getConfiguration('finetuneStudio').get('targetModel'), 'gpt-4.1-nano-2025-04-14');
		await vscode.workspace.getConfiguration('finetuneStudio').update('targetModel', undefined, vscode.ConfigurationTarget.Workspace);
	});

	it('runs a contributed command: Show Log', async () => {
		await vscode.commands.executeCommand(COMMANDS.showLog);
		await screenshot('workbench-with-dataset');
	});
});
