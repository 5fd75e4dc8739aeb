import * as assert from 'node:assert/strict';
import { NotFoundError, PermissionDeniedError } from 'openai';
import { JOB_MS, promptCompletionDataset, supportChatDataset, uploadTrainingFile, useEmulator } from './helpers';

describe('emulator: models, chat and completions', () => {
	const context = useEmulator();
	let chatModel: string;
	let legacyModel: string;

	before(async () => {
		const { client, emulator } = context();
		const chatJob = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: await uploadTrainingFile(context(), 'chat.jsonl', supportChatDataset(12)), suffix: 'support' });
		const legacyJob = await client.fineTuning.jobs.create({ model: 'davinci-002', training_file: await uploadTrainingFile(context(), 'pc.jsonl', promptCompletionDataset(12)) });
		emulator.advance(JOB_MS);
		chatModel = (await client.fineTuning.jobs.retrieve(chatJob.id)).fine_tuned_model as string;
		legacyModel = (await client.fineTuning.jobs.retrieve(legacyJob.id)).fine_tuned_model as string;
	});

	it('lists the base models and the fine-tuned ones, retrieves them, and deletes only fine-tuned ones', async () => {
		const { client } = context();
		const ids = (await client.models.list()).data.map((m) => m.id);
		for (const base of ['gpt-4o-mini-2024-07-18', 'gpt-4.1-2025-04-14', 'gpt-4.1-mini-2025-04-14', 'gpt-4.1-nano-2025-04-14', 'gpt-4o-2024-08-06', 'o4-mini-2025-04-16', 'gpt-3.5-turbo-0125', 'babbage-002', 'davinci-002', chatModel, legacyModel]) {
			assert.ok(ids.includes(base), base);
		}
		assert.equal((await client.models.retrieve(chatModel)).owned_by, 'org-emulator');
		await assert.rejects(client.models.delete('gpt-4o-mini-2024-07-18'), PermissionDeniedError);
		await assert.rejects(client.models.retrieve('gpt-nonexistent'), (error: unknown) => error instanceof NotFoundError && error.code === 'model_not_found');
	});

	it('answers a fine-tuned chat model with the reply of the most similar training example', async () => {
		const { client } = context();
		const completion = await client.chat.completions.create({ model: chatModel, messages: [{ role: 'user', content: 'I need help with a warranty request' }] });
		assert.equal(completion.object, 'chat.completion');
		assert.equal(completion.model, chatModel);
		assert.match(completion.choices[0].message.content ?? '', /^For warranty requests, open the warranty page/);
		assert.equal(completion.choices[0].finish_reason, 'stop');
		assert.ok((completion.usage?.prompt_tokens ?? 0) > 0);
		const again = await client.chat.completions.create({ model: chatModel, messages: [{ role: 'user', content: 'I need help with a warranty request' }] });
		assert.equal(again.choices[0].message.content, completion.choices[0].message.content);
	});

	it('streams chat chunks ending in [DONE], with a usage chunk when asked', async () => {
		const { client } = context();
		const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }], stream: true, stream_options: { include_usage: true } });
		let text = '';
		let finishReason: string | null = null;
		let promptTokens = 0;
		let chunks = 0;
		for await (const chunk of stream) {
			chunks++;
			text += chunk.choices[0]?.delta.content ?? '';
			finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
			promptTokens = chunk.usage?.prompt_tokens ?? promptTokens;
		}
		assert.ok(chunks > 3);
		assert.equal(text, 'This is gpt-4o-mini on the OpenAI emulator. You said: "Say hello"');
		assert.equal(finishReason, 'stop');
		assert.ok(promptTokens > 0);
	});

	it('truncates at max_completion_tokens with finish_reason length', async () => {
		const { client } = context();
		const completion = await client.chat.completions.create({ model: chatModel, messages: [{ role: 'user', content: 'refund please' }], max_completion_tokens: 3 });
		assert.equal(completion.choices[0].finish_reason, 'length');
		assert.equal(completion.usage?.completion_tokens, 3);
	});

	it('rejects unknown models with 404 model_not_found', async () => {
		const { client } = context();
		await assert.rejects(client.chat.completions.create({ model: 'gpt-nonexistent', messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => {
			assert.ok(error instanceof NotFoundError);
			assert.deepEqual(error.error, { message: 'The model `gpt-nonexistent` does not exist or you do not have access to it.', type: 'invalid_request_error', param: null, code: 'model_not_found' });
			return true;
		});
	});

	it('serves legacy /completions for a davinci-002 fine-tune and keeps chat models off it', async () => {
		const { client } = context();
		const completion = await client.completions.create({ model: legacyModel, prompt: 'Translate invoice ->', max_tokens: 10 });
		assert.equal(completion.object, 'text_completion');
		assert.equal(completion.choices[0].text, ' INVOICE');
		await assert.rejects(client.completions.create({ model: 'gpt-4o-mini', prompt: 'hi' }), NotFoundError);
		await assert.rejects(client.chat.completions.create({ model: legacyModel, messages: [{ role: 'user', content: 'hi' }] }), NotFoundError);
	});

	it('deletes a fine-tuned model, which then is gone', async () => {
		const { client } = context();
		assert.deepEqual(await client.models.delete(legacyModel), { id: legacyModel, object: 'model', deleted: true });
		await assert.rejects(client.completions.create({ model: legacyModel, prompt: 'x' }), NotFoundError);
	});
});
