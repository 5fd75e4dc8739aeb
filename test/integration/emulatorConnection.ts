import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contributes';
import type { Emulator } from '../fixtures/openai-emulator';

const settings = () => vscode.workspace.getConfiguration('finetuneStudio');

/** Makes `emulator` the only connection, named `name`, and the default, with `apiKey` stored through Set API Key. */
export async function connectToEmulator(emulator: Emulator, name: string, apiKey: string): Promise<void> {
	await settings().update('connections', [{ name, kind: 'openai', baseUrl: emulator.baseURL }], vscode.ConfigurationTarget.Global);
	await settings().update('defaultConnection', name, vscode.ConfigurationTarget.Global);
	assert.equal(await vscode.commands.executeCommand(COMMANDS.setApiKey, apiKey, name), true);
}

/** Undoes {@link connectToEmulator}: the key, the connection and the default go. */
export async function disconnectFromEmulator(name: string): Promise<void> {
	await vscode.commands.executeCommand(COMMANDS.clearApiKey, name);
	await settings().update('connections', undefined, vscode.ConfigurationTarget.Global);
	await settings().update('defaultConnection', undefined, vscode.ConfigurationTarget.Global);
}
