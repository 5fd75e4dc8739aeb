import * as vscode from 'vscode';
import type { FileObject } from 'openai/resources/files';
import { formatBytes } from '../byteSize';
import { ChatOnlyConnectionError, MissingApiKeyError, type Connection, type Connections } from '../connections';
import { COMMANDS } from '../contributes';
import { escapeMarkdown } from '../editor/markdown';
import type { Logger } from '../logger';
import type { StatusIcon } from '../tracking/jobView';

/** A connection as the root of a view when there are several. */
export interface ConnectionNode {
	readonly kind: 'connection';
	readonly connection: Connection;
}

/** A line that is not an object on the server: why a list is empty or failed, with what to do. */
export interface MessageNode {
	readonly kind: 'message';
	readonly text: string;
	readonly icon: StatusIcon;
	readonly command?: vscode.Command;
}

/** An uploaded file: in the Files view, or under a job as its training, validation or result file. */
export interface RemoteFileNode {
	readonly kind: 'file';
	readonly connection: Connection;
	readonly fileId: string;
	/** Known in the Files view; a job names only the id. */
	readonly file?: FileObject;
	readonly role?: 'training' | 'validation' | 'result';
}

/** The one node per connection of a view, so that VS Code recognises it when it is refreshed. */
export class ConnectionNodes {
	private readonly nodes = new Map<string, ConnectionNode>();

	of(connection: Connection): ConnectionNode {
		let node = this.nodes.get(connection.name);
		if (!node || node.connection !== connection) {
			node = { kind: 'connection', connection };
			this.nodes.set(connection.name, node);
		}
		return node;
	}

	clear(): void {
		this.nodes.clear();
	}

	/**
	 * A view's roots: nothing in Restricted Mode (listing uses the key) nor before the first connection
	 * (the view's welcome says why and what to do), the connections when there are several, else the one
	 * connection's own items.
	 */
	async roots<T>(connections: Connections, itemsOf: (connection: Connection) => Promise<T[]>): Promise<(T | ConnectionNode)[]> {
		if (!vscode.workspace.isTrusted || (await connections.awaitsFirstConnection())) {
			return [];
		}
		const all = connections.all();
		return all.length > 1 ? all.map((connection) => this.of(connection)) : itemsOf(all[0] as Connection);
	}
}

export function themeIcon(icon: StatusIcon): vscode.ThemeIcon {
	return new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
}

export function describeError(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

export function connectionItem(connection: Connection, view: string): vscode.TreeItem {
	const item = new vscode.TreeItem(connection.name, vscode.TreeItemCollapsibleState.Expanded);
	item.id = `${view}/connection/${connection.name}`;
	item.description = connection.kind;
	item.iconPath = new vscode.ThemeIcon(connection.kind === 'azure' ? 'azure' : connection.kind === 'openai' ? 'cloud' : 'server');
	item.contextValue = 'connection';
	return item;
}

export function messageItem(node: MessageNode): vscode.TreeItem {
	const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
	item.iconPath = themeIcon(node.icon);
	item.tooltip = node.text;
	if (node.command) {
		item.command = node.command;
	}
	return item;
}

/** Why a list of `connection` could not be loaded, with the way out where there is one. */
export function failureNode(connection: Connection, error: unknown, what: string, refreshCommand: string, log: Logger): MessageNode {
	if (MissingApiKeyError.is(error)) {
		return {
			kind: 'message',
			text: vscode.l10n.t('No API key is set for {0}: set one', connection.name),
			icon: { id: 'key' },
			command: { title: vscode.l10n.t('Set API Key…'), command: COMMANDS.setApiKey, arguments: [undefined, connection.name] },
		};
	}
	if (ChatOnlyConnectionError.is(error)) {
		return { kind: 'message', text: vscode.l10n.t('{0} serves chat only: it has no fine-tuning endpoint', connection.name), icon: { id: 'comment-discussion' } };
	}
	log.warn(`could not list the ${what} of ${connection.name}: ${describeError(error)}`);
	return {
		kind: 'message',
		text: vscode.l10n.t('Could not load: {0} (click to retry)', describeError(error)),
		icon: { id: 'warning', color: 'editorWarning.foreground' },
		command: { title: vscode.l10n.t('Refresh'), command: refreshCommand },
	};
}

/** A file row: its name (or id), what it is, and a click that opens it read-only. */
export function remoteFileItem(node: RemoteFileNode, view: string): vscode.TreeItem {
	const { file, role } = node;
	const item = new vscode.TreeItem(file?.filename ?? node.fileId, vscode.TreeItemCollapsibleState.None);
	item.id = `${view}/file/${node.connection.name}/${node.fileId}/${role ?? ''}`;
	const roleText = role === 'training' ? vscode.l10n.t('training file') : role === 'validation' ? vscode.l10n.t('validation file') : role === 'result' ? vscode.l10n.t('result file') : undefined;
	item.description = file ? [roleText ?? file.purpose, formatBytes(file.bytes), file.status === 'processed' ? undefined : file.status].filter(Boolean).join(' · ') : roleText;
	item.iconPath = new vscode.ThemeIcon(role === 'result' ? 'graph' : file?.status === 'error' ? 'warning' : 'file');
	const tooltip = new vscode.MarkdownString(`**${escapeMarkdown(file?.filename ?? node.fileId)}**`);
	if (file) {
		tooltip.appendMarkdown(
			`  \n${[
				`${vscode.l10n.t('ID')}: ${escapeMarkdown(file.id)}`,
				`${vscode.l10n.t('Purpose')}: ${escapeMarkdown(file.purpose)}`,
				`${vscode.l10n.t('Size')}: ${formatBytes(file.bytes)}`,
				`${vscode.l10n.t('Uploaded')}: ${escapeMarkdown(new Date(file.created_at * 1000).toLocaleString())}`,
				...(file.status ? [`${vscode.l10n.t('Status')}: ${escapeMarkdown(file.status)}`] : []),
			].join('  \n')}`,
		);
	}
	item.tooltip = tooltip;
	// Only a file uploaded for fine-tuning offers "Fine-Tune with This File…".
	item.contextValue = file?.purpose === 'fine-tune' ? 'remoteFile.fine-tune' : 'remoteFile';
	item.command = { title: vscode.l10n.t('Open Read-Only'), command: COMMANDS.openRemoteFile, arguments: [node] };
	return item;
}
