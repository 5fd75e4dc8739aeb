import * as assert from 'node:assert/strict';
import { isFromWebview, isMetricsViewState, isToWebview } from '../../src/metrics/protocol';

const DRAWN = { train_loss: { points: 3, sum: 4.5 }, train_accuracy: { points: 3, sum: 1.5 }, valid_loss: { points: 0, sum: 0 }, valid_accuracy: { points: 0, sum: 0 }, full_valid_loss: { points: 1, sum: 1.2 } };

describe('metrics protocol guards', () => {
	it('accepts the messages of the protocol', () => {
		for (const message of [
			{ type: 'ready' },
			{ type: 'rendered', revision: 2, jobs: { 'ftjob-1': DRAWN }, checkpoints: 3, renderMs: 4.2, theme: 'vscode-dark' },
			{ type: 'export-png', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' },
			{ type: 'export-csv' },
			{ type: 'add-job' },
			{ type: 'remove-job', job: { connection: 'openai', jobId: 'ftjob-1' } },
		]) {
			assert.ok(isFromWebview(message), JSON.stringify(message));
		}
		assert.ok(isToWebview({ type: 'curves', revision: 1, jobs: [] }));
	});

	it('rejects anything else: unknown types, a PNG that is not base64 PNG data, a drawing report without every curve', () => {
		for (const value of [
			null,
			{ type: 'eval', code: 'x' },
			{ type: 'export-png', dataUrl: 'data:text/html;base64,PGI+' },
			{ type: 'export-png', dataUrl: 'data:image/png;base64,<script>' },
			{ type: 'rendered', revision: 1, jobs: { a: { train_loss: { points: 1, sum: 1 } } }, checkpoints: 0, renderMs: 1, theme: 'x' },
			{ type: 'remove-job', job: { jobId: 'ftjob-1' } },
		]) {
			assert.equal(isFromWebview(value), false, JSON.stringify(value));
		}
		assert.equal(isToWebview({ type: 'curves', jobs: [] }), false);
	});

	it('accepts only a well-formed state from the serializer', () => {
		assert.ok(isMetricsViewState({ jobs: [{ connection: 'openai', jobId: 'ftjob-1' }], smoothing: 0.6 }));
		for (const value of [undefined, { jobs: [{ jobId: 1 }], smoothing: 0 }, { jobs: [], smoothing: 1 }, { jobs: 'x', smoothing: 0 }]) {
			assert.equal(isMetricsViewState(value), false, JSON.stringify(value));
		}
	});
});
