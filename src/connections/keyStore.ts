import type * as vscode from 'vscode';
import { resolveApiKey, type ResolvedApiKey } from '../openai/client';
import type { Connection } from './model';

// Where earlier versions kept their one key; read once by the migration, then deleted.
export const LEGACY_KEY_SECRET = 'finetuneStudio.openaiApiKey';
const KEY_PREFIX = 'finetuneStudio.key/';

/** The secret storage key of `connectionName`'s API key. */
export function keySecretName(connectionName: string): string {
	return `${KEY_PREFIX}${connectionName}`;
}

/**
 * Each connection's API key in VS Code's secret storage (the OS keychain on the desktop), keyed by its
 * name; never in settings. `OPENAI_API_KEY` stands in only for `openai` connections: it is an OpenAI
 * key, and sending it to another server would hand it to whoever runs that server.
 */
export class ConnectionKeyStore {
	/** Fires with the connection name when its key is set or cleared, in this window or another. */
	readonly onDidChange: vscode.Event<string>;

	constructor(private readonly secrets: vscode.SecretStorage) {
		this.onDidChange = (listener, thisArgs, disposables) =>
			secrets.onDidChange((event) => event.key.startsWith(KEY_PREFIX) && listener.call(thisArgs, event.key.slice(KEY_PREFIX.length)), undefined, disposables);
	}

	/** The key to use for `connection`: its stored one, else (for `openai`) the environment's, else undefined. */
	async resolve(connection: Connection): Promise<ResolvedApiKey | undefined> {
		return resolveApiKey(await this.secrets.get(keySecretName(connection.name)), connection.kind === 'openai' ? process.env : {});
	}

	async store(connectionName: string, key: string): Promise<void> {
		await this.secrets.store(keySecretName(connectionName), key.trim());
	}

	async clear(connectionName: string): Promise<void> {
		await this.secrets.delete(keySecretName(connectionName));
	}

	/** Moves the key of earlier versions to `connectionName`; true when there was one. */
	async migrateLegacyKey(connectionName: string): Promise<boolean> {
		const legacy = (await this.secrets.get(LEGACY_KEY_SECRET))?.trim();
		if (legacy) {
			await this.store(connectionName, legacy);
		}
		await this.secrets.delete(LEGACY_KEY_SECRET);
		return Boolean(legacy);
	}

	async hasLegacyKey(): Promise<boolean> {
		return Boolean((await this.secrets.get(LEGACY_KEY_SECRET))?.trim());
	}
}
