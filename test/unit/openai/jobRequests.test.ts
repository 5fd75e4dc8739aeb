import * as assert from 'node:assert/strict';
import { toCreateParams } from '../../../src/openai/jobs';
import { shutdownDateOf, splitModels } from '../../../src/openai/models';

describe('openai pure request building', () => {
	describe('toCreateParams', () => {
		it('puts supervised hyperparameters under method.supervised and sends only what is set', () => {
			assert.deepEqual(toCreateParams({ method: 'supervised', model: 'gpt-4o-mini-2024-07-18', trainingFile: 'file-t', hyperparameters: { n_epochs: 3, batch_size: 'auto' } }), {
				model: 'gpt-4o-mini-2024-07-18',
				training_file: 'file-t',
				method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 3, batch_size: 'auto' } } },
			});
		});

		it('leaves hyperparameters out entirely when all are auto', () => {
			assert.deepEqual(toCreateParams({ method: 'dpo', model: 'm', trainingFile: 'f', hyperparameters: {} }).method, { type: 'dpo', dpo: {} });
		});

		it('carries beta for DPO and the grader for reinforcement', () => {
			assert.deepEqual(toCreateParams({ method: 'dpo', model: 'm', trainingFile: 'f', hyperparameters: { beta: 0.2 } }).method, { type: 'dpo', dpo: { hyperparameters: { beta: 0.2 } } });
			const grader = { type: 'string_check', name: 'exact', input: '{{sample.output_text}}', reference: '{{item.answer}}', operation: 'eq' } as const;
			assert.deepEqual(toCreateParams({ method: 'reinforcement', model: 'o4-mini-2025-04-16', trainingFile: 'f', grader, hyperparameters: { reasoning_effort: 'low' } }).method, {
				type: 'reinforcement',
				reinforcement: { grader, hyperparameters: { reasoning_effort: 'low' } },
			});
		});

		it('maps suffix, seed, validation file and metadata', () => {
			const params = toCreateParams({ method: 'supervised', model: 'm', trainingFile: 'f', validationFile: 'v', suffix: 'support', seed: 7, metadata: { dataset: 'a.jsonl' } });
			assert.equal(params.validation_file, 'v');
			assert.equal(params.suffix, 'support');
			assert.equal(params.seed, 7);
			assert.deepEqual(params.metadata, { dataset: 'a.jsonl' });
			assert.equal('hyperparameters' in params, false, 'the deprecated top-level hyperparameters are never sent');
			assert.equal('trainingType' in params, false, 'no Azure field on an OpenAI job');
		});

		it("sends Azure's trainingType as an extra body field", () => {
			assert.equal(toCreateParams({ method: 'supervised', model: 'gpt-4.1-mini-2025-04-14', trainingFile: 'f', trainingType: 'Developer' }).trainingType, 'Developer');
		});
	});

	describe('splitModels', () => {
		it('separates fine-tunable base models from fine-tuned ones', () => {
			const model = (id: string, owned_by: string, created = 0) => ({ id, owned_by, created, object: 'model' as const });
			const { baseModels, fineTunedModels } = splitModels([
				model('gpt-4o-mini-2024-07-18', 'system'),
				model('gpt-4.1-2025-04-14', 'system'),
				model('dall-e-3', 'system'),
				model('ft:gpt-4o-mini-2024-07-18:acme::abc', 'system', 1),
				model('ft:gpt-4.1-2025-04-14:acme:support:def', 'user-xyz', 2),
				model('custom-model', 'org-acme', 3),
			]);
			assert.deepEqual(baseModels.map((m) => m.id), ['gpt-4.1-2025-04-14', 'gpt-4o-mini-2024-07-18']);
			assert.deepEqual(fineTunedModels.map((m) => m.id), ['custom-model', 'ft:gpt-4.1-2025-04-14:acme:support:def', 'ft:gpt-4o-mini-2024-07-18:acme::abc']);
		});

		it("reads a model's shutdown from OpenAI's shutdown_date or Azure's inference retirement", () => {
			const model = { id: 'm', owned_by: 'system', created: 0, object: 'model' as const };
			assert.equal(shutdownDateOf({ ...model, shutdown_date: '2027-01-14' }), '2027-01-14');
			assert.equal(shutdownDateOf({ ...model, deprecation: { fine_tune: 1767225600, inference: Date.UTC(2027, 0, 14) / 1000 } }), '2027-01-14');
			assert.equal(shutdownDateOf({ ...model, shutdown_date: null }), undefined);
			assert.equal(shutdownDateOf(model), undefined);
		});

		it("counts Azure's <base>.ft-<id> names as fine-tuned whoever owns them, and keeps every model in all", () => {
			const model = (id: string, owned_by: string, created = 0) => ({ id, owned_by, created, object: 'model' as const, shutdown_date: null });
			const listed = [model('gpt-4o-mini-2024-07-18', 'system'), model('gpt-4o-mini-2024-07-18.ft-0e208cf33a6a466994aff31a08aba678-bot', 'system', 1), model('Ministral-3B', 'system')];
			const { fineTunedModels, all } = splitModels(listed);
			assert.deepEqual(fineTunedModels.map((m) => m.id), ['gpt-4o-mini-2024-07-18.ft-0e208cf33a6a466994aff31a08aba678-bot']);
			assert.deepEqual(all, listed);
		});
	});
});
