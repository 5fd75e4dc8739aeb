import * as vscode from 'vscode';
import { COMMANDS } from '../contributes';
import type { Connection, Connections } from '../connections';
import type { Logger } from '../logger';
import { ApiError } from '../openai/errors';
import { showFailure } from './showFailure';
import { registerTrustedCommand } from './trustedCommand';

/**
 * "Set API Key…" and "Clear API Key", each for one connection: the one named by the second argument,
 * the only one, or the one the user picks. A new key is tried with a cheap call (listing models)
 * before it is stored, so a typo is caught now rather than at the first upload. Set API Key takes the
 * key as an optional first argument for automation; it is checked and stored just the same.
 * Both commands resolve to whether a key was stored or cleared.
 */
export function registerApiKeyCommands(connections: Connections, log: Logger): vscode.Disposable {
	const setApiKey = async (keyArgument?: unknown, connectionName?: unknown): Promise<boolean> => {
		const connection = await connectionFor(connections, connectionName, vscode.l10n.t('Set the API key of which connection?'));
		if (connection?.auth === 'entra') {
			void vscode.window.showInformationMessage(vscode.l10n.t('{0} signs in with Microsoft, so it has no API key: VS Code keeps the sign-in (see the Accounts menu).', connection.name));
			return false;
		}
		const key = connection && (typeof keyArgument === 'string' ? keyArgument.trim() : await askForKey(connection));
		if (!connection || !key) {
			return false;
		}
		try {
			await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the API key with {0}…', connection.name) }, () =>
				connections.servicesWithKey(connection, key).models.list(),
			);
		} catch (error) {
			if (ApiError.is(error, 'auth')) {
				log.warn(`${connection.name} rejected the API key; it was not stored`);
				void vscode.window.showErrorMessage(vscode.l10n.t('{0} rejected the API key, so it was not saved. Check that you copied all of it.', connection.name));
			} else {
				showFailure(vscode.l10n.t('Could not check the API key with {0}, so it was not saved', connection.name), error, log, () => setApiKey(key, connection.name));
			}
			return false;
		}
		await connections.keys.store(connection.name, key);
		log.info(`API key of ${connection.name} checked and stored in secret storage`);
		void vscode.window.showInformationMessage(vscode.l10n.t("The API key works with {0} and is saved in VS Code's secret storage.", connection.name));
		return true;
	};

	const clearApiKey = async (connectionName?: unknown): Promise<boolean> => {
		const connection = await connectionFor(connections, connectionName, vscode.l10n.t('Clear the API key of which connection?'));
		if (!connection) {
			return false;
		}
		await connections.keys.clear(connection.name);
		log.info(`API key of ${connection.name} removed from secret storage`);
		const fallback = await connections.keys.resolve(connection);
		void vscode.window.showInformationMessage(
			fallback
				? vscode.l10n.t('The saved API key of {0} is cleared. The OPENAI_API_KEY environment variable still provides one.', connection.name)
				: connection.kind === 'compatible'
					? vscode.l10n.t('The saved API key of {0} is cleared: requests to it now carry no key.', connection.name)
					: vscode.l10n.t('The saved API key of {0} is cleared.', connection.name),
		);
		return true;
	};

	return vscode.Disposable.from(registerTrustedCommand(COMMANDS.setApiKey, setApiKey), vscode.commands.registerCommand(COMMANDS.clearApiKey, clearApiKey));
}

/** The connection named `name` (case-insensitively), else the only one, else the one the user picks. */
async function connectionFor(connections: Connections, name: unknown, placeHolder: string): Promise<Connection | undefined> {
	await connections.migrated;
	const all = connections.all();
	if (typeof name === 'string' && name) {
		const named = all.find((connection) => connection.name.toLowerCase() === name.toLowerCase());
		if (!named) {
			void vscode.window.showErrorMessage(vscode.l10n.t('There is no connection named {0}.', name));
		}
		return named;
	}
	return all.length === 1 ? all[0] : connections.pick(placeHolder, all);
}

async function askForKey(connection: Connection): Promise<string | undefined> {
	const key = await vscode.window.showInputBox({
		title: vscode.l10n.t('Set API Key for {0}', connection.name),
		prompt: vscode.l10n.t("Paste the API key of {0}. It is checked with the server, then kept in VS Code's secret storage, never in settings.", connection.name),
		placeHolder: connection.kind === 'openai' ? 'sk-…' : '',
		password: true,
		ignoreFocusOut: true,
		validateInput: (value) => (value.trim() === '' ? vscode.l10n.t('Paste a key, or press Escape to cancel.') : undefined),
	});
	return key?.trim() || undefined;
}
