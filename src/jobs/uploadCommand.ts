import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../contributes';
import { getSetting } from '../editor/config';
import type { FileFindings } from '../editor/diagnostics';
import { escapeNotificationLinks } from '../editor/markdown';
import type { Logger } from '../logger';
import type { Connections } from '../connections';
import { showFailure } from './showFailure';
import { datasetFileOf, lintBeforeUpload, saveIfDirty, uploadWithProgress } from './uploadSteps';
import { registerTrustedCommand } from './trustedCommand';

/**
 * "Upload for Fine-Tuning": lints the file for the target model, then uploads it with purpose
 * `fine-tune`. Resolves to the new file's id, or undefined when nothing was uploaded.
 */
export function registerUploadCommand(connections: Connections, problems: FileFindings, log: Logger): vscode.Disposable {
	const upload = async (argument?: unknown): Promise<string | undefined> => {
		const uri = await datasetFileOf(argument, vscode.l10n.t('Upload for Fine-Tuning'));
		if (!uri) {
			return undefined;
		}
		const name = path.basename(uri.fsPath);
		try {
			const services = await connections.use('fine-tuning');
			await saveIfDirty(uri);
			const verdict = await lintBeforeUpload(uri, { model: getSetting('targetModel', uri), target: services.connection.kind, problems, log });
			if (!verdict.proceed) {
				return undefined;
			}
			const file = await uploadWithProgress(services.files, uri.fsPath, services.connection.name, log);
			const copyId = vscode.l10n.t('Copy ID');
			void vscode.window.showInformationMessage(escapeNotificationLinks(vscode.l10n.t('Uploaded {0} as {1}.', name, file.id)), copyId).then(async (choice) => {
				if (choice === copyId) {
					await vscode.env.clipboard.writeText(file.id);
				}
			});
			return file.id;
		} catch (error) {
			showFailure(vscode.l10n.t('Could not upload {0}', name), error, log, () => upload(uri));
			return undefined;
		}
	};
	return registerTrustedCommand(COMMANDS.uploadFile, upload);
}
