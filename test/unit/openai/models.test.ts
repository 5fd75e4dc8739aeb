import * as assert from 'node:assert/strict';
import { ApiError } from '../../../src/openai/errors';
import { FilesService } from '../../../src/openai/files';
import { JobsService } from '../../../src/openai/jobs';
import { ModelsService } from '../../../src/openai/models';
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
