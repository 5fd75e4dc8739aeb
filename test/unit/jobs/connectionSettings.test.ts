import * as assert from 'node:assert/strict';
import { formatBytes } from '../../../src/byteSize';
import { MissingAzureEndpointError, toOpenAIConfig } from '../../../src/jobs/openaiConfig';

const none = { baseUrl: '', organization: '', project: '', azureApiVersion: '' };

describe('jobs: connection settings', () => {
	it('talks to OpenAI by default, and to the base URL when one is set', () => {
		assert.deepEqual(toOpenAIConfig(none, 'sk-x'), { apiKey: 'sk-x', organization: undefined, project: undefined });
		assert.deepEqual(toOpenAIConfig({ ...none, baseUrl: ' http://127.0.0.1:9/v1 ', organization: 'org-1', project: 'proj_2' }, 'sk-x'), {
			apiKey: 'sk-x',
			organization: 'org-1',
			project: 'proj_2',
			baseURL: 'http://127.0.0.1:9/v1',
		});
	});

	it('switches to Azure OpenAI with an API version, the base URL being the endpoint', () => {
		assert.deepEqual(toOpenAIConfig({ ...none, baseUrl: 'https://r.openai.azure.com/', azureApiVersion: '2025-04-01-preview' }, 'key'), {
			apiKey: 'key',
			organization: undefined,
			project: undefined,
			azure: { endpoint: 'https://r.openai.azure.com/', apiVersion: '2025-04-01-preview' },
		});
		assert.throws(() => toOpenAIConfig({ ...none, azureApiVersion: '2025-04-01-preview' }, 'key'), (error) => MissingAzureEndpointError.is(error));
	});

	it('formats byte counts for progress messages', () => {
		assert.equal(formatBytes(512), '512 bytes');
		assert.equal(formatBytes(812 * 1024), '812 KB');
		assert.equal(formatBytes(12.3 * 1024 * 1024), '12.3 MB');
		assert.equal(formatBytes(140 * 1024 * 1024), '140.0 MB');
		assert.equal(formatBytes(1024 ** 3), '1.0 GB');
	});
});
