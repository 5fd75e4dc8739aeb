import * as assert from 'node:assert/strict';
import { AzureOpenAI, OpenAI } from 'openai';
import { createOpenAIClient, DEFAULT_BASE_URL, resolveApiKey } from '../../../src/openai/client';
import { startEmulator } from '../../fixtures/openai-emulator';

describe('openai client', () => {
	describe('resolveApiKey', () => {
		it('prefers secret storage over the environment', () => {
			assert.deepEqual(resolveApiKey('sk-stored', { OPENAI_API_KEY: 'sk-env' }), { key: 'sk-stored', source: 'secret-storage' });
		});

		it('falls back to OPENAI_API_KEY', () => {
			assert.deepEqual(resolveApiKey(undefined, { OPENAI_API_KEY: 'sk-env' }), { key: 'sk-env', source: 'environment' });
		});

		it('treats blank values as absent and trims a pasted newline', () => {
			assert.deepEqual(resolveApiKey('  \n', { OPENAI_API_KEY: ' sk-env\n' }), { key: 'sk-env', source: 'environment' });
			assert.equal(resolveApiKey('', { OPENAI_API_KEY: '' }), undefined);
			assert.equal(resolveApiKey(undefined, {}), undefined);
		});
	});

	describe('createOpenAIClient', () => {
		const variables = ['OPENAI_BASE_URL', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID'] as const;
		const saved = variables.map((name) => process.env[name]);
		afterEach(() => {
			variables.forEach((name, index) => {
				const value = saved[index];
				if (value === undefined) {
					delete process.env[name];
				} else {
					process.env[name] = value;
				}
			});
		});

		it('builds an OpenAI client from the config alone, ignoring OPENAI_* variables', () => {
			process.env['OPENAI_BASE_URL'] = 'https://env.example.test/v1';
			process.env['OPENAI_ORG_ID'] = 'org-env';
			process.env['OPENAI_PROJECT_ID'] = 'proj-env';
			const client = createOpenAIClient({ apiKey: 'sk-config' });
			assert.ok(!(client instanceof AzureOpenAI));
			assert.ok(client instanceof OpenAI);
			assert.equal(client.baseURL, DEFAULT_BASE_URL);
			assert.equal(client.organization, null);
			assert.equal(client.project, null);
			assert.equal(client.apiKey, 'sk-config');
		});

		it('passes base URL, organization and project, with bounded timeout and retries', () => {
			const client = createOpenAIClient({ apiKey: 'sk-config', baseURL: 'http://127.0.0.1:9/v1', organization: 'org-1', project: 'proj-1' });
			assert.equal(client.baseURL, 'http://127.0.0.1:9/v1');
			assert.equal(client.organization, 'org-1');
			assert.equal(client.project, 'proj-1');
			assert.ok(client.timeout <= 120_000, `timeout ${client.timeout}`);
			assert.ok(client.maxRetries >= 2 && client.maxRetries <= 5, `maxRetries ${client.maxRetries}`);
		});

		it('builds an AzureOpenAI client for an Azure config, even with OPENAI_BASE_URL set', () => {
			process.env['OPENAI_BASE_URL'] = 'https://env.example.test/v1';
			const client = createOpenAIClient({ apiKey: 'azure-key', azure: { endpoint: 'https://res.openai.azure.com/', apiVersion: '2025-04-01-preview', deployment: 'ft-dep' } });
			assert.ok(client instanceof AzureOpenAI);
			assert.equal(client.baseURL, 'https://res.openai.azure.com/openai');
			assert.equal(client.apiVersion, '2025-04-01-preview');
			assert.equal(client.deploymentName, 'ft-dep');
		});
	});
});

describe('openai client without a key', () => {
	it('sends no Authorization header at all to a server that takes no key, and one with a key', async () => {
		const server = await startEmulator({ clock: 'manual', chatOnly: true });
		try {
			await createOpenAIClient({ baseURL: server.baseURL }).models.list();
			await createOpenAIClient({ apiKey: 'sk-local-0123', baseURL: server.baseURL }).models.list();
			assert.deepEqual(
				server.requests.map((request) => request.authorization),
				[undefined, 'Bearer sk-local-0123'],
			);
		} finally {
			await server.close();
		}
	});
});

describe('openai client logging', () => {
	it('forwards SDK warnings to the logger with keys scrubbed', () => {
		const lines: string[] = [];
		const logger = { info: (line: string) => lines.push(line), warn: (line: string) => lines.push(line), error: (line: string) => lines.push(line) };
		const client = createOpenAIClient({ apiKey: 'custom-key-without-prefix-123' }, logger);
		client.logger.warn('retrying with custom-key-without-prefix-123 and sk-proj-leaked999', { header: 'Bearer sk-proj-leaked999' });
		assert.equal(lines.length, 1);
		assert.match(lines[0] ?? '', /^\[openai\] retrying with \[redacted\]/);
		assert.doesNotMatch(lines[0] ?? '', /custom-key-without-prefix-123|leaked999/);
	});
});
