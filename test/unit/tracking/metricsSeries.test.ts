import * as assert from 'node:assert/strict';
import { resultFileCsv, type StepMetrics } from '../../fixtures/openai-emulator/training';
import { alignSeries, metricsCsv, parseResultCsv, pointCounts, pointOfMetrics, smooth, toSeries } from '../../../src/tracking/metricsSeries';

const STEPS: StepMetrics[] = [
	{ step: 1, train_loss: 2.5, train_mean_token_accuracy: 0.4, valid_loss: 2.7, valid_mean_token_accuracy: 0.38 },
	{ step: 2, train_loss: 2.1, train_mean_token_accuracy: 0.5 },
	{ step: 3, train_loss: 1.8, train_mean_token_accuracy: 0.55, valid_loss: 2.0, valid_mean_token_accuracy: 0.5, full_valid_loss: 1.95 },
];

describe('metrics series', () => {
	it("reads the emulator's (OpenAI's) result CSV: every step, gaps where a step has no validation", () => {
		const { points, skippedRows } = parseResultCsv(resultFileCsv(STEPS));
		assert.equal(skippedRows, 0);
		assert.deepEqual(points, [
			{ step: 1, train_loss: 2.5, train_accuracy: 0.4, valid_loss: 2.7, valid_accuracy: 0.38 },
			{ step: 2, train_loss: 2.1, train_accuracy: 0.5 },
			{ step: 3, train_loss: 1.8, train_accuracy: 0.55, valid_loss: 2.0, valid_accuracy: 0.5 },
		]);
	});

	it('tolerates a BOM, CRLF, columns in another order, unknown and missing columns, and skips bad rows without throwing', () => {
		const text = '\uFEFFtrain_loss,extra,"step",full_valid_loss\r\n1.5,x,1,\r\nnot,a,row\r\n1.25,y,2,1.3\r\n\r\n0.9,z\r\n1.0,,3,NaN\r\n';
		const { points, skippedRows } = parseResultCsv(text);
		assert.deepEqual(points, [{ step: 1, train_loss: 1.5 }, { step: 2, train_loss: 1.25, full_valid_loss: 1.3 }, { step: 3, train_loss: 1.0 }]);
		assert.equal(skippedRows, 2, 'the row without a numeric step and the cut-off row');
		assert.deepEqual(parseResultCsv(''), { points: [], skippedRows: 0 });
		assert.deepEqual(parseResultCsv('loss,accuracy\n1,2\n'), { points: [], skippedRows: 1 }, 'no step column: nothing to draw');
	});

	it('takes points from metrics events and checkpoints, with their names, and ignores what is not a finite number', () => {
		assert.deepEqual(pointOfMetrics({ step: 4, total_steps: 9, train_loss: 1.1, train_mean_token_accuracy: 0.7, full_valid_loss: 1.2, valid_loss: 'x', valid_mean_token_accuracy: Infinity }), {
			step: 4,
			train_loss: 1.1,
			train_accuracy: 0.7,
			full_valid_loss: 1.2,
		});
		assert.equal(pointOfMetrics({ train_loss: 1 }), undefined);
	});

	it('merges sources by step, ascending; the CSV wins and events fill in the full validation loss it lacks', () => {
		const csv = parseResultCsv(resultFileCsv(STEPS)).points;
		const events = STEPS.map((metrics) => pointOfMetrics({ ...metrics, train_loss: 99 })).reverse().filter((point) => point !== undefined);
		const series = toSeries(csv, events);
		assert.deepEqual(series.steps, [1, 2, 3]);
		assert.deepEqual(series.values.train_loss, [2.5, 2.1, 1.8]);
		assert.deepEqual(series.values.valid_loss, [2.7, null, 2.0]);
		assert.deepEqual(series.values.full_valid_loss, [null, null, 1.95]);
		assert.deepEqual(pointCounts(series), { train_loss: 3, train_accuracy: 3, valid_loss: 2, valid_accuracy: 2, full_valid_loss: 1 });
	});

	it('smooths with a debiased exponential average that keeps gaps, and leaves values as they are at weight 0', () => {
		assert.deepEqual(smooth([1, null, 3], 0), [1, null, 3]);
		const smoothed = smooth([1, null, 3, 3], 0.5);
		assert.equal(smoothed[0], 1, 'debiased: the first value is itself, not half of it');
		assert.equal(smoothed[1], null);
		assert.ok(Math.abs((smoothed[2] as number) - (0.5 * 1 * 0.5 + 0.5 * 3) / 0.75) < 1e-12);
		assert.ok((smoothed[3] as number) > (smoothed[2] as number) && (smoothed[3] as number) < 3);
		assert.equal(smooth([5, 5, 5], 2).every((value) => value !== null && Math.abs(value - 5) < 1e-9), true, 'a weight past 1 is bounded');
	});

	it('aligns several jobs on the union of their steps, with gaps where a job has no value', () => {
		const a = toSeries([{ step: 1, train_loss: 1 }, { step: 3, train_loss: 3 }]);
		const b = toSeries([{ step: 2, train_loss: 2 }, { step: 3, train_loss: 4 }]);
		const aligned = alignSeries([a, b]);
		assert.deepEqual(aligned.steps, [1, 2, 3]);
		assert.deepEqual(aligned.columns[0]?.[0], [1, null, 3]);
		assert.deepEqual(aligned.columns[1]?.[0], [null, 2, 4]);
	});

	it('exports CSV text with one row per job and step, gaps empty, and a job id that would break a row quoted', () => {
		const text = metricsCsv([
			{ jobId: 'ftjob-1', series: toSeries([{ step: 1, train_loss: 1.5, full_valid_loss: 1.6 }]) },
			{ jobId: 'odd,"id"', series: toSeries([{ step: 2, train_accuracy: 0.5 }]) },
		]);
		assert.equal(text, 'job,step,train_loss,train_accuracy,valid_loss,valid_accuracy,full_valid_loss\nftjob-1,1,1.5,,,,1.6\n"odd,""id""",2,,0.5,,,\n');
		const reread = parseResultCsv(text.split('\n').slice(0, 2).join('\n').replace(/^job,/, 'job_id,'));
		assert.deepEqual(reread.points, [{ step: 1, train_loss: 1.5, full_valid_loss: 1.6 }], 'the export reads back as a result CSV');
	});
});
