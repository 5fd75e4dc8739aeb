import * as vscode from 'vscode';
import { registerChatPanel } from './chat/chatPanel';
import { COMMANDS } from './contributes';
import { registerDatasetEditor } from './editor';
import { createLogger } from './editor/log';
import { registerJobCommands } from './jobs';

/** Composition root: builds each feature and hands its disposables to VS Code. */
export function activate(context: vscode.ExtensionContext): void {
	const channel = vscode.window.createOutputChannel('Fine-Tune Studio', { log: true });
	const version = String(context.extension.packageJSON.version);
	context.subscriptions.push(
		channel,
		vscode.commands.registerCommand(COMMANDS.showLog, () => channel.show()),
		registerDatasetEditor(createLogger(channel, 'lint')),
		registerChatPanel(context.extensionUri, version, createLogger(channel, 'chat')),
		registerJobCommands(context.secrets, createLogger(channel, 'api')),
	);
	channel.info(`Fine-Tune Studio ${version} active in ${vscode.env.appName} ${vscode.version}`);
}

export function deactivate(): void {}
