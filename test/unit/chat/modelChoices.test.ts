import * as assert from 'node:assert/strict';
import type { FineTuningJob } from 'openai/resources/fine-tuning/jobs/jobs';
import type { FineTuningJobCheckpoint } from 'openai/resources/fine-tuning/jobs/checkpoints';
import {
	checkpointRef,
	jobModelRef,
	jobsWithCheckpoints,
	modelChoices,
	modelRef,
	offersFreeText,
	RECENT_JOBS_WITH_CHECKPOINTS,
	type ConnectionLoad,
	type ConnectionModels,
} from '../../../src/chat/modelChoices';
import type { ListedModel } from '../../../src/openai/models';

const NOW = new Date('2026-11-27T00:00:00Z');

function listed(id: string, created: number, extra: Partial<ListedModel> = {}): ListedModel {
	return { id, created, object: 'model', owned_by: id.startsWith('ft:') ? 'user-abc' : 'system', ...extra };
}

function job(id: string, createdAt: number, fields: Partial<FineTuningJob> = {}): FineTuningJob {
	return {
		id,
		created_at: createdAt,
		status: 'succeeded',
		model: 'gpt-4o-mini-2024-07-18',
		training_file: `file-${id}`,
		fine_tuned_model: null,
		...fields,
	} as FineTuningJob;
}

function checkpoint(jobId: string, step: number, model: string): FineTuningJobCheckpoint {
	return { id: `ckpt-${jobId}-${step}`, created_at: step, fine_tuned_model_checkpoint: `${model}:ckpt-step-${step}`, fine_tuning_job_id: jobId, step_number: step, metrics: {}, object: 'fine_tuning.job.checkpoint' };
}

function loaded(name: string, kind: ConnectionModels['connection']['kind'], fields: Partial<ConnectionModels> = {}): ConnectionModels {
	return { connection: { name, kind }, models: [], fineTunedModels: [], baseModels: [], jobs: [], checkpoints: new Map(), ...fields };
}

const OLD_FT = 'ft:gpt-4o-mini-2024-07-18:acme:old:aaa111';
const NEW_FT = 'ft:gpt-4.1-mini-2025-04-14:acme:new:bbb222';
const LEGACY_FT = 'ft:davinci-002:acme:legacy:ccc333';

