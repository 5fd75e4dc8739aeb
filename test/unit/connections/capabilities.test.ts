import * as assert from 'node:assert/strict';
import { ChatOnlyConnectionError, probeCapabilities } from '../../../src/connections/capabilities';
import { toOpenAIConfig, type Connection } from '../../../src/connections/model';
import { createOpenAIClient } from '../../../src/openai/client';
import { ApiError } from '../../../src/openai/errors';
import { startEmulator, type Emulator } from '../../fixtures/openai-emulator';

const KEY = 'sk-proj-CapabilityProbe0123456789';

describe('connections: capabilities', () => {
	const emulators: Emulator[] = [];
	after(() => Promise.all(emulators.map((emulator) => emulator.close())));

	async function probe(connection: (emulator: Emulator) => Connection, options: Parameters<typeof startEmulator>[0], key = KEY) {
		const emulator = await startEmulator(options);
		emulators.push(emulator);
		const before = emulator.requests.length;
		const found = await probeCapabilities(createOpenAIClient(toOpenAIConfig(connection(emulator), key)));
		return { found, sent: emulator.requests.slice(before).map((request) => `${request.method} ${request.path}${request.query ? `?${request.query}` : ''}`).sort() };
	}

	it('finds fine-tuning and a model list on an OpenAI-style server, with one cheap request each', async () => {
		const { found, sent } = await probe((emulator) => ({ name: 'emu', kind: 'openai', baseUrl: emulator.baseURL }), { clock: 'manual' });
		assert.deepEqual(found, { fineTuning: true, listsModels: true });
		assert.deepEqual(sent, ['GET /v1/fine_tuning/jobs?limit=1', 'GET /v1/models']);
	});

	it('finds a chat-only server (fine-tuning answers 404) that still lists models', async () => {
		const { found } = await probe((emulator) => ({ name: 'local-ollama', kind: 'compatible', baseUrl: emulator.baseURL }), { clock: 'manual', chatOnly: true });
		assert.deepEqual(found, { fineTuning: false, listsModels: true });
		assert.equal(new ChatOnlyConnectionError('local-ollama').message, 'local-ollama serves chat only: it has no fine-tuning endpoint');
	});

	it('finds fine-tuning on Azure, classic and v1 endpoints', async () => {
		const classic = await probe((emulator) => ({ name: 'azure', kind: 'azure', baseUrl: emulator.endpoint, apiVersion: '2025-04-01-preview' }), { clock: 'manual', azure: true }, 'emulator-azure-key');
		assert.deepEqual(classic.found, { fineTuning: true, listsModels: true });
		const v1 = await probe((emulator) => ({ name: 'azure-v1', kind: 'azure', baseUrl: emulator.endpoint }), { clock: 'manual', azure: true }, 'emulator-azure-key');
		assert.deepEqual(v1.found, { fineTuning: true, listsModels: true });
	});

	it('does not take a rejected key for "cannot fine-tune": the error is thrown, not remembered', async () => {
		await assert.rejects(
			probe((emulator) => ({ name: 'azure', kind: 'azure', baseUrl: emulator.endpoint, apiVersion: '2025-04-01-preview' }), { clock: 'manual', azure: true }, 'wrong-key'),
			(error) => ApiError.is(error, 'auth'),
		);
	});
});
