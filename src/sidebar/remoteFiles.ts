import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatBytes } from '../byteSize';
import type { Connection, Connections } from '../connections';
import { COMMANDS } from '../contributes';
import { escapeNotificationLinks } from '../editor/markdown';
import { byteProgress } from '../editor/progress';
import { confirmReplace } from '../jobs/confirmReplace';
import { registerTrustedCommand } from '../jobs/trustedCommand';
import type { WhenExists } from '../safeWrite';
import { showFailure } from '../jobs/showFailure';
import { isTreeReference } from '../jobs/treeReference';
import type { Logger } from '../logger';

/** The scheme of uploaded files opened read-only: `finetune-studio-file:/<connection>/<file id>/<name>`. */
export const REMOTE_FILE_SCHEME = 'finetune-studio-file';

// VS Code hands extensions no document over 50 MB, and the content arrives in memory first.
const MAX_OPEN_BYTES = 50 * 1024 * 1024;

/** The name as a last path segment: the server's name without separators, so it cannot add segments. */
function safeName(filename: string): string {
	return [...filename].map((character) => (character < ' ' || character === '/' || character === '\\' ? '_' : character)).join('') || 'file';
}

export function remoteFileUri(connection: Connection, fileId: string, filename: string): vscode.Uri {
	return vscode.Uri.from({ scheme: REMOTE_FILE_SCHEME, path: `/${encodeURIComponent(connection.name)}/${encodeURIComponent(fileId)}/${safeName(filename)}` });
}

function parseRemoteFileUri(uri: vscode.Uri): { connectionName: string; fileId: string } | undefined {
	const [, connectionName, fileId] = uri.path.split('/');
	return connectionName && fileId ? { connectionName: decodeURIComponent(connectionName), fileId: decodeURIComponent(fileId) } : undefined;
}

/**
 * Uploaded files, read-only in an editor (a `.jsonl` one is linted like any dataset), downloaded to
 * a file the user picks through the safe writer, and their ids copied. Each command takes a file row
 * of the sidebar.
 */
export function registerRemoteFiles(connections: Connections, log: Logger): vscode.Disposable {
	const contentOf = async (uri: vscode.Uri): Promise<string> => {
		// A link in an untrusted workspace must not make the extension fetch with the user's key.
		if (!vscode.workspace.isTrusted) {
			throw new Error(vscode.l10n.t('Fine-Tune Studio does not fetch uploaded files in Restricted Mode.'));
		}
		const parsed = parseRemoteFileUri(uri);
		const connection = parsed && connections.all().find((known) => known.name === parsed.connectionName);
		if (!parsed || !connection) {
			throw new Error(vscode.l10n.t('{0} names no configured connection.', uri.toString()));
		}
		const { files } = await connections.servicesOf(connection);
		return (await files.readContent(parsed.fileId)).toString('utf8');
	};

	const open = async (row?: unknown): Promise<vscode.TextEditor | undefined> => {
		if (!isTreeReference(row, 'fileId')) {
			return undefined;
		}
		try {
			const { files } = await connections.servicesOf(row.connection);
			const file = await files.retrieve(row.fileId);
			if (file.bytes > MAX_OPEN_BYTES) {
				const download = vscode.l10n.t('Download…');
				const choice = await vscode.window.showWarningMessage(
					escapeNotificationLinks(vscode.l10n.t('{0} is {1}: too large to open in an editor. Download it instead?', file.filename, formatBytes(file.bytes))),
					download,
				);
				if (choice === download) {
					await vscode.commands.executeCommand(COMMANDS.downloadFile, row);
				}
				return undefined;
			}
			const document = await vscode.workspace.openTextDocument(remoteFileUri(row.connection, file.id, file.filename));
			return await vscode.window.showTextDocument(document, { preview: true });
		} catch (error) {
			showFailure(vscode.l10n.t('Could not open the file {0}', row.fileId), error, log);
			return undefined;
		}
	};

	// `destination` is for automation; people pick the file in the save dialog.
	const download = async (row?: unknown, destination?: unknown): Promise<string | undefined> => {
		if (!isTreeReference(row, 'fileId')) {
			return undefined;
		}
		try {
			const { files } = await connections.servicesOf(row.connection);
			const file = await files.retrieve(row.fileId);
			const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
			const target =
				destination instanceof vscode.Uri
					? destination
					: await vscode.window.showSaveDialog({
							title: vscode.l10n.t('Download {0}', file.filename),
							...(folder ? { defaultUri: vscode.Uri.joinPath(folder, safeName(file.filename)) } : {}),
						});
			if (!target) {
				return undefined;
			}
			// The save dialog asked about an existing file already: its answer is the consent to replace.
			// A destination given by a caller was agreed to by no one, so an existing file is asked about.
			const whenExists: WhenExists = destination instanceof vscode.Uri ? confirmReplace : async () => 'replace';
			const written = await vscode.window.withProgress(
				{ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Downloading {0}', file.filename), cancellable: true },
				(progress, token) => {
					const abort = new AbortController();
					token.onCancellationRequested(() => abort.abort());
					const report = byteProgress(progress);
					// The size the server gives: a body cut short is an error, never a complete file.
					return files.download(file.id, target.fsPath, whenExists, abort.signal, { expectedBytes: file.bytes, onProgress: (received) => report(received, file.bytes) });
				},
			);
			log.info(`downloaded ${file.id} to ${written.path} (${written.bytes} bytes)`);
			void vscode.window.showInformationMessage(escapeNotificationLinks(vscode.l10n.t('Downloaded {0} to {1}.', file.filename, path.basename(written.path))));
			return written.path;
		} catch (error) {
			showFailure(vscode.l10n.t('Could not download the file {0}', row.fileId), error, log);
			return undefined;
		}
	};

	return vscode.Disposable.from(
		vscode.workspace.registerTextDocumentContentProvider(REMOTE_FILE_SCHEME, { provideTextDocumentContent: contentOf }),
		registerTrustedCommand(COMMANDS.openRemoteFile, open),
		registerTrustedCommand(COMMANDS.downloadFile, download),
		vscode.commands.registerCommand(COMMANDS.copyFileId, async (row?: unknown) => {
			if (isTreeReference(row, 'fileId')) {
				await vscode.env.clipboard.writeText(row.fileId);
			}
		}),
	);
}
