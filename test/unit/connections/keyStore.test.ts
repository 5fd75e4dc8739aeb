import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { ConnectionKeyStore, keySecretName, LEGACY_KEY_SECRET } from '../../../src/connections/keyStore';

/** Secret storage in memory, with the change events VS Code fires. */
function memorySecrets(initial: Record<string, string> = {}): vscode.SecretStorage & { readonly values: Map<string, string> } {
	const values = new Map(Object.entries(initial));
	const listeners: ((event: vscode.SecretStorageChangeEvent) => void)[] = [];
	const fire = (key: string) => listeners.forEach((listener) => listener({ key }));
	return {
		values,
		get: async (key) => values.get(key),
		store: async (key, value) => {
			values.set(key, value);
			fire(key);
		},
		delete: async (key) => {
			values.delete(key);
			fire(key);
		},
		onDidChange: (listener) => {
			listeners.push(listener);
			return { dispose: () => listeners.splice(listeners.indexOf(listener), 1) };
		},
	};
}

describe('connections: the key store', () => {
	const saved = process.env.OPENAI_API_KEY;
	afterEach(() => {
		if (saved === undefined) {
			delete process.env.OPENAI_API_KEY;
		} else {
			process.env.OPENAI_API_KEY = saved;
		}
	});

	it('keeps one key per connection name and says whose key changed', async () => {
		const secrets = memorySecrets();
		const store = new ConnectionKeyStore(secrets);
		const changed: string[] = [];
		store.onDidChange((name) => changed.push(name));
		await store.store('azure-east', ' key-a \n');
		await store.store('OpenAI', 'sk-b');
		assert.deepEqual(Object.fromEntries(secrets.values), { [keySecretName('azure-east')]: 'key-a', [keySecretName('OpenAI')]: 'sk-b' });
		assert.deepEqual((await store.resolve({ name: 'azure-east', kind: 'azure', baseUrl: 'https://r' }))?.key, 'key-a');
		await store.clear('azure-east');
		assert.deepEqual(changed, ['azure-east', 'OpenAI', 'azure-east']);
	});

	it('lends OPENAI_API_KEY to openai connections only, never to another server', async () => {
		process.env.OPENAI_API_KEY = 'sk-from-env';
		const store = new ConnectionKeyStore(memorySecrets());
		assert.deepEqual(await store.resolve({ name: 'OpenAI', kind: 'openai', baseUrl: '' }), { key: 'sk-from-env', source: 'environment' });
		assert.equal(await store.resolve({ name: 'local', kind: 'compatible', baseUrl: 'http://127.0.0.1:1/v1' }), undefined);
		assert.equal(await store.resolve({ name: 'azure', kind: 'azure', baseUrl: 'https://r' }), undefined);
	});

	it('moves the key of earlier versions to the migrated connection and deletes the old secret', async () => {
		const secrets = memorySecrets({ [LEGACY_KEY_SECRET]: 'sk-legacy' });
		const store = new ConnectionKeyStore(secrets);
		assert.equal(await store.hasLegacyKey(), true);
		assert.equal(await store.migrateLegacyKey('OpenAI'), true);
		assert.deepEqual(Object.fromEntries(secrets.values), { [keySecretName('OpenAI')]: 'sk-legacy' });
		assert.equal(await store.migrateLegacyKey('OpenAI'), false, 'nothing left to move');
		assert.deepEqual(Object.fromEntries(secrets.values), { [keySecretName('OpenAI')]: 'sk-legacy' });
	});
});
