import type { Connections } from '../connections';
import { COMMANDS, VIEWS } from '../contributes';
import type { Logger } from '../logger';
import { ConnectionListTree } from './connectionListTree';
import { remoteFileItem, type RemoteFileNode } from './treeParts';

export type FilesTree = ConnectionListTree<RemoteFileNode>;

/** The Files view: the files uploaded to each connection, newest first. */
export function createFilesTree(connections: Connections, log: Logger): FilesTree {
	return new ConnectionListTree<RemoteFileNode>(connections, log, {
		view: VIEWS.files,
		what: 'files',
		refreshCommand: COMMANDS.refreshFiles,
		async load(connection) {
			const { files } = await connections.servicesOf(connection, 'fine-tuning');
			return (await files.list()).sort((a, b) => b.created_at - a.created_at).map((file) => ({ kind: 'file', connection, fileId: file.id, file }));
		},
		idOf: (row) => row.fileId,
		item: (row) => remoteFileItem(row, VIEWS.files),
	});
}
