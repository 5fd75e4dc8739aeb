import * as vscode from 'vscode';
import { COMMANDS } from '../contributes';
import type { ApiKeyStore } from '../editor/secrets';
import type { Logger } from '../logger';
import { ApiError } from '../openai/errors';
import type { OpenAIConnection } from './connection';
import { showFailure } from './showFailure';
import { registerTrustedCommand } from './trustedCommand';

/**
 * "Set API Key…" and "Clear API Key". A new key is tried with a cheap call (listing models) before it
 * is stored, so a typo is caught now rather than at the first upload. Set API Key takes the key as an
 * optional argument for automation; it is checked and stored just the same.
 * Both commands resolve to whether a key was stored or cleared.
 */
export function registerApiKeyCommands(keys: ApiKeyStore, connection: OpenAIConnection, log: Logger): vscode.Disposable {
	const setApiKey = async (keyArgument?: unknown): Promise<boolean> => {
		const key = typeof keyArgument === 'string' ? keyArgument.trim() : await askForKey();
		if (!key) {
			return false;
		}
		try {
			await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the API key…') }, () =>
				connection.servicesFor(key).models.list(),
			);
		} catch (error) {
			if (ApiError.is(error, 'auth')) {
				log.warn('the API key was rejected by the server; it was not stored');
				void vscode.window.showErrorMessage(vscode.l10n.t('The API key was rejected by the server, so it was not saved. Check that you copied all of it.'));
			} else {
				showFailure(vscode.l10n.t('Could not check the API key, so it was not saved'), error, log, () => setApiKey(key));
			}
			return false;
		}
		await keys.store(key);
		log.info('API key checked and stored in secret storage');
		void vscode.window.showInformationMessage(vscode.l10n.t("The API key works and is saved in VS Code's secret storage."));
		return true;
	};

	const clearApiKey = async (): Promise<boolean> => {
		await keys.clear();
		log.info('API key removed from secret storage');
		const fallback = await keys.resolve();
		void vscode.window.showInformationMessage(
			fallback
				? vscode.l10n.t('The saved API key is cleared. The OPENAI_API_KEY environment variable still provides one.')
				: vscode.l10n.t('The saved API key is cleared.'),
		);
		return true;
	};

	return vscode.Disposable.from(registerTrustedCommand(COMMANDS.setApiKey, setApiKey), vscode.commands.registerCommand(COMMANDS.clearApiKey, clearApiKey));
}

async function askForKey(): Promise<string | undefined> {
	const key = await vscode.window.showInputBox({
		title: vscode.l10n.t('Set OpenAI API Key'),
		prompt: vscode.l10n.t("Paste your API key. It is checked with OpenAI, then kept in VS Code's secret storage, never in settings."),
		placeHolder: 'sk-…',
		password: true,
		ignoreFocusOut: true,
		validateInput: (value) => (value.trim() === '' ? vscode.l10n.t('Paste a key, or press Escape to cancel.') : undefined),
	});
	return key?.trim() || undefined;
}
