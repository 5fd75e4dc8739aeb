import * as assert from 'node:assert/strict';
import type { FineTuningJob, FineTuningJobEvent } from 'openai/resources/fine-tuning/jobs/jobs';
import { eventLine, formatDuration, isFinal, jobDescription, jobFacts, metricsOf, progressOf, resolvedHyperparameters, statusIcon } from '../../../src/tracking/jobView';

const NOW = 1_790_000_000;

function job(overrides: Partial<FineTuningJob> = {}): FineTuningJob {
	return {
		id: 'ftjob-abc',
		object: 'fine_tuning.job',
		created_at: NOW - 600,
		error: null,
		fine_tuned_model: null,
		finished_at: null,
		hyperparameters: { n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto' },
		model: 'gpt-4o-mini-2024-07-18',
		organization_id: 'org-1',
		result_files: [],
		seed: 7,
		status: 'running',
		trained_tokens: null,
		training_file: 'file-train',
		validation_file: null,
		...overrides,
	} as FineTuningJob;
}

function event(createdAt: number, data: unknown, type: 'metrics' | 'message' = 'metrics'): FineTuningJobEvent {
	return { id: `ftevent-${createdAt}`, object: 'fine_tuning.job.event', created_at: createdAt, level: 'info', message: `message ${createdAt}`, type, data } as FineTuningJobEvent;
}

describe('how a job reads in the Jobs view', () => {
	it('spins while the job works and colours it once it ended; only the three end states are final', () => {
		assert.equal(statusIcon('running').id, 'sync~spin');
		assert.equal(statusIcon('validating_files').id, 'loading~spin');
		assert.deepEqual(statusIcon('failed'), { id: 'error', color: 'testing.iconFailed' });
		assert.equal(statusIcon('something new').id, 'question');
		assert.deepEqual(['validating_files', 'queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled'].filter(isFinal), ['succeeded', 'failed', 'cancelled']);
	});

	it('describes a running job by status, step of total steps, and the time left until estimated_finish', () => {
		const running = job({ estimated_finish: NOW + 750 });
		assert.equal(jobDescription(running, { step: 40, totalSteps: 120 }, NOW), 'running · step 40/120 · about 13 min left');
		assert.equal(jobDescription(running, undefined, NOW), 'running · about 13 min left');
		assert.equal(jobDescription(job({ status: 'validating_files' }), undefined, NOW), 'validating files');
		// An estimate in the past, and any estimate once the job ended, says nothing.
		assert.equal(jobDescription(job({ estimated_finish: NOW - 5 }), { step: 3 }, NOW), 'running · step 3');
		assert.equal(jobDescription(job({ status: 'succeeded', estimated_finish: NOW + 60 }), { step: 120, totalSteps: 120 }, NOW), 'succeeded');
	});

	it('says durations as people do', () => {
		assert.deepEqual([12, 240, 3600, 7500, 3 * 86_400 + 4 * 3600].map(formatDuration), ['12 s', '4 min', '1 h', '2 h 5 min', '3 d 4 h']);
	});

	it('takes the progress from the newest metrics event, ignoring other events and values that are not numbers', () => {
		const events = [event(NOW - 10, { step: 5, total_steps: 20, train_loss: 1.2 }), event(NOW - 5, { step: 6, total_steps: 20, train_loss: 'NaN' }), event(NOW, { step: 99 }, 'message'), event(NOW - 20, { step: 4 })];
		assert.deepEqual(progressOf(events), { step: 6, totalSteps: 20 });
		assert.deepEqual(metricsOf(events[1] as FineTuningJobEvent), { step: 6, total_steps: 20 });
		assert.equal(metricsOf(event(NOW, 'not an object')), undefined);
		assert.equal(progressOf([]), undefined);
	});

	it('summarises a metrics event by step and losses, and shows any other event by its message', () => {
		assert.equal(eventLine(event(NOW, { step: 3, total_steps: 10, train_loss: 0.51234, valid_loss: 0.6 })), 'Step 3/10: train loss 0.512, valid loss 0.600');
		assert.equal(eventLine(event(NOW, {}, 'message')), `message ${NOW}`);
	});

	it("lists the method's hyperparameters as the server resolved them, and the error with its code", () => {
		const failed = job({
			status: 'failed',
			method: { type: 'dpo', dpo: { hyperparameters: { beta: 0.1, n_epochs: 3, batch_size: 'auto' } } },
			error: { code: 'invalid_training_file', message: 'Line 3 is not JSON', param: 'training_file' },
			finished_at: NOW,
			trained_tokens: 123456,
		});
		assert.deepEqual(resolvedHyperparameters(failed), { beta: '0.1', n_epochs: '3', batch_size: 'auto' });
		const facts = Object.fromEntries(jobFacts(failed).map((fact) => [fact.label, fact.value]));
		assert.equal(facts['Method'], 'dpo (beta 0.1, n_epochs 3, batch_size auto)');
		assert.equal(facts['Error'], 'invalid_training_file: Line 3 is not JSON');
		assert.equal(facts['Trained tokens'], '123,456');
		assert.match(facts['Finished'] ?? '', /UTC \(after 10 min\)$/);
		assert.equal(facts['Validation file'], 'none');
		// Without a method, the job's top-level hyperparameters.
		assert.deepEqual(resolvedHyperparameters(job()), { n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto' });
	});
});
