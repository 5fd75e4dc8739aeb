import * as assert from 'node:assert/strict';
import type OpenAI from 'openai';
import type { FineTuningJob } from 'openai/resources/fine-tuning/jobs/jobs';
import { createOpenAIClient } from '../../src/openai/client';
import { FilesService } from '../../src/openai/files';
import { JobsService } from '../../src/openai/jobs';
import type { Emulator } from '../fixtures/openai-emulator';
import { workspaceFile } from './workspace';

/** A job trained to its end on the emulator, which then serves (and lists) its fine-tuned model and checkpoints. */
export interface TrainedModel {
	readonly client: OpenAI;
	readonly jobs: JobsService;
	readonly job: FineTuningJob;
	readonly model: string;
	readonly trainingFileId: string;
}

/**
 * Uploads `datasets/<dataset>` of the test workspace, fine-tunes `base` on it as a job made elsewhere
 * would (not through the extension), and moves the emulator's manual clock past the job's end.
 */
export async function trainModel(
	emulator: Emulator,
	apiKey: string,
	options: { readonly base: string; readonly jobSeconds: number; readonly dataset?: string; readonly epochs?: number; readonly suffix?: string; readonly metadata?: Record<string, string> },
): Promise<TrainedModel> {
	const client = createOpenAIClient({ apiKey, baseURL: emulator.baseURL });
	const dataset = options.dataset ?? 'support-chat.jsonl';
	const file = await new FilesService(client).upload(workspaceFile(`datasets/${dataset}`).fsPath, { purpose: 'fine-tune' });
	const jobs = new JobsService(client);
	const created = await jobs.create({
		trainingFile: file.id,
		model: options.base,
		method: 'supervised',
		hyperparameters: { n_epochs: options.epochs ?? 1 },
		...(options.suffix ? { suffix: options.suffix } : {}),
		...(options.metadata ? { metadata: options.metadata } : {}),
	});
	emulator.advance(options.jobSeconds * 1000);
	const job = await jobs.retrieve(created.id);
	assert.equal(job.status, 'succeeded', 'the emulator trained the job to its end');
	assert.ok(job.fine_tuned_model, 'the job made a model');
	return { client, jobs, job, model: job.fine_tuned_model, trainingFileId: file.id };
}
