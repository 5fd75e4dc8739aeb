import * as assert from 'node:assert/strict';
import { BadRequestError } from 'openai';
import type { FineTuningJobEvent } from 'openai/resources/fine-tuning/jobs/jobs';
import { JOB_MS, jsonl, preferenceDataset, promptCompletionDataset, supportChatDataset, uploadTrainingFile, useEmulator } from './helpers';

describe('emulator: fine-tuning jobs', () => {
	const context = useEmulator();
	let trainingFile: string;

	before(async () => {
		trainingFile = await uploadTrainingFile(context(), 'support.jsonl', supportChatDataset(12));
	});

	async function allEvents(jobId: string): Promise<FineTuningJobEvent[]> {
		const events: FineTuningJobEvent[] = [];
		for await (const event of context().client.fineTuning.jobs.listEvents(jobId, { limit: 7 })) {
			events.push(event);
		}
		return events;
	}

	it('moves a job through validating_files, queued, running and succeeded on the manual clock', async () => {
		const { client, emulator } = context();
		const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: trainingFile, suffix: 'support', seed: 7 });
		assert.equal(job.status, 'validating_files');
		assert.match(job.id, /^ftjob-/);
		assert.equal(job.fine_tuned_model, null);

		emulator.advance(0.1 * JOB_MS);
		assert.equal((await client.fineTuning.jobs.retrieve(job.id)).status, 'queued');
		emulator.advance(0.1 * JOB_MS);
		const running = await client.fineTuning.jobs.retrieve(job.id);
		assert.equal(running.status, 'running');
		assert.deepEqual(running.hyperparameters, { n_epochs: 9, batch_size: 1, learning_rate_multiplier: 2 });

		emulator.advance(0.8 * JOB_MS);
		const done = await client.fineTuning.jobs.retrieve(job.id);
		assert.equal(done.status, 'succeeded');
		assert.match(done.fine_tuned_model ?? '', /^ft:gpt-4o-mini-2024-07-18:personal:support:[A-Za-z0-9]{8}$/);
		assert.ok((done.trained_tokens ?? 0) > 0);
		assert.equal(done.finished_at, done.created_at + JOB_MS / 1000);
		assert.equal(done.result_files.length, 1);

		const resultFile = await client.files.retrieve(done.result_files[0]);
		assert.equal(resultFile.purpose, 'fine-tune-results');
		const csv = (await (await client.files.content(resultFile.id)).text()).trim().split('\n');
		assert.equal(csv[0], 'step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy');
		assert.equal(csv.length, 1 + 12 * 9);

		const checkpoints = await client.fineTuning.jobs.checkpoints.list(job.id);
		assert.deepEqual(checkpoints.data.map((c) => c.step_number), [108, 96, 84]);
		assert.equal(checkpoints.data[0].fine_tuned_model_checkpoint, `${done.fine_tuned_model}:ckpt-step-108`);
		assert.equal(typeof checkpoints.data[0].metrics.train_loss, 'number');
		assert.ok((await client.models.list()).data.some((m) => m.id === done.fine_tuned_model));
	});

	it('serves events newest first, paginated with after and limit, with metrics computed from the data', async () => {
		const { client, emulator } = context();
		const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: trainingFile, seed: 1 });
		emulator.advance(JOB_MS);
		const firstPage = await client.fineTuning.jobs.listEvents(job.id, { limit: 3 });
		assert.equal(firstPage.data.length, 3);
		assert.equal(firstPage.has_more, true);
		assert.equal(firstPage.data[0].message, 'The job has successfully completed');
		const secondPage = await client.fineTuning.jobs.listEvents(job.id, { limit: 3, after: firstPage.data[2].id });

		const events = await allEvents(job.id);
		assert.deepEqual(events.slice(0, 6).map((e) => e.id), [...firstPage.data, ...secondPage.data].map((e) => e.id));
		assert.equal(events.at(-1)?.message, `Created fine-tuning job: ${job.id}`);
		for (let i = 1; i < events.length; i++) {
			assert.ok(events[i - 1].created_at >= events[i].created_at, 'newest first');
		}

		const metrics = events.filter((e) => e.type === 'metrics').reverse().map((e) => e.data as { step: number; train_loss: number; train_mean_token_accuracy: number });
		assert.equal(metrics.length, 108);
		assert.deepEqual(metrics.map((m) => m.step), Array.from({ length: 108 }, (_, i) => i + 1));
		const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
		const firstEpoch = mean(metrics.slice(0, 12).map((m) => m.train_loss));
		const lastEpoch = mean(metrics.slice(-12).map((m) => m.train_loss));
		assert.ok(lastEpoch < firstEpoch / 3, `loss falls: ${firstEpoch} -> ${lastEpoch}`);
		assert.ok(mean(metrics.slice(-12).map((m) => m.train_mean_token_accuracy)) > mean(metrics.slice(0, 12).map((m) => m.train_mean_token_accuracy)));
	});

	it('reports validation metrics at every step and full validation metrics at each epoch end', async () => {
		const { client, emulator } = context();
		const validationFile = await uploadTrainingFile(context(), 'valid.jsonl', supportChatDataset(10));
		const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: trainingFile, validation_file: validationFile, hyperparameters: { n_epochs: 2, batch_size: 4 } });
		emulator.advance(JOB_MS);
		const metrics = (await allEvents(job.id)).filter((e) => e.type === 'metrics').reverse().map((e) => e.data as Record<string, number>);
		assert.equal(metrics.length, 6);
		assert.ok(metrics.every((m) => typeof m.valid_loss === 'number' && typeof m.valid_mean_token_accuracy === 'number' && m.total_steps === 6));
		assert.deepEqual(metrics.filter((m) => 'full_valid_loss' in m).map((m) => m.step), [3, 6]);
		const checkpoints = await client.fineTuning.jobs.checkpoints.list(job.id);
		assert.deepEqual(Object.keys(checkpoints.data[0].metrics).sort(), ['full_valid_loss', 'full_valid_mean_token_accuracy', 'step', 'train_loss', 'train_mean_token_accuracy', 'valid_loss', 'valid_mean_token_accuracy']);
		const csv = (await (await client.files.content((await client.fineTuning.jobs.retrieve(job.id)).result_files[0])).text()).trim().split('\n');
		assert.match(csv[1], /^1,[\d.]+,[\d.]+,[\d.]+,[\d.]+$/);
	});

	it('computes the same metrics for the same file and seed, and different ones for another seed or file', async () => {
		const { client, emulator } = context();
		const otherFile = await uploadTrainingFile(context(), 'other.jsonl', jsonl(12, (i) => ({ messages: [{ role: 'user', content: `Tell me fact ${i}` }, { role: 'assistant', content: `Fact ${i}: ${'lorem ipsum dolor sit amet '.repeat(i % 4 + 1)}` }] })));
		const losses = async (file: string, seed: number): Promise<number[]> => {
			const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: file, seed });
			emulator.advance(JOB_MS);
			return (await allEvents(job.id)).filter((e) => e.type === 'metrics').map((e) => (e.data as { train_loss: number }).train_loss);
		};
		const first = await losses(trainingFile, 42);
		assert.deepEqual(await losses(trainingFile, 42), first);
		assert.notDeepEqual(await losses(trainingFile, 43), first);
		assert.notDeepEqual(await losses(otherFile, 42), first);
	});

	it('pauses and resumes a running job; time stands still while paused', async () => {
		const { client, emulator } = context();
		const job = await client.fineTuning.jobs.create({ model: 'gpt-4.1-mini-2025-04-14', training_file: trainingFile });
		await assert.rejects(client.fineTuning.jobs.pause(job.id), BadRequestError);
		emulator.advance(0.5 * JOB_MS);
		const paused = await client.fineTuning.jobs.pause(job.id);
		assert.equal(paused.status as string, 'paused');
		const eventCount = (await allEvents(job.id)).length;
		emulator.advance(5 * JOB_MS);
		assert.equal((await client.fineTuning.jobs.retrieve(job.id)).status as string, 'paused');
		assert.equal((await allEvents(job.id)).length, eventCount);

		assert.equal((await client.fineTuning.jobs.resume(job.id)).status, 'running');
		emulator.advance(0.49 * JOB_MS);
		assert.equal((await client.fineTuning.jobs.retrieve(job.id)).status, 'running');
		emulator.advance(0.01 * JOB_MS);
		assert.equal((await client.fineTuning.jobs.retrieve(job.id)).status, 'succeeded');
	});

	it('cancels a job that has not finished, and refuses to cancel it twice', async () => {
		const { client, emulator } = context();
		const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: trainingFile });
		emulator.advance(0.15 * JOB_MS);
		const cancelled = await client.fineTuning.jobs.cancel(job.id);
		assert.equal(cancelled.status, 'cancelled');
		emulator.advance(JOB_MS);
		assert.equal((await client.fineTuning.jobs.retrieve(job.id)).status, 'cancelled');
		await assert.rejects(client.fineTuning.jobs.cancel(job.id), BadRequestError);
	});

	for (const [label, content, model, message] of [
		['a file that is not JSONL', 'this is not json\n'.repeat(12), 'gpt-4o-mini-2024-07-18', /Line 1 is not a dictionary/],
		['fewer than 10 examples', supportChatDataset(4), 'gpt-4o-mini-2024-07-18', /Training file has 4 example\(s\), but must have at least 10 examples/],
		['prompt-completion data for a chat model', promptCompletionDataset(12), 'gpt-4o-mini-2024-07-18', /key "messages" is missing/],
		['chat data for babbage-002', supportChatDataset(12), 'babbage-002', /expected keys "prompt" and "completion"/],
	] as const) {
		it(`fails a job trained on ${label} with an OpenAI-style error`, async () => {
			const { client, emulator } = context();
			const file = await uploadTrainingFile(context(), 'bad.jsonl', content);
			const job = await client.fineTuning.jobs.create({ model, training_file: file });
			emulator.advance(JOB_MS);
			const failed = await client.fineTuning.jobs.retrieve(job.id);
			assert.equal(failed.status, 'failed');
			assert.equal(failed.error?.code, 'invalid_training_file');
			assert.equal(failed.error?.param, 'training_file');
			assert.match(failed.error?.message ?? '', /^The job failed due to an invalid training file\. /);
			assert.match(failed.error?.message ?? '', message);
			assert.equal(failed.fine_tuned_model, null);
		});
	}

	it('rejects an unknown training file and a model that cannot be fine-tuned with 400s', async () => {
		const { client } = context();
		await assert.rejects(client.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: 'file-doesnotexist' }), (error: unknown) => {
			assert.ok(error instanceof BadRequestError);
			assert.deepEqual(error.error, { message: 'invalid training_file: file-doesnotexist', type: 'invalid_request_error', param: 'training_file', code: null });
			return true;
		});
		await assert.rejects(client.fineTuning.jobs.create({ model: 'gpt-5-ultra', training_file: trainingFile }), (error: unknown) => {
			assert.ok(error instanceof BadRequestError);
			assert.equal(error.code, 'model_not_available');
			assert.equal(error.param, 'model');
			return true;
		});
	});

	it('accepts DPO with beta, the deprecated top-level hyperparameters, and prompt-completion for babbage-002', async () => {
		const { client, emulator } = context();
		const preferences = await uploadTrainingFile(context(), 'dpo.jsonl', preferenceDataset(12));
		const dpo = await client.fineTuning.jobs.create({ model: 'gpt-4.1-nano-2025-04-14', training_file: preferences, method: { type: 'dpo', dpo: { hyperparameters: { beta: 0.2 } } } });
		const legacy = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini', training_file: trainingFile, hyperparameters: { n_epochs: 2 } });
		const babbage = await client.fineTuning.jobs.create({ model: 'babbage-002', training_file: await uploadTrainingFile(context(), 'pc.jsonl', promptCompletionDataset(12)) });
		emulator.advance(JOB_MS);
		const dpoDone = await client.fineTuning.jobs.retrieve(dpo.id);
		assert.equal(dpoDone.status, 'succeeded');
		assert.equal(dpoDone.method?.dpo?.hyperparameters?.beta, 0.2);
		const legacyDone = await client.fineTuning.jobs.retrieve(legacy.id);
		assert.equal(legacyDone.model, 'gpt-4o-mini-2024-07-18');
		assert.equal(legacyDone.hyperparameters.n_epochs, 2);
		assert.equal(legacyDone.method?.type, 'supervised');
		assert.equal((await client.fineTuning.jobs.retrieve(babbage.id)).status, 'succeeded');
	});

	it('lists jobs newest first, filtered by metadata, and auto-paginates', async () => {
		const { client } = context();
		const tagged = [];
		for (let i = 0; i < 3; i++) {
			tagged.push((await client.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: trainingFile, metadata: { experiment: 'listing', run: String(i) } })).id);
		}
		const filtered = await client.fineTuning.jobs.list({ metadata: { experiment: 'listing' } });
		assert.deepEqual(filtered.data.map((j) => j.id), [...tagged].reverse());
		assert.deepEqual((await client.fineTuning.jobs.list({ metadata: { run: '1' } })).data.map((j) => j.id), [tagged[1]]);

		const seen: string[] = [];
		for await (const job of client.fineTuning.jobs.list({ limit: 2 })) {
			seen.push(job.id);
		}
		assert.ok(seen.length > 3);
		assert.deepEqual(seen.slice(0, 3), [...tagged].reverse());
		assert.equal(new Set(seen).size, seen.length);
	});
});
