import * as assert from 'node:assert/strict';
import { ApiError } from '../../../src/openai/errors';
import { FilesService } from '../../../src/openai/files';
import { JobsService } from '../../../src/openai/jobs';
import { ModelsService, parseFineTunedModelName } from '../../../src/openai/models';
import { chatDataset, useEmulator, writeScratchFile } from './emulatorHarness';

describe('openai ModelsService (emulator)', () => {
	const fixture = useEmulator();

	it('splits base models from fine-tuned ones, and deletes a fine-tuned model', async () => {
		const { client, emulator } = fixture();
		const models = new ModelsService(client);
		const before = await models.list();
		assert.ok(before.baseModels.some((model) => model.id === 'gpt-4o-mini-2024-07-18'));
		assert.ok(before.baseModels.every((model) => !model.id.startsWith('ft:')));

		const file = await new FilesService(client).upload(await writeScratchFile(fixture(), 'chat.jsonl', chatDataset()));
		const jobs = new JobsService(client);
		const job = await jobs.create({ method: 'supervised', model: 'gpt-4o-mini-2024-07-18', trainingFile: file.id, suffix: 'tiny' });
		emulator.advance(60_000);
		const fineTunedId = (await jobs.retrieve(job.id)).fine_tuned_model;
		assert.ok(fineTunedId, 'the job produced a model');

		const after = await models.list();
		assert.ok(after.fineTunedModels.some((model) => model.id === fineTunedId));
		assert.equal(after.baseModels.some((model) => model.id === fineTunedId), false);
		assert.equal((await models.retrieve(fineTunedId)).id, fineTunedId);

		assert.equal((await models.delete(fineTunedId)).deleted, true);
		await assert.rejects(models.retrieve(fineTunedId), (error) => ApiError.is(error, 'not-found'));
	});
});

describe('parseFineTunedModelName', () => {
	it("reads OpenAI's ft: names: base, organization, suffix, and a checkpoint's step", () => {
		assert.deepEqual(parseFineTunedModelName('ft:gpt-4.1-nano-2025-04-14:personal:support-bot:AbC123xy'), { base: 'gpt-4.1-nano-2025-04-14', owner: 'personal', suffix: 'support-bot' });
		assert.deepEqual(parseFineTunedModelName('ft:gpt-4o-mini-2024-07-18:acme::AbC123xy'), { base: 'gpt-4o-mini-2024-07-18', owner: 'acme' }, 'no suffix');
		assert.deepEqual(parseFineTunedModelName('ft:gpt-4o-mini-2024-07-18:acme:tone:AbC123xy:ckpt-step-40'), { base: 'gpt-4o-mini-2024-07-18', owner: 'acme', suffix: 'tone', step: 40 });
	});

	it("reads Azure's <base>.ft-<id> names, its checkpoints' too", () => {
		assert.deepEqual(parseFineTunedModelName('gpt-4.1-mini-2025-04-14.ft-0123abcd-support'), { kind: 'fine-tuned', base: 'gpt-4.1-mini-2025-04-14', suffix: 'support' });
		assert.equal(parseFineTunedModelName('gpt-4o-2024-08-06.ft-0123abcd:ckpt-step-10')?.step, 10);
	});

	it('says nothing of names that do not name a base: base models, checkpoint ids, other servers\' names', () => {
		for (const id of ['gpt-4o-mini-2024-07-18', 'ftchkpt-0123abcd', 'llama3:8b', 'ft:gpt-4o', 'my-org/fine-tuned-llama']) {
			assert.equal(parseFineTunedModelName(id), undefined, id);
		}
	});
});
