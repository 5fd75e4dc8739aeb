import * as vscode from 'vscode';
import { COMMANDS } from '../contributes';
import { escapeNotificationLinks } from '../editor/markdown';
import type { Logger } from '../logger';
import type { Connections } from '../connections';
import { formatBytes } from '../byteSize';
import type { ServerChanges } from './serverChanges';
import { showFailure } from './showFailure';
import { isTreeReference } from './treeReference';
import { registerTrustedCommand } from './trustedCommand';

/**
 * "Delete Uploaded File…" and "Delete Fine-Tuned Model…": each takes an id argument (on the default
 * connection), a file or model row of the sidebar, or offers a pick, and asks by modal, naming what will be
 * destroyed. Each resolves to whether it deleted.
 */
export function registerDeleteCommands(connections: Connections, serverChanges: ServerChanges, log: Logger): vscode.Disposable {
	const deleteFile = async (target?: unknown): Promise<boolean> => {
		try {
			const row = isTreeReference(target, 'fileId') ? target : undefined;
			const { files, connection } = row ? await connections.servicesOf(row.connection, 'fine-tuning') : await connections.use('fine-tuning');
			let id = row ? row.fileId : typeof target === 'string' ? target : undefined;
			let name = id;
			if (!id) {
				const uploaded = await files.list({ purpose: 'fine-tune' });
				if (uploaded.length === 0) {
					void vscode.window.showInformationMessage(vscode.l10n.t('There are no uploaded fine-tuning files.'));
					return false;
				}
				const picked = await vscode.window.showQuickPick(
					uploaded
						.sort((a, b) => b.created_at - a.created_at)
						.map((file) => ({ label: file.filename, description: file.id, detail: `${formatBytes(file.bytes)} · ${new Date(file.created_at * 1000).toLocaleString()}`, id: file.id })),
					{ title: vscode.l10n.t('Delete Uploaded File'), placeHolder: vscode.l10n.t('Pick a file to delete from OpenAI'), matchOnDescription: true },
				);
				id = picked?.id;
				name = picked && `${picked.label} (${picked.id})`;
			}
			if (!id) {
				return false;
			}
			const confirmed = await confirm(
				vscode.l10n.t('Delete {0} from OpenAI?', name ?? id),
				vscode.l10n.t('Jobs already using it are not affected, but it cannot be used for new jobs. This cannot be undone.'),
				vscode.l10n.t('Delete File'),
			);
			if (!confirmed) {
				return false;
			}
			await files.delete(id);
			serverChanges.fileDeleted({ connection, fileId: id });
			log.info(`deleted file ${id}`);
			void vscode.window.showInformationMessage(escapeNotificationLinks(vscode.l10n.t('Deleted {0}.', name ?? id)));
			return true;
		} catch (error) {
			showFailure(vscode.l10n.t('Could not delete the file'), error, log);
			return false;
		}
	};

	const deleteModel = async (target?: unknown): Promise<boolean> => {
		try {
			const row = isTreeReference(target, 'modelId') ? target : undefined;
			const { models, connection } = row ? await connections.servicesOf(row.connection, 'fine-tuning') : await connections.use('fine-tuning');
			let id = row ? row.modelId : typeof target === 'string' ? target : undefined;
			if (!id) {
				const { fineTunedModels } = await models.list();
				if (fineTunedModels.length === 0) {
					void vscode.window.showInformationMessage(vscode.l10n.t('You have no fine-tuned models.'));
					return false;
				}
				const picked = await vscode.window.showQuickPick(
					fineTunedModels.map((model) => ({ label: model.id, description: new Date(model.created * 1000).toLocaleString() })),
					{ title: vscode.l10n.t('Delete Fine-Tuned Model'), placeHolder: vscode.l10n.t('Pick a model to delete') },
				);
				id = picked?.label;
			}
			if (!id) {
				return false;
			}
			const confirmed = await confirm(
				vscode.l10n.t('Delete the fine-tuned model {0}?', id),
				vscode.l10n.t('Every app and chat that calls it stops working. This cannot be undone.'),
				vscode.l10n.t('Delete Model'),
			);
			if (!confirmed) {
				return false;
			}
			await models.delete(id);
			serverChanges.modelDeleted({ connection, modelId: id });
			void vscode.window.showInformationMessage(escapeNotificationLinks(vscode.l10n.t('Deleted the model {0}.', id)));
			return true;
		} catch (error) {
			showFailure(vscode.l10n.t('Could not delete the model'), error, log);
			return false;
		}
	};

	return vscode.Disposable.from(registerTrustedCommand(COMMANDS.deleteFile, deleteFile), registerTrustedCommand(COMMANDS.deleteModel, deleteModel));
}

async function confirm(message: string, detail: string, action: string): Promise<boolean> {
	return (await vscode.window.showWarningMessage(escapeNotificationLinks(message), { modal: true, detail }, action)) === action;
}
