import * as assert from 'node:assert/strict';
import { dashboardUrl, jobEndActions } from '../../../src/tracking/jobEnd';

describe('jobEndActions', () => {
	it('offers the chart first for a succeeded job, then a chat with its model', () => {
		assert.deepEqual(jobEndActions({ status: 'succeeded' }, true), ['showMetrics', 'chatWithModel', 'showInJobs']);
	});

	it('offers the error first for a failed job, and its chart only when it trained', () => {
		assert.deepEqual(jobEndActions({ status: 'failed' }, false), ['showError', 'showInJobs']);
		assert.deepEqual(jobEndActions({ status: 'failed' }, true), ['showError', 'showMetrics', 'showInJobs']);
	});

	it('offers the row first for a cancelled job, and its chart only when it trained', () => {
		assert.deepEqual(jobEndActions({ status: 'cancelled' }, false), ['showInJobs', 'showDetails']);
		assert.deepEqual(jobEndActions({ status: 'cancelled' }, true), ['showInJobs', 'showMetrics', 'showDetails']);
	});
});

describe('dashboardUrl', () => {
	it("links a job of OpenAI itself to its page on OpenAI's platform", () => {
		assert.equal(dashboardUrl({ kind: 'openai', baseUrl: '' }, 'ftjob-abc123'), 'https://platform.openai.com/finetune/ftjob-abc123');
		assert.equal(dashboardUrl({ kind: 'openai', baseUrl: 'https://api.openai.com/v1/' }, 'ftjob-abc123'), 'https://platform.openai.com/finetune/ftjob-abc123');
	});

	it('escapes the job id, which comes from the server', () => {
		assert.equal(dashboardUrl({ kind: 'openai', baseUrl: '' }, 'ftjob-a/../b?c'), 'https://platform.openai.com/finetune/ftjob-a%2F..%2Fb%3Fc');
	});

	it('has no dashboard for Azure, compatible servers or an OpenAI connection pointed elsewhere', () => {
		assert.equal(dashboardUrl({ kind: 'azure', baseUrl: 'https://my-resource.openai.azure.com/' }, 'ftjob-abc'), undefined);
		assert.equal(dashboardUrl({ kind: 'compatible', baseUrl: 'http://localhost:11434/v1' }, 'ftjob-abc'), undefined);
		assert.equal(dashboardUrl({ kind: 'openai', baseUrl: 'http://127.0.0.1:4010/v1' }, 'ftjob-abc'), undefined);
	});
});