describe('modelChoices', () => {
	it('groups fine-tuned models (newest first, across connections), checkpoints, base models, then, on a compatible server, everything else it lists', () => {
		const openai = loaded('OpenAI', 'openai', {
			fineTunedModels: [listed(OLD_FT, 100)],
			baseModels: [listed('gpt-4o-mini-2024-07-18', 1)],
			jobs: [job('ftjob-old', 90, { fine_tuned_model: OLD_FT })],
			checkpoints: new Map([['ftjob-old', [checkpoint('ftjob-old', 10, OLD_FT), checkpoint('ftjob-old', 20, OLD_FT)]]]),
		});
		const local = loaded('Local', 'compatible', {
			models: [listed('llama3.2', 5, { owned_by: 'library' }), listed(NEW_FT, 300), listed('gpt-4o-mini-2024-07-18', 1)],
			// The catalog takes anything not owned by OpenAI for a fine-tune, and OpenAI's ids for base models.
			fineTunedModels: [listed(NEW_FT, 300), listed('llama3.2', 5, { owned_by: 'library' })],
			baseModels: [listed('gpt-4o-mini-2024-07-18', 1)],
		});
		const choices = modelChoices([openai, local], NOW);
		assert.deepEqual(
			choices.groups.map(({ group, choices: inGroup }) => [group, inGroup.map((choice) => `${choice.ref.connection}/${choice.ref.model}`)]),
			[
				['fine-tuned', [`Local/${NEW_FT}`, `OpenAI/${OLD_FT}`]],
				['checkpoints', [`OpenAI/${OLD_FT}:ckpt-step-20`, `OpenAI/${OLD_FT}:ckpt-step-10`]],
				['base', ['OpenAI/gpt-4o-mini-2024-07-18']],
				['listed', ['Local/llama3.2', 'Local/gpt-4o-mini-2024-07-18']],
			],
		);
		assert.deepEqual(choices.failures, []);
	});

	it('fills the base model, job and training file of a fine-tuned model from the job that made it, and dates its shutdown', () => {
		const choices = modelChoices(
			[
				loaded('OpenAI', 'openai', {
					fineTunedModels: [listed(OLD_FT, 100, { shutdown_date: '2027-01-14' })],
					jobs: [job('ftjob-old', 90, { fine_tuned_model: OLD_FT })],
				}),
			],
			NOW,
		);
		const [fineTuned] = choices.groups[0]?.choices ?? [];
		assert.deepEqual(fineTuned?.ref, { connection: 'OpenAI', model: OLD_FT, api: 'chat', baseModel: 'gpt-4o-mini-2024-07-18', jobId: 'ftjob-old', trainingFileId: 'file-ftjob-old' });
		assert.equal(fineTuned?.shutdown?.date, '2027-01-14');
		assert.equal(fineTuned?.shutdown?.soon, true);
	});

	it("gives a checkpoint its job and training file, and takes only the newest succeeded jobs' checkpoints", () => {
		const jobs = Array.from({ length: RECENT_JOBS_WITH_CHECKPOINTS + 2 }, (_, index) => job(`ftjob-${index}`, index, { fine_tuned_model: `ft:gpt-4o-mini-2024-07-18:acme::j${index}` }));
		jobs.push(job('ftjob-failed', 1000, { status: 'failed' }));
		const picked = jobsWithCheckpoints(jobs).map((candidate) => candidate.id);
		assert.equal(picked.length, RECENT_JOBS_WITH_CHECKPOINTS);
		assert.equal(picked[0], `ftjob-${RECENT_JOBS_WITH_CHECKPOINTS + 1}`);
		assert.ok(!picked.includes('ftjob-failed') && !picked.includes('ftjob-0'));

		const ckpt = checkpoint('ftjob-3', 7, 'ft:gpt-4o-mini-2024-07-18:acme::j3');
		assert.deepEqual(checkpointRef('OpenAI', ckpt, job('ftjob-3', 3)), {
			connection: 'OpenAI',
			model: 'ft:gpt-4o-mini-2024-07-18:acme::j3:ckpt-step-7',
			api: 'chat',
			baseModel: 'gpt-4o-mini-2024-07-18',
			jobId: 'ftjob-3',
			trainingFileId: 'file-ftjob-3',
		});
		// Without the job loaded, its id still comes from the checkpoint.
		assert.equal(checkpointRef('OpenAI', ckpt).jobId, 'ftjob-3');
		assert.equal(checkpointRef('OpenAI', ckpt).trainingFileId, undefined);
	});

	it('sends legacy fine-tunes of davinci-002 and babbage-002 to the Completions API', () => {
		assert.equal(modelRef('OpenAI', LEGACY_FT).api, 'completions');
		assert.equal(modelRef('OpenAI', 'babbage-002').api, 'completions');
		assert.equal(modelRef('OpenAI', 'gpt-4.1-mini-2025-04-14').api, 'chat');
		// A compatible server's name says nothing; the job that made it does.
		assert.equal(jobModelRef('Local', job('ftjob-l', 1, { model: 'davinci-002', fine_tuned_model: 'my-model' }))?.api, 'completions');
		assert.equal(jobModelRef('Local', job('ftjob-r', 1, { status: 'running' })), undefined);
	});

	it('takes the base of a model fine-tuned from a fine-tune from its name, not the job', () => {
		const continued = job('ftjob-c', 1, { model: OLD_FT, fine_tuned_model: 'ft:gpt-4o-mini-2024-07-18:acme:again:ddd444' });
		assert.equal(jobModelRef('OpenAI', continued)?.baseModel, 'gpt-4o-mini-2024-07-18');
		assert.equal(modelRef('Local', 'tuned', continued).baseModel, 'gpt-4o-mini-2024-07-18');
	});

	it('keeps a connection that failed apart, and the others still offer their models', () => {
		const loads: ConnectionLoad[] = [{ connection: { name: 'Broken', kind: 'openai' }, error: 'Incorrect API key provided' }, loaded('OpenAI', 'openai', { baseModels: [listed('gpt-4o-2024-08-06', 1)] })];
		const choices = modelChoices(loads, NOW);
		assert.deepEqual(choices.failures, [loads[0]]);
		assert.deepEqual(
			choices.groups.map((entry) => entry.group),
			['base'],
		);
	});

	it('offers a typed id of its own unless it is exactly a listed one, even when it is the start of one', () => {
		const choices = modelChoices([loaded('OpenAI', 'openai', { baseModels: [listed('gpt-4o-mini-2024-07-18', 1)] })], NOW);
		assert.equal(offersFreeText('', choices), false);
		assert.equal(offersFreeText('  ', choices), false);
		assert.equal(offersFreeText('gpt-4o-mini-2024-07-18', choices), false);
		assert.equal(offersFreeText('gpt-4o-mini', choices), true);
		assert.equal(offersFreeText('my-deployment', choices), true);
	});
});
