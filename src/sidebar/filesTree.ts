import * as vscode from 'vscode';
import type { Connection, Connections } from '../connections';
import { COMMANDS, VIEWS } from '../contributes';
import { Disposable } from '../dispose';
import type { Logger } from '../logger';
import { connectionItem, ConnectionNodes, failureNode, messageItem, remoteFileItem, type ConnectionNode, type MessageNode, type RemoteFileNode } from './treeParts';

export type FilesTreeNode = ConnectionNode | RemoteFileNode | MessageNode;

/**
 * The Files view: the files uploaded to each connection, newest first, with connections as roots
 * when there are several. The list is fetched when first shown and on Refresh; a file deleted here
 * leaves at once.
 */
export class FilesTree extends Disposable implements vscode.TreeDataProvider<FilesTreeNode> {
	private readonly changed = this._register(new vscode.EventEmitter<FilesTreeNode | undefined>());
	readonly onDidChangeTreeData = this.changed.event;
	private readonly files = new Map<string, RemoteFileNode[]>();
	private readonly connectionNodes = new ConnectionNodes();

	constructor(
		private readonly connections: Connections,
		private readonly log: Logger,
	) {
		super();
	}

	refresh(): void {
		this.files.clear();
		this.connectionNodes.clear();
		this.changed.fire(undefined);
	}

	/** Drops a deleted file from its list without asking the server. */
	remove(connection: Connection, fileId: string): void {
		const loaded = this.files.get(connection.name);
		const index = loaded?.findIndex((node) => node.fileId === fileId) ?? -1;
		if (loaded && index >= 0) {
			loaded.splice(index, 1);
			this.changed.fire(this.connections.all().length > 1 ? this.connectionNodes.of(connection) : undefined);
		}
	}

	getTreeItem(node: FilesTreeNode): vscode.TreeItem {
		switch (node.kind) {
			case 'connection':
				return connectionItem(node.connection, VIEWS.files);
			case 'file':
				return remoteFileItem(node, VIEWS.files);
			case 'message':
				return messageItem(node);
		}
	}

	async getChildren(node?: FilesTreeNode): Promise<FilesTreeNode[]> {
		if (!node) {
			return this.connectionNodes.roots(this.connections, (connection) => this.filesOf(connection));
		}
		return node.kind === 'connection' ? this.filesOf(node.connection) : [];
	}

	private async filesOf(connection: Connection): Promise<FilesTreeNode[]> {
		let loaded = this.files.get(connection.name);
		if (!loaded) {
			try {
				const { files } = await this.connections.servicesOf(connection, 'fine-tuning');
				loaded = (await files.list())
					.sort((a, b) => b.created_at - a.created_at)
					.map((file): RemoteFileNode => ({ kind: 'file', connection, fileId: file.id, file }));
				this.files.set(connection.name, loaded);
			} catch (error) {
				return [failureNode(connection, error, 'files', COMMANDS.refreshFiles, this.log)];
			}
		}
		return loaded;
	}
}
