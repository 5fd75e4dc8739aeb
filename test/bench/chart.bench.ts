// The metrics chart with 20,000 steps; the target is a chart drawn in under 100 ms. Node cannot run
// uPlot's canvas drawing, so this times the rest: the webview's work at each draw (aligning and
// smoothing every curve), and apart from it what happens once when the chart opens (reading the
// result CSV, merging it with the checkpoints, the message to the webview, for which a JSON round
// trip stands in). The whole draw, uPlot included, is timed by the webview itself: the integration
// test (test/integration/metrics.test.ts) draws a 20,000-step job there and logs that time.
// Run with `node out/test/bench/chart.bench.js` after `npm run compile`.
import { resultFileCsv, type StepMetrics } from '../fixtures/openai-emulator/training';
import { seededRandom } from '../../src/seededRandom';
import { alignSeries, parseResultCsv, pointOfMetrics, SERIES_KEYS, smooth, toSeries, type JobSeries } from '../../src/tracking/metricsSeries';

const STEPS = 20_000;
const RUNS = 20;
const BUDGET_MS = 100;

function steps(count: number): StepMetrics[] {
	const random = seededRandom(11);
	return Array.from({ length: count }, (_, index) => {
		const loss = 0.2 + 2 * Math.exp(-index / 4000) * (0.9 + 0.2 * random());
		const metrics: StepMetrics = { step: index + 1, train_loss: loss, train_mean_token_accuracy: Math.exp(-loss), valid_loss: loss * 1.1, valid_mean_token_accuracy: Math.exp(-loss * 1.1) };
		if ((index + 1) % 1000 === 0) {
			metrics.full_valid_loss = loss * 1.05;
		}
		return metrics;
	});
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time<T>(work: () => T): [T, number] {
	const started = performance.now();
	const result = work();
	return [result, performance.now() - started];
}

function main(): void {
	const run = steps(STEPS);
	const csv = resultFileCsv(run);
	const checkpoints = run.filter((metrics) => metrics.full_valid_loss !== undefined).map((metrics) => pointOfMetrics(metrics)).filter((point) => point !== undefined);
	const timings = { parse: [] as number[], merge: [] as number[], message: [] as number[], draw: [] as number[] };
	for (let round = 0; round < RUNS + 3; round++) {
		const [parsed, parseMs] = time(() => parseResultCsv(csv));
		const [series, mergeMs] = time(() => toSeries(parsed.points, checkpoints));
		const [received, messageMs] = time(() => JSON.parse(JSON.stringify({ type: 'curves', revision: 1, jobs: [{ series }] })) as { jobs: { series: JobSeries }[] });
		const [, drawMs] = time(() => {
			const aligned = alignSeries(received.jobs.map((job) => job.series));
			return aligned.columns.map((columns) => columns.map((column, index) => (SERIES_KEYS[index] === 'full_valid_loss' ? column : smooth(column, 0.6))));
		});
		// The first rounds warm the JIT up; they are not counted.
		if (round >= 3) {
			timings.parse.push(parseMs);
			timings.merge.push(mergeMs);
			timings.message.push(messageMs);
			timings.draw.push(drawMs);
		}
	}
	const load = median(timings.parse) + median(timings.merge) + median(timings.message);
	const draw = median(timings.draw);
	console.log(`(chart) ${STEPS.toLocaleString('en-US')} steps × ${SERIES_KEYS.length} curves (${(csv.length / 1024).toFixed(0)} KB of CSV), median of ${RUNS}:`);
	console.log(`    each draw (align and smooth, before uPlot's canvas work): ${draw.toFixed(1)} ms, ${draw < BUDGET_MS ? 'within' : 'OVER'} the ${BUDGET_MS} ms budget`);
	console.log(`    once on opening: read the CSV ${median(timings.parse).toFixed(1)} ms, merge with checkpoints ${median(timings.merge).toFixed(1)} ms, message copy ${median(timings.message).toFixed(1)} ms (${load.toFixed(1)} ms)`);
}

main();
