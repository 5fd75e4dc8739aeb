import * as vscode from 'vscode';
import type { Connection, Connections } from '../connections';
import { Disposable } from '../dispose';
import type { Logger } from '../logger';
import { connectionItem, ConnectionNodes, failureNode, messageItem, type ConnectionNode, type MessageNode } from './treeParts';

/** A row of a connection's list. */
export interface ConnectionRow {
	readonly kind: string;
	readonly connection: Connection;
}

/** What tells one list view (Files, Models) from another. */
export interface ConnectionListSpec<Row extends ConnectionRow> {
	readonly view: string;
	/** Plural noun for the log line when a list cannot be fetched. */
	readonly what: string;
	readonly refreshCommand: string;
	/** The connection's rows, newest first. */
	load(connection: Connection): Promise<Row[]>;
	/** The id the server knows the row by, which Delete names. */
	idOf(row: Row): string;
	item(row: Row): vscode.TreeItem;
}

/**
 * A view listing something of each connection, with connections as roots when there are several.
 * A list is fetched when first shown and on Refresh; a row deleted here leaves at once.
 */
export class ConnectionListTree<Row extends ConnectionRow> extends Disposable implements vscode.TreeDataProvider<ConnectionNode | Row | MessageNode> {
	private readonly changed = this._register(new vscode.EventEmitter<ConnectionNode | undefined>());
	readonly onDidChangeTreeData = this.changed.event;
	private readonly rows = new Map<string, Row[]>();
	private readonly connectionNodes = new ConnectionNodes();

	constructor(
		private readonly connections: Connections,
		private readonly log: Logger,
		private readonly spec: ConnectionListSpec<Row>,
	) {
		super();
	}

	refresh(): void {
		this.rows.clear();
		this.connectionNodes.clear();
		this.changed.fire(undefined);
	}

	/** Drops a deleted row from its list without asking the server. */
	remove(connection: Connection, id: string): void {
		const loaded = this.rows.get(connection.name);
		const index = loaded?.findIndex((row) => this.spec.idOf(row) === id) ?? -1;
		if (loaded && index >= 0) {
			loaded.splice(index, 1);
			this.changed.fire(this.connections.all().length > 1 ? this.connectionNodes.of(connection) : undefined);
		}
	}

	getTreeItem(node: ConnectionNode | Row | MessageNode): vscode.TreeItem {
		if (node.kind === 'connection') {
			return connectionItem(node.connection, this.spec.view);
		}
		return node.kind === 'message' ? messageItem(node as MessageNode) : this.spec.item(node as Row);
	}

	async getChildren(node?: ConnectionNode | Row | MessageNode): Promise<Array<Row | MessageNode | ConnectionNode>> {
		if (!node) {
			return this.connectionNodes.roots(this.connections, (connection) => this.rowsOf(connection));
		}
		return node.kind === 'connection' ? this.rowsOf(node.connection) : [];
	}

	private async rowsOf(connection: Connection): Promise<Array<Row | MessageNode>> {
		let loaded = this.rows.get(connection.name);
		if (!loaded) {
			try {
				loaded = await this.spec.load(connection);
				this.rows.set(connection.name, loaded);
			} catch (error) {
				return [failureNode(connection, error, this.spec.what, this.spec.refreshCommand, this.log)];
			}
		}
		return loaded;
	}
}
