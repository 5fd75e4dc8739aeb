import * as assert from 'node:assert/strict';
import { methodsForModel } from '../../../src/dataset/methods';
import { estimateForAnswers, FineTuneWizard, IncompleteAnswersError, toJobRequest, WIZARD_TOTAL_STEPS, WizardStepError } from '../../../src/jobs/fineTuneWizard';
import { toCreateParams } from '../../../src/openai/jobs';

describe('jobs: the fine-tune wizard', () => {
	it('walks the shortest path in seven numbered steps and builds a supervised request', () => {
		const wizard = new FineTuneWizard();
		const seen: [string, number][] = [];
		const record = (): void => {
			seen.push([wizard.step, wizard.stepNumber]);
		};
		record();
		wizard.chooseModel('gpt-4o-mini-2024-07-18');
		record();
		wizard.chooseMethod('supervised');
		record();
		wizard.chooseValidation({ kind: 'none' });
		record();
		wizard.chooseHyperparameters('auto');
		record();
		wizard.setSuffix(undefined);
		record();
		wizard.setSeed(undefined);
		record();
		wizard.confirm();
		assert.deepEqual(seen, [
			['model', 1],
			['method', 2],
			['validation', 3],
			['hyperparameters', 4],
			['suffix', 5],
			['seed', 6],
			['review', WIZARD_TOTAL_STEPS],
		]);
		assert.equal(wizard.step, 'done');
		assert.deepEqual(toJobRequest(wizard.answers, 'file-train', undefined), { model: 'gpt-4o-mini-2024-07-18', trainingFile: 'file-train', method: 'supervised', hyperparameters: {} });
	});

	it("asks an Azure connection for the training type as step 7 of 8, carries it into the request, and drops one the new model cannot do", () => {
		const wizard = new FineTuneWizard({}, { asksTrainingType: true });
		assert.equal(wizard.totalSteps, WIZARD_TOTAL_STEPS + 1);
		wizard.chooseModel('gpt-4.1-mini-2025-04-14');
		wizard.chooseMethod('supervised');
		wizard.chooseValidation({ kind: 'none' });
		wizard.chooseHyperparameters('auto');
		wizard.setSuffix('bot');
		wizard.setSeed(undefined);
		assert.deepEqual([wizard.step, wizard.stepNumber], ['trainingType', 7]);
		wizard.chooseTrainingType('Developer');
		assert.deepEqual([wizard.step, wizard.stepNumber], ['review', 8]);
		const request = toJobRequest(wizard.answers, 'file-train', undefined);
		assert.equal(request.trainingType, 'Developer');
		assert.equal(toCreateParams(request).trainingType, 'Developer');

		// Ministral-3B trains GlobalStandard only: going back to the model forgets Developer.
		assert.ok(wizard.backTo('model'));
		wizard.chooseModel('Ministral-3B');
		assert.equal(wizard.answers.trainingType, undefined);
	});

	it('never asks for a training type where it was not told to (OpenAI, compatible servers)', () => {
		const wizard = new FineTuneWizard();
		wizard.chooseModel('gpt-4o-mini-2024-07-18');
		wizard.chooseMethod('supervised');
		wizard.chooseValidation({ kind: 'none' });
		wizard.chooseHyperparameters('auto');
		wizard.setSuffix(undefined);
		wizard.setSeed(undefined);
		assert.equal(wizard.step, 'review');
		assert.throws(() => wizard.chooseTrainingType('Standard'), WizardStepError);
	});

	it('asks for beta after DPO, a percentage after a split, and each custom hyperparameter, under their step numbers', () => {
		const wizard = new FineTuneWizard();
		wizard.chooseModel('gpt-4.1-mini-2025-04-14');
		wizard.chooseMethod('dpo');
		assert.deepEqual([wizard.step, wizard.stepNumber], ['beta', 2]);
		wizard.setBeta(0.2);
		wizard.chooseValidation({ kind: 'split' });
		assert.deepEqual([wizard.step, wizard.stepNumber], ['splitPercent', 3]);
		wizard.setSplitPercent(20);
		wizard.chooseHyperparameters('custom');
		assert.deepEqual([wizard.step, wizard.stepNumber], ['epochs', 4]);
		wizard.setEpochs(3);
		wizard.setBatchSize(undefined);
		wizard.setLearningRateMultiplier(0.5);
		wizard.setSuffix('tone-v1');
		wizard.setSeed(42);
		wizard.confirm();
		assert.deepEqual(wizard.answers.validation, { kind: 'split', percent: 20 });
		const request = toJobRequest(wizard.answers, 'file-a', 'file-b', { dataset: 'tone.jsonl' });
		assert.deepEqual(request, {
			model: 'gpt-4.1-mini-2025-04-14',
			trainingFile: 'file-a',
			validationFile: 'file-b',
			suffix: 'tone-v1',
			seed: 42,
			metadata: { dataset: 'tone.jsonl' },
			method: 'dpo',
			hyperparameters: { n_epochs: 3, learning_rate_multiplier: 0.5, beta: 0.2 },
		});
		assert.deepEqual(toCreateParams(request).method, { type: 'dpo', dpo: { hyperparameters: { n_epochs: 3, learning_rate_multiplier: 0.5, beta: 0.2 } } });
	});

	it('takes a grader for reinforcement and puts it into the request', () => {
		const wizard = new FineTuneWizard();
		wizard.chooseModel('o4-mini-2025-04-16');
		wizard.chooseMethod('reinforcement');
		assert.equal(wizard.step, 'grader');
		const grader = { type: 'string_check', name: 'exact', input: '{{sample.output_text}}', reference: '{{item.answer}}', operation: 'eq' } as const;
		wizard.setGrader('/work/grader.json', grader);
		assert.equal(wizard.step, 'validation');
		const request = toJobRequest({ ...wizard.answers }, 'file-t', undefined);
		assert.equal(request.method, 'reinforcement');
		assert.deepEqual(request.method === 'reinforcement' && request.grader, grader);
	});

	it('goes back along the path taken and keeps the answers for the screens shown again', () => {
		const wizard = new FineTuneWizard();
		assert.equal(wizard.canGoBack, false);
		assert.equal(wizard.back(), false);
		wizard.chooseModel('gpt-4o-2024-08-06');
		wizard.chooseMethod('dpo');
		wizard.setBeta(1.5);
		wizard.chooseValidation({ kind: 'split' });
		wizard.setSplitPercent(15);
		assert.equal(wizard.step, 'hyperparameters');
		assert.ok(wizard.back());
		assert.equal(wizard.step, 'splitPercent');
		assert.ok(wizard.back());
		assert.equal(wizard.step, 'validation');
		assert.ok(wizard.back());
		assert.equal(wizard.step, 'beta');
		assert.equal(wizard.answers.beta, 1.5);
		// Choosing the split again remembers the percentage typed before.
		wizard.setBeta(1.5);
		wizard.chooseValidation({ kind: 'split' });
		assert.deepEqual(wizard.answers.validation, { kind: 'split', percent: 15 });
	});

	it('jumps back from the review to any answered screen, keeping the later answers', () => {
		const wizard = new FineTuneWizard();
		wizard.chooseModel('gpt-4o-mini-2024-07-18');
		wizard.chooseMethod('supervised');
		wizard.chooseValidation({ kind: 'none' });
		wizard.chooseHyperparameters('auto');
		wizard.setSuffix('lamps');
		wizard.setSeed(7);
		assert.equal(wizard.step, 'review');
		assert.equal(wizard.backTo('beta'), false, 'beta was never asked');
		assert.equal(wizard.step, 'review');
		assert.equal(wizard.backTo('validation'), true);
		assert.equal(wizard.step, 'validation');
		wizard.chooseValidation({ kind: 'split', percent: 20 });
		assert.equal(wizard.step, 'splitPercent');
		assert.deepEqual({ suffix: wizard.answers.suffix, seed: wizard.answers.seed }, { suffix: 'lamps', seed: 7 });
	});

	it('drops a method the newly chosen model cannot do, so it is not preselected', () => {
		const wizard = new FineTuneWizard();
		wizard.chooseModel('gpt-4o-mini-2024-07-18');
		wizard.chooseMethod('dpo');
		wizard.back();
		wizard.back();
		wizard.chooseModel('gpt-3.5-turbo-0125');
		assert.equal(wizard.answers.method, undefined);
		assert.deepEqual(methodsForModel('gpt-3.5-turbo-0125'), ['supervised']);
		assert.deepEqual(methodsForModel('ft:gpt-4o-mini-2024-07-18:personal::abc123'), ['supervised', 'dpo']);
		assert.deepEqual(methodsForModel('my-local-model'), ['supervised', 'dpo']);
	});

	it('refuses an answer for a step other than the current one, and a request from unfinished answers', () => {
		const wizard = new FineTuneWizard();
		assert.throws(() => wizard.setSeed(1), (error) => WizardStepError.is(error));
		assert.throws(() => toJobRequest({ model: 'gpt-4o-mini-2024-07-18' }, 'file-x', undefined), (error) => IncompleteAnswersError.is(error));
		assert.throws(() => toJobRequest({ model: 'o4-mini-2025-04-16', method: 'reinforcement' }, 'file-x', undefined), (error) => IncompleteAnswersError.is(error));
	});

	it('prices the review for the epochs chosen, from the estimate for the default epochs', () => {
		const lint = { epochs: 4, billedTokens: 4_000_000, pricePerMillionTokens: 3, costUsd: 12 };
		assert.deepEqual(estimateForAnswers(lint, { hyperparameters: undefined }), lint);
		assert.deepEqual(estimateForAnswers(lint, { hyperparameters: { epochs: undefined } }), lint, 'a blank epoch count is auto');
		assert.deepEqual(estimateForAnswers(lint, { hyperparameters: { epochs: 10 } }), { epochs: 10, billedTokens: 10_000_000, pricePerMillionTokens: 3, costUsd: 30 });
		assert.deepEqual(estimateForAnswers({ epochs: 2, billedTokens: 500 }, { hyperparameters: { epochs: 4 } }), { epochs: 4, billedTokens: 1_000 }, 'billed by time: no price, no cost');
	});
});
