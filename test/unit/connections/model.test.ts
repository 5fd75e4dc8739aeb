import * as assert from 'node:assert/strict';
import { chooseDefault, IMPLICIT_CONNECTION, isOnThisMachine, migrateLegacySettings, parseConnections, parseResourceId, toOpenAIConfig, type Connection } from '../../../src/connections/model';

const noLegacy = { baseUrl: '', organization: '', project: '', azureApiVersion: '' };

describe('connections: the settings model', () => {
	it('reads valid entries, trimmed, with empty optional fields left out', () => {
		const parsed = parseConnections([
			{ name: ' OpenAI ', kind: 'openai', baseUrl: '', organization: 'org-1', project: '' },
			{ name: 'azure-east', kind: 'azure', baseUrl: 'https://east.openai.azure.com/', apiVersion: '2025-04-01-preview', subscriptionId: 'sub', resourceGroup: 'rg', accountName: 'east' },
			{ name: 'local-ollama', kind: 'compatible', baseUrl: 'http://127.0.0.1:11434/v1' },
		]);
		assert.deepEqual(parsed.problems, []);
		assert.deepEqual(parsed.connections, [
			{ name: 'OpenAI', kind: 'openai', baseUrl: '', organization: 'org-1' },
			{ name: 'azure-east', kind: 'azure', baseUrl: 'https://east.openai.azure.com/', apiVersion: '2025-04-01-preview', subscriptionId: 'sub', resourceGroup: 'rg', accountName: 'east' },
			{ name: 'local-ollama', kind: 'compatible', baseUrl: 'http://127.0.0.1:11434/v1' },
		]);
	});

	it('leaves out bad entries and says why: duplicate names, wrong kinds, bad or missing URLs, no name, not an object', () => {
		const parsed = parseConnections([
			{ name: 'a', kind: 'openai' },
			{ name: 'A', kind: 'openai' },
			{ name: 'b', kind: 'anthropic', baseUrl: 'https://x' },
			{ name: 'c', kind: 'compatible', baseUrl: 'not a url' },
			{ name: 'd', kind: 'compatible', baseUrl: 'ftp://host/v1' },
			{ name: 'e', kind: 'azure' },
			{ name: 'f', kind: 'compatible', baseUrl: 'https://user:secret@host/v1' },
			{ kind: 'openai' },
			'OpenAI',
		]);
		assert.deepEqual(parsed.connections.map((connection) => connection.name), ['a']);
		assert.deepEqual(parsed.problems, [
			'Connection 2 is named "A" like an earlier one; names must be unique (ignoring case).',
			'Connection "b": kind must be openai, azure, compatible, not "anthropic".',
			'Connection "c": baseUrl "not a url" is not a URL.',
			'Connection "d": baseUrl "ftp://host/v1" must start with https:// (or http:// for a local server).',
			'Connection "e": an Azure connection needs a baseUrl.',
			'Connection "f": baseUrl must not carry a user name or password; the key goes in the key store.',
			'Connection 8 has no name.',
			'Connection 9 is not an object with a name, a kind and a baseUrl.',
		]);
		assert.ok(!parsed.problems.join(' ').includes('secret'), 'a password in a URL is never repeated');
		assert.deepEqual(parseConnections({ name: 'x' }).problems, ['"finetuneStudio.connections" must be a list of connections.']);
		assert.deepEqual(parseConnections(undefined), { connections: [], problems: [] });
	});

	it('builds one client configuration per kind: OpenAI, a compatible base URL, Azure classic with apiVersion, Azure v1 without', () => {
		assert.deepEqual(toOpenAIConfig({ name: 'o', kind: 'openai', baseUrl: '', organization: 'org-1', project: 'proj_2' }, 'sk-x'), { apiKey: 'sk-x', organization: 'org-1', project: 'proj_2' });
		assert.deepEqual(toOpenAIConfig({ name: 'l', kind: 'compatible', baseUrl: 'http://127.0.0.1:9/v1' }, 'k'), { apiKey: 'k', organization: undefined, project: undefined, baseURL: 'http://127.0.0.1:9/v1' });
		assert.deepEqual(toOpenAIConfig({ name: 'a', kind: 'azure', baseUrl: 'https://r.openai.azure.com/', apiVersion: '2025-04-01-preview' }, 'key'), {
			apiKey: 'key',
			organization: undefined,
			project: undefined,
			azure: { endpoint: 'https://r.openai.azure.com/', apiVersion: '2025-04-01-preview' },
		});
		for (const baseUrl of ['https://r.openai.azure.com/', 'https://r.openai.azure.com/openai/v1/']) {
			assert.equal(toOpenAIConfig({ name: 'a', kind: 'azure', baseUrl }, 'key').baseURL, 'https://r.openai.azure.com/openai/v1');
		}
	});

	it('reads Microsoft Entra sign-in for Azure connections only, and key auth as the absence of the field', () => {
		const parsed = parseConnections([
			{ name: 'entra', kind: 'azure', baseUrl: 'https://r.openai.azure.com/', auth: 'entra' },
			{ name: 'keyed', kind: 'azure', baseUrl: 'https://r.openai.azure.com/', auth: 'key' },
			{ name: 'openai-entra', kind: 'openai', auth: 'entra' },
			{ name: 'odd', kind: 'azure', baseUrl: 'https://r.openai.azure.com/', auth: 'password' },
		]);
		assert.deepEqual(parsed.connections, [
			{ name: 'entra', kind: 'azure', baseUrl: 'https://r.openai.azure.com/', auth: 'entra' },
			{ name: 'keyed', kind: 'azure', baseUrl: 'https://r.openai.azure.com/' },
		]);
		assert.deepEqual(parsed.problems, [
			'Connection "openai-entra": Microsoft Entra sign-in (auth "entra") is for Azure connections only.',
			'Connection "odd": auth must be key or entra, not "password".',
		]);
		// A token source takes the key's place in the client configuration.
		const token = () => Promise.resolve('token');
		assert.equal(toOpenAIConfig({ name: 'entra', kind: 'azure', baseUrl: 'https://r.openai.azure.com/', auth: 'entra' }, token).apiKey, token);
	});

	it("reads the ARM fields from an Azure resource ID as the portal shows it, and nothing else", () => {
		const id = '/subscriptions/0000-1111/resourceGroups/my-rg/providers/Microsoft.CognitiveServices/accounts/my-account';
		assert.deepEqual(parseResourceId(` ${id} `), { subscriptionId: '0000-1111', resourceGroup: 'my-rg', accountName: 'my-account' });
		assert.deepEqual(parseResourceId(id.toLowerCase().slice(1)), { subscriptionId: '0000-1111', resourceGroup: 'my-rg', accountName: 'my-account' });
		assert.equal(parseResourceId('/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/x'), undefined);
		assert.equal(parseResourceId(`${id}/deployments/d`), undefined);
		assert.equal(parseResourceId(''), undefined);
	});

	it('migrates the single-connection settings of earlier versions to a connection named OpenAI', () => {
		assert.equal(migrateLegacySettings(noLegacy, false), undefined, 'nothing set: the implicit connection covers it');
		assert.deepEqual(migrateLegacySettings(noLegacy, true), { name: 'OpenAI', kind: 'openai', baseUrl: '' }, 'a stored key alone');
		assert.deepEqual(migrateLegacySettings({ ...noLegacy, baseUrl: ' http://127.0.0.1:9/v1 ', organization: 'org-1', project: 'proj_2' }, false), {
			name: 'OpenAI',
			kind: 'openai',
			baseUrl: 'http://127.0.0.1:9/v1',
			organization: 'org-1',
			project: 'proj_2',
		});
		const azure = migrateLegacySettings({ ...noLegacy, baseUrl: 'https://r.openai.azure.com/', azureApiVersion: '2025-04-01-preview' }, true);
		assert.deepEqual(azure, { name: 'OpenAI', kind: 'azure', baseUrl: 'https://r.openai.azure.com/', apiVersion: '2025-04-01-preview' });
		// What the migration writes is what the settings model reads back, unchanged.
		assert.deepEqual(parseConnections([azure]).connections, [azure]);
	});

	it('uses the default connection, the only one, the implicit one, or asks', () => {
		const a: Connection = { name: 'A', kind: 'openai', baseUrl: '' };
		const b: Connection = { name: 'B', kind: 'compatible', baseUrl: 'http://127.0.0.1:1/v1' };
		assert.equal(chooseDefault([], ''), IMPLICIT_CONNECTION);
		assert.equal(chooseDefault([b], ''), b);
		assert.equal(chooseDefault([a, b], 'b'), b);
		assert.equal(chooseDefault([a, b], ''), 'ask');
		assert.equal(chooseDefault([a, b], 'gone'), 'ask');
	});

	it('tells a server on this machine (loopback) from one elsewhere', () => {
		const at = (baseUrl: string): Connection => ({ name: 'x', kind: 'compatible', baseUrl });
		assert.deepEqual(
			['http://127.0.0.1:4010/v1', 'http://localhost:11434/v1', 'http://[::1]:8000/v1', 'http://127.1.2.3/v1'].map((url) => isOnThisMachine(at(url))),
			[true, true, true, true],
		);
		assert.deepEqual(
			['https://api.openai.com/v1', 'http://127.0.0.1.example.com/v1', 'http://10.0.0.2/v1', ''].map((url) => isOnThisMachine(at(url))),
			[false, false, false, false],
		);
		assert.equal(isOnThisMachine(IMPLICIT_CONNECTION), false);
	});
});
