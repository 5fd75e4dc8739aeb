import * as vscode from 'vscode';
import { registerChatPanel } from './chat/chatPanel';
import { ConversationStore } from './chat/history';
import { registerChatHistory } from './chat/historyCommands';
import { registerConnections } from './connections';
import { COMMANDS } from './contributes';
import { registerDatasetTools } from './datasetTools';
import { registerDeploymentCommands } from './deployments';
import { registerDatasetEditor } from './editor';
import { FileFindings } from './editor/diagnostics';
import { createLogger } from './editor/log';
import { registerJobCommands } from './jobs';
import { ServerChanges } from './jobs/serverChanges';
import { registerSidebar } from './sidebar';

/** Composition root: builds each feature and hands its disposables to VS Code. */
export function activate(context: vscode.ExtensionContext): void {
	const channel = vscode.window.createOutputChannel('Fine-Tune Studio', { log: true });
	const version = String(context.extension.packageJSON.version);
	// Validate Dataset File and the check before an upload share it: one set of findings per file.
	const fileFindings = new FileFindings();
	const apiLog = createLogger(channel, 'api');
	const { connections, disposable: connectionsDisposable } = registerConnections(context, apiLog);
	// The job commands tell the sidebar what they created or changed.
	const serverChanges = new ServerChanges();
	// The chat panel and the history commands share the workspace's saved conversations.
	const conversations = new ConversationStore(context.workspaceState);
	const chatLog = createLogger(channel, 'chat');
	context.subscriptions.push(
		channel,
		fileFindings,
		vscode.commands.registerCommand(COMMANDS.showLog, () => channel.show()),
		registerDatasetEditor(context.extensionUri, fileFindings, () => connections.lintTarget(), createLogger(channel, 'lint')),
		connectionsDisposable,
		conversations,
		registerChatPanel({ extensionUri: context.extensionUri, extensionVersion: version, connections, store: conversations, log: chatLog }),
		registerChatHistory(conversations, chatLog),
		serverChanges,
		registerJobCommands(connections, fileFindings, serverChanges, apiLog),
		registerSidebar(context.extensionUri, connections, serverChanges, apiLog),
		registerDeploymentCommands(connections, apiLog),
		registerDatasetTools(createLogger(channel, 'convert')),
	);
	channel.info(`Fine-Tune Studio ${version} active in ${vscode.env.appName} ${vscode.version}`);
}

export function deactivate(): void {}
