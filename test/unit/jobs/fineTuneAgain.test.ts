import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { FineTuningJob } from 'openai/resources/fine-tuning/jobs/jobs';
import { parseRecreateSpec, recreateSpecOf, RecreateSpecError, type RecreateFile } from '../../../src/export/recreate';
import { answersForJob, answersForRecreate, answersForRequest, FineTuneWizard, toJobRequest, type WizardAnswers } from '../../../src/jobs/fineTuneWizard';
import type { CreateJobRequest } from '../../../src/openai/jobs';

const grader = { type: 'string_check', name: 'exact answer', input: '{{sample.output_text}}', reference: '{{item.answer}}', operation: 'eq' } as const;

/** A job as the API returns it once it ran, with what a test sets. */
function jobOf(fields: Partial<FineTuningJob> & { user_provided_suffix?: string }): FineTuningJob {
	return {
		id: 'ftjob-earlier',
		object: 'fine_tuning.job',
		created_at: 1_700_000_000,
		finished_at: 1_700_000_600,
		fine_tuned_model: 'ft:gpt-4o-mini-2024-07-18:org::abc',
		organization_id: 'org-1',
		result_files: ['file-result'],
		status: 'succeeded',
		trained_tokens: 1_000,
		error: null,
		estimated_finish: null,
		integrations: null,
		model: 'gpt-4o-mini-2024-07-18',
		training_file: 'file-train',
		validation_file: null,
		seed: 42,
		hyperparameters: { n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto' },
		...fields,
	} as FineTuningJob;
}

/** Answers every screen with what it offers first (the filled-in answer), as pressing Enter through the wizard does. */
function acceptAll(initial: WizardAnswers): WizardAnswers {
	const wizard = new FineTuneWizard(initial);
	const answers = wizard.answers;
	wizard.chooseModel(answers.model ?? '');
	wizard.chooseMethod(answers.method ?? 'supervised');
	if (answers.method === 'dpo') {
		wizard.setBeta(answers.beta);
	}
	if (answers.grader) {
		wizard.setGrader(answers.grader.path, answers.grader.grader);
	}
	wizard.chooseValidation(answers.validation ?? { kind: 'none' });
	wizard.chooseHyperparameters(answers.hyperparameters ? 'custom' : 'auto');
	if (answers.hyperparameters) {
		wizard.setEpochs(answers.hyperparameters.epochs);
		wizard.setBatchSize(answers.hyperparameters.batchSize);
		wizard.setLearningRateMultiplier(answers.hyperparameters.learningRateMultiplier);
	}
	wizard.setSuffix(answers.suffix);
	wizard.setSeed(answers.seed);
	wizard.confirm();
	assert.equal(wizard.step, 'done');
	return wizard.answers;
}

describe('jobs: the wizard filled from an earlier job ("Fine-Tune Again")', () => {
	it('takes the model, method, hyperparameters as the job resolved them, suffix, seed, files and metadata', () => {
		const job = jobOf({
			method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 2, batch_size: 4, learning_rate_multiplier: 0.5 } } },
			user_provided_suffix: 'support-bot',
			validation_file: 'file-valid',
			metadata: { dataset: 'support-chat.jsonl' },
		});
		const again = answersForJob(job, { training: 'support-chat.jsonl', validation: 'support-valid.jsonl' });
		assert.deepEqual(again, {
			answers: {
				model: 'gpt-4o-mini-2024-07-18',
				method: 'supervised',
				validation: { kind: 'uploaded', fileId: 'file-valid', filename: 'support-valid.jsonl' },
				hyperparameters: { epochs: 2, batchSize: 4, learningRateMultiplier: 0.5 },
				suffix: 'support-bot',
				seed: 42,
				trainingType: undefined,
			},
			metadata: { dataset: 'support-chat.jsonl' },
		});
		// Enter through every screen creates the job the earlier one was, on the same files.
		assert.deepEqual(toJobRequest(acceptAll(again.answers), 'file-train', 'file-valid', again.metadata), {
			model: 'gpt-4o-mini-2024-07-18',
			trainingFile: 'file-train',
			validationFile: 'file-valid',
			suffix: 'support-bot',
			seed: 42,
			metadata: { dataset: 'support-chat.jsonl' },
			method: 'supervised',
			hyperparameters: { n_epochs: 2, batch_size: 4, learning_rate_multiplier: 0.5 },
		});
	});

	it('keeps a hyperparameter the job left auto as auto, and DPO beta with the rest', () => {
		const job = jobOf({ method: { type: 'dpo', dpo: { hyperparameters: { beta: 0.2, n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto' } } }, seed: 7 });
		const { answers, metadata } = answersForJob(job, { training: 'prefs.jsonl' });
		assert.equal(metadata, undefined, 'the job had none');
		assert.deepEqual([answers.method, answers.beta, answers.hyperparameters, answers.validation], ['dpo', 0.2, undefined, { kind: 'none' }]);
		assert.deepEqual(toJobRequest(acceptAll(answers), 'file-train', undefined), { model: 'gpt-4o-mini-2024-07-18', trainingFile: 'file-train', seed: 7, method: 'dpo', hyperparameters: { beta: 0.2 } });
	});

	it("takes a reinforcement job's grader, named by the job it came from", () => {
		const job = jobOf({ model: 'o4-mini-2025-04-16', method: { type: 'reinforcement', reinforcement: { grader, hyperparameters: { n_epochs: 1 } } } });
		const { answers } = answersForJob(job, { training: 'questions.jsonl' });
		assert.deepEqual(answers.grader, { path: 'ftjob-earlier', grader });
		const request = toJobRequest(acceptAll(answers), 'file-train', undefined);
		assert.deepEqual(request, { model: 'o4-mini-2025-04-16', trainingFile: 'file-train', seed: 42, method: 'reinforcement', grader, hyperparameters: { n_epochs: 1 } });
	});

	it('reads a job made before `method` existed from its top-level hyperparameters', () => {
		const job = jobOf({ hyperparameters: { n_epochs: 3, batch_size: 'auto', learning_rate_multiplier: 'auto' } });
		assert.deepEqual(answersForJob(job, { training: 'a.jsonl' }).answers.hyperparameters, { epochs: 3, batchSize: undefined, learningRateMultiplier: undefined });
	});

	it('turns any request the wizard makes back into the answers that make it', () => {
		const requests: CreateJobRequest[] = [
			{ model: 'gpt-4.1-mini-2025-04-14', trainingFile: 'file-t', method: 'supervised', hyperparameters: {} },
			{ model: 'gpt-4.1-mini-2025-04-14', trainingFile: 'file-t', validationFile: 'file-v', suffix: 's', seed: 0, method: 'dpo', hyperparameters: { n_epochs: 1, beta: 0.5 } },
			{ model: 'gpt-4.1-2025-04-14', trainingFile: 'file-t', trainingType: 'Developer', method: 'supervised', hyperparameters: { learning_rate_multiplier: 2 } },
		];
		for (const request of requests) {
			const validation = request.validationFile === undefined ? undefined : ({ kind: 'uploaded', fileId: request.validationFile, filename: 'v.jsonl' } as const);
			const answers = answersForRequest(request, { grader: 'unused', ...(validation ? { validation } : {}) });
			assert.deepEqual(toJobRequest(answers, request.trainingFile, request.validationFile), request);
		}
	});

	describe('from an exported recreate.json', () => {
		const folder = path.resolve('/exports/ftjob-earlier');
		const job = jobOf({
			method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 2, batch_size: 4, learning_rate_multiplier: 0.5 } } },
			user_provided_suffix: 'support-bot',
			validation_file: 'file-valid',
			metadata: { dataset: 'support-chat.jsonl' },
		});
		const exported = (trainingPath: string | null): string =>
			JSON.stringify(
				recreateSpecOf(job, {
					trainingFile: { path: trainingPath, sourceId: 'file-train', filename: 'support-chat.jsonl' },
					validationFile: { path: 'validation/support-valid.jsonl', sourceId: 'file-valid', filename: 'support-valid.jsonl' },
				} satisfies Record<string, RecreateFile>),
			);

		it('fills the wizard as the job itself does, with the exported files to upload again', () => {
			const start = answersForRecreate(parseRecreateSpec(exported('training/support-chat.jsonl')), folder);
			const validationPath = path.join(folder, 'validation', 'support-valid.jsonl');
			assert.equal(start.trainingPath, path.join(folder, 'training', 'support-chat.jsonl'));
			assert.deepEqual(start.metadata, { dataset: 'support-chat.jsonl' });
			const fromJob = answersForJob(job, { training: 'support-chat.jsonl', validation: 'support-valid.jsonl' }).answers;
			assert.deepEqual(start.answers, { ...fromJob, validation: { kind: 'file', path: validationPath } });
		});

		it('refuses a training file that was not exported, or one outside its folder', () => {
			assert.throws(() => answersForRecreate(parseRecreateSpec(exported(null)), folder), (error) => RecreateSpecError.is(error) && /was not exported/.test(error.message));
			assert.throws(() => answersForRecreate(parseRecreateSpec(exported('../other/secrets.jsonl')), folder), (error) => RecreateSpecError.is(error) && /outside/.test(error.message));
		});
	});
});
