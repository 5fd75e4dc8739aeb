import * as assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { exportJobs } from '../../../src/export/exportJobs';
import { parseRecreateSpec, RecreateSpecError, toCreateJobRequest } from '../../../src/export/recreate';
import { createOpenAIClient } from '../../../src/openai/client';
import { FilesService } from '../../../src/openai/files';
import { JobsService, toCreateParams, type CreateJobRequest } from '../../../src/openai/jobs';
import { startEmulator } from '../../fixtures/openai-emulator';
import { preferenceDataset, reinforcementDataset, TEST_API_KEY, useEmulator, writeScratchFile } from '../openai/emulatorHarness';

describe('recreate.json (emulator)', () => {
	const fixture = useEmulator();

	const grader = { type: 'string_check', name: 'exact answer', input: '{{sample.output_text}}', reference: '{{item.answer}}', operation: 'eq' } as const;

	for (const [name, dataset, request] of [
		['a DPO job', preferenceDataset(12), { method: 'dpo', model: 'gpt-4.1-mini-2025-04-14', hyperparameters: { beta: 0.2, n_epochs: 2 }, suffix: 'prefs', seed: 11, metadata: { team: 'support' } }],
		['a reinforcement job', reinforcementDataset(12), { method: 'reinforcement', model: 'o4-mini-2025-04-16', grader, hyperparameters: { n_epochs: 1 } }],
	] as const) {
		it(`re-creates ${name} on another connection: the same model, method, grader, hyperparameters as resolved, suffix, seed and metadata`, async () => {
			const { client, emulator } = fixture();
			const trainingFile = (await new FilesService(client).upload(await writeScratchFile(fixture(), 'train.jsonl', dataset))).id;
			const original = await new JobsService(client).create({ ...request, trainingFile } as CreateJobRequest);
			emulator.advance(60_000);
			const outDir = await mkdtemp(path.join(fixture().scratchDir, 'recreate-'));
			assert.deepEqual((await exportJobs({ jobs: new JobsService(client), files: new FilesService(client) }, { outDir, jobIds: [original.id] })).failures, []);

			const jobDir = path.join(outDir, original.id);
			const spec = parseRecreateSpec(await readFile(path.join(jobDir, 'recreate.json'), 'utf8'));
			const other = await startEmulator({ clock: 'manual' });
			try {
				const otherClient = createOpenAIClient({ apiKey: TEST_API_KEY, baseURL: other.baseURL });
				const uploaded = await new FilesService(otherClient).upload(path.join(jobDir, spec.trainingFile.path as string));
				const again = toCreateJobRequest(spec, { trainingFile: uploaded.id });
				await new JobsService(otherClient).create(again);

				const body = other.requests.find((recorded) => recorded.method === 'POST' && recorded.path === '/v1/fine_tuning/jobs')?.body as Record<string, unknown>;
				const resolved = (await new JobsService(client).retrieve(original.id)).method;
				assert.deepEqual(body, JSON.parse(JSON.stringify(toCreateParams({ ...request, trainingFile: uploaded.id, seed: original.seed, hyperparameters: { ...resolved?.[request.method]?.hyperparameters } } as CreateJobRequest))));
				if (request.method === 'dpo') {
					assert.deepEqual({ seed: body.seed, suffix: body.suffix, metadata: body.metadata }, { seed: 11, suffix: 'prefs', metadata: { team: 'support' } });
				}
			} finally {
				await other.close();
			}
		});
	}

	it('refuses what is not a recreate.json this version reads', () => {
		const valid = { format: 'finetune-studio.recreate', version: 1, source: {}, model: 'gpt-4o-mini-2024-07-18', method: 'supervised', hyperparameters: {}, trainingFile: { path: 'training/a.jsonl', sourceId: 'file-1' } };
		assert.equal(parseRecreateSpec(JSON.stringify(valid)).trainingFile.filename, null);
		for (const [text, message] of [
			['{', /not JSON/],
			[JSON.stringify({ ...valid, format: 'other' }), /not a recreate\.json/],
			[JSON.stringify({ ...valid, version: 2 }), /version 2/],
			[JSON.stringify({ ...valid, method: 'magic' }), /"method" must be one of/],
			[JSON.stringify({ ...valid, method: 'reinforcement' }), /needs its "grader"/],
			[JSON.stringify({ ...valid, trainingFile: { path: 3 } }), /"trainingFile" needs/],
		] as const) {
			assert.throws(() => parseRecreateSpec(text), (error) => RecreateSpecError.is(error) && message.test(error.message), text);
		}
	});
});
