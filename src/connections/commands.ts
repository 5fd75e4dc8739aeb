import * as vscode from 'vscode';
import { COMMANDS } from '../contributes';
import { showFailure } from '../jobs/showFailure';
import { registerTrustedCommand } from '../jobs/trustedCommand';
import type { Logger } from '../logger';
import { ApiError } from '../openai/errors';
import type { Connections } from './connections';
import type { AZURE_RESOURCE_FIELDS } from './management';
import { checkBaseUrl, CONNECTION_KINDS, parseResourceId, type Connection, type ConnectionKind } from './model';

/**
 * "Add Connection…", "Remove Connection…" and "Switch Default Connection…". Add resolves to the new
 * connection's name (given a kind, it starts at the endpoint), Remove and Switch to whether they changed anything.
 */
export function registerConnectionCommands(connections: Connections, log: Logger): vscode.Disposable {
	const add = async (kindArgument?: unknown): Promise<string | undefined> => {
		await connections.migrated;
		const kind = (CONNECTION_KINDS as readonly unknown[]).includes(kindArgument) ? (kindArgument as ConnectionKind) : undefined;
		const answers = await askForConnection(connections.configured(), kind);
		if (!answers) {
			return undefined;
		}
		const { connection, key } = answers;
		const entra = connection.auth === 'entra';
		const checkedWith = key ? vscode.l10n.t('the API key') : vscode.l10n.t('no API key');
		try {
			// A cheap call with the key (or the Entra sign-in) before anything is saved: a wrong endpoint or key is caught now.
			const credential = entra ? () => connections.entra.token('data-plane') : key;
			await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking {0}…', connection.name) }, () =>
				connections.servicesWithKey(connection, credential).models.list(),
			);
		} catch (error) {
			// A refused sign-in is not 'auth' (that is about keys): showFailure says what the server said.
			if (ApiError.is(error, 'auth')) {
				log.warn(`${connection.name} rejected ${key ? 'the API key' : 'a request without a key'}; the connection was not added`);
				void vscode.window.showErrorMessage(vscode.l10n.t('{0} rejected {1}, so the connection was not added.', connection.name, checkedWith));
			} else {
				showFailure(vscode.l10n.t('Could not reach {0}, so the connection was not added', connection.name), error, log);
			}
			return undefined;
		}
		const configured = connections.configured();
		const makeDefault = configured.length === 0 || !configured.some((existing) => existing.name.toLowerCase() === connections.defaultName().toLowerCase());
		// Entra stores nothing: VS Code keeps the Microsoft session.
		if (key) {
			await connections.keys.store(connection.name, key);
		}
		await connections.save([...configured, connection], makeDefault ? connection.name : undefined);
		log.info(`added the connection ${connection.name} (${connection.kind}${connection.auth === 'entra' ? ', Microsoft Entra sign-in' : ''})${makeDefault ? ', now the default' : ''}`);
		void vscode.window.showInformationMessage(
			makeDefault ? vscode.l10n.t('The connection {0} works, is saved and is now the default.', connection.name) : vscode.l10n.t('The connection {0} works and is saved.', connection.name),
		);
		return connection.name;
	};

	const remove = async (): Promise<boolean> => {
		const { configured, connection } = await pickConfigured(connections, vscode.l10n.t('Remove which connection?'));
		if (!connection) {
			return false;
		}
		try {
			const removeAction = vscode.l10n.t('Remove');
			const confirmed = await vscode.window.showWarningMessage(
				vscode.l10n.t('Remove the connection {0}?', connection.name),
				{ modal: true, detail: vscode.l10n.t("Its API key is deleted from VS Code's secret storage too. Files, jobs and models on the server are not touched.") },
				removeAction,
			);
			if (confirmed !== removeAction) {
				return false;
			}
			const wasDefault = connections.defaultName().toLowerCase() === connection.name.toLowerCase();
			await connections.save(
				configured.filter((existing) => existing !== connection),
				wasDefault ? '' : undefined,
			);
			await connections.keys.clear(connection.name);
		} catch (error) {
			showFailure(vscode.l10n.t('Could not remove the connection {0}', connection.name), error, log);
			return false;
		}
		log.info(`removed the connection ${connection.name} and its key`);
		void vscode.window.showInformationMessage(vscode.l10n.t('The connection {0} and its API key are removed.', connection.name));
		return true;
	};

	const switchDefault = async (): Promise<boolean> => {
		const { configured, connection } = await pickConfigured(connections, vscode.l10n.t('Which connection should commands use when they are not told?'));
		if (!connection) {
			return false;
		}
		await connections.save(configured, connection.name);
		log.info(`the default connection is now ${connection.name}`);
		return true;
	};

	return vscode.Disposable.from(
		registerTrustedCommand(COMMANDS.addConnection, add),
		vscode.commands.registerCommand(COMMANDS.removeConnection, remove),
		vscode.commands.registerCommand(COMMANDS.switchDefaultConnection, switchDefault),
	);
}

