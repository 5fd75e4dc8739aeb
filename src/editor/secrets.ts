import type * as vscode from 'vscode';
import { resolveApiKey, type ResolvedApiKey } from '../openai/client';

// The one place the key is stored: VS Code's secret storage (the OS keychain on the desktop).
const API_KEY_SECRET = 'finetuneStudio.openaiApiKey';

/** The OpenAI API key in VS Code's secret storage, falling back to `OPENAI_API_KEY`; never in settings. */
export class ApiKeyStore {
	/** Fires when the stored key is set or cleared, in this window or another. */
	readonly onDidChange: vscode.Event<void>;

	constructor(private readonly secrets: vscode.SecretStorage) {
		this.onDidChange = (listener, thisArgs, disposables) =>
			secrets.onDidChange((event) => event.key === API_KEY_SECRET && listener.call(thisArgs), undefined, disposables);
	}

	/** The key to use: the stored one, else the environment's, else undefined. */
	async resolve(): Promise<ResolvedApiKey | undefined> {
		return resolveApiKey(await this.secrets.get(API_KEY_SECRET), process.env);
	}

	async store(key: string): Promise<void> {
		await this.secrets.store(API_KEY_SECRET, key.trim());
	}

	async clear(): Promise<void> {
		await this.secrets.delete(API_KEY_SECRET);
	}
}