/** The configured connections and the one the user picks of them; says so when there are none. */
async function pickConfigured(connections: Connections, placeHolder: string): Promise<{ configured: readonly Connection[]; connection?: Connection }> {
	await connections.migrated;
	const configured = connections.configured();
	if (configured.length === 0) {
		void vscode.window.showInformationMessage(vscode.l10n.t('No connection is configured yet (the implicit OpenAI one is used): add one with "Add Connection…".'));
		return { configured };
	}
	return { configured, connection: await connections.pick(placeHolder, configured) };
}

interface KindItem extends vscode.QuickPickItem {
	readonly kind_: ConnectionKind;
}

const STEPS = 4;

/**
 * The guided part of "Add Connection…": kind, endpoint (and API version for Azure), name, key.
 * Escape at any screen adds nothing.
 */
async function askForConnection(existing: readonly Connection[], preselected?: ConnectionKind): Promise<{ connection: Connection; key?: string } | undefined> {
	const title = (step: number, screen: string) => vscode.l10n.t('Add Connection ({0}/{1}): {2}', step, STEPS, screen);
	const kinds: KindItem[] = [
		{ label: 'OpenAI', detail: vscode.l10n.t('api.openai.com: fine-tuning (while OpenAI offers it) and chat'), kind_: 'openai' },
		{ label: 'Azure OpenAI / Foundry', detail: vscode.l10n.t('Your Azure resource, with its API key or Microsoft Entra sign-in; deploys fine-tuned models'), kind_: 'azure' },
		{ label: vscode.l10n.t('OpenAI-compatible server'), detail: vscode.l10n.t('Ollama, vLLM, LM Studio, llama.cpp, LocalAI, or a fine-tuning service with an OpenAI-style API'), kind_: 'compatible' },
	];
	const kind = preselected ?? (await vscode.window.showQuickPick(kinds, { title: title(1, vscode.l10n.t('Kind')), placeHolder: vscode.l10n.t('Where do your models live?'), ignoreFocusOut: true }))?.kind_;
	if (!kind) {
		return undefined;
	}
	const baseUrl = await vscode.window.showInputBox({
		title: title(2, vscode.l10n.t('Endpoint')),
		prompt:
			kind === 'openai'
				? vscode.l10n.t('Leave empty for https://api.openai.com/v1.')
				: kind === 'azure'
					? vscode.l10n.t('The resource endpoint, e.g. https://my-resource.openai.azure.com/ (or its /openai/v1/ URL).')
					: vscode.l10n.t('The server\'s OpenAI-style base URL, e.g. http://localhost:11434/v1.'),
		placeHolder: kind === 'azure' ? 'https://my-resource.openai.azure.com/' : kind === 'compatible' ? 'http://localhost:11434/v1' : 'https://api.openai.com/v1',
		ignoreFocusOut: true,
		validateInput: (value) => checkBaseUrl(value.trim(), kind),
	});
	if (baseUrl === undefined) {
		return undefined;
	}
	let apiVersion = '';
	let resource: Partial<Record<(typeof AZURE_RESOURCE_FIELDS)[number], string>> = {};
	if (kind === 'azure') {
		const answer = await vscode.window.showInputBox({
			title: title(2, vscode.l10n.t('API Version')),
			prompt: vscode.l10n.t('Leave empty for the version-less /openai/v1/ endpoint, or give an api-version such as 2025-04-01-preview.'),
			ignoreFocusOut: true,
		});
		if (answer === undefined) {
			return undefined;
		}
		apiVersion = answer.trim();
		const resourceId = await vscode.window.showInputBox({
			title: title(2, vscode.l10n.t('Resource ID')),
			prompt: vscode.l10n.t("For deploying fine-tuned models: the resource's ID from its JSON View in the Azure portal (/subscriptions/…/resourceGroups/…/providers/Microsoft.CognitiveServices/accounts/…). Leave empty to add it later."),
			placeHolder: '/subscriptions/…/resourceGroups/…/providers/Microsoft.CognitiveServices/accounts/…',
			ignoreFocusOut: true,
			validateInput: (value) => (value.trim() === '' || parseResourceId(value) ? undefined : vscode.l10n.t('That is not the ID of an Azure OpenAI / Foundry resource.')),
		});
		if (resourceId === undefined) {
			return undefined;
		}
		resource = parseResourceId(resourceId) ?? {};
	}
	const taken = new Set(existing.map((connection) => connection.name.toLowerCase()));
	const name = await vscode.window.showInputBox({
		title: title(3, vscode.l10n.t('Name')),
		prompt: vscode.l10n.t('How commands and pickers call this connection.'),
		value: suggestName(kind, baseUrl.trim(), taken),
		ignoreFocusOut: true,
		validateInput: (value) =>
			value.trim() === '' ? vscode.l10n.t('Give the connection a name.') : taken.has(value.trim().toLowerCase()) ? vscode.l10n.t('A connection is already called {0}.', value.trim()) : undefined,
	});
	if (name === undefined) {
		return undefined;
	}
	const base: Connection = { name: name.trim(), kind, baseUrl: baseUrl.trim(), ...(apiVersion ? { apiVersion } : {}), ...resource };
	if (kind === 'azure') {
		const method = await vscode.window.showQuickPick(
			[
				{ label: vscode.l10n.t('API Key'), detail: vscode.l10n.t("One of the resource's keys, kept in VS Code's secret storage"), entra: false },
				{ label: vscode.l10n.t('Sign in with Microsoft'), detail: vscode.l10n.t('Microsoft Entra ID through VS Code: no key is stored; your account needs a role such as Cognitive Services OpenAI User'), entra: true },
			],
			{ title: title(4, vscode.l10n.t('Sign-In')), placeHolder: vscode.l10n.t('How should {0} authenticate?', base.name), ignoreFocusOut: true },
		);
		if (!method) {
			return undefined;
		}
		if (method.entra) {
			return { connection: { ...base, auth: 'entra' } };
		}
	}
	// Local servers take no key, so only a compatible connection may go without one.
	const keyOptional = kind === 'compatible';
	const key = await vscode.window.showInputBox({
		title: title(4, vscode.l10n.t('API Key')),
		prompt: keyOptional
			? vscode.l10n.t("Paste the server's API key, or leave empty if it takes none (most local servers). A key is checked with the server, then kept in VS Code's secret storage, never in settings.")
			: vscode.l10n.t("Paste the API key. It is checked with the server, then kept in VS Code's secret storage, never in settings."),
		password: true,
		ignoreFocusOut: true,
		validateInput: (value) => (value.trim() === '' && !keyOptional ? vscode.l10n.t('Paste a key, or press Escape to cancel.') : undefined),
	});
	if (key === undefined || (!key.trim() && !keyOptional)) {
		return undefined;
	}
	return { connection: base, ...(key.trim() ? { key: key.trim() } : {}) };
}

/** OpenAI for OpenAI, else the endpoint's host name; numbered when taken. */
function suggestName(kind: ConnectionKind, baseUrl: string, taken: ReadonlySet<string>): string {
	let base = 'OpenAI';
	if (kind !== 'openai' || baseUrl) {
		try {
			base = new URL(baseUrl).hostname.split('.')[0] || base;
		} catch {
			// The endpoint was checked already; keep the plain suggestion.
		}
	}
	let name = base;
	for (let n = 2; taken.has(name.toLowerCase()); n++) {
		name = `${base}-${n}`;
	}
	return name;
}
