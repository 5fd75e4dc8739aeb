// `npm run bench`, the dataset report: building it from a linted 100 MB chat file (first build, every
// line read) against the linter's own pass over the same text, then again after a one-line edit
// (only that line read), with peak RSS. The measuring runs in a child process of its own, so that
// its memory is the linter's and the builder's alone. Exits 1 when a target is missed.
// Run with `node out/test/bench/datasetReport.bench.js` after `npm run compile`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatasetLinter } from '../../src/dataset/dataset';
import { ReportBuilder, type ReportInput } from '../../src/dataset/reportBuilder';
import { CACHE_ROOT } from '../host/paths';
import { useTestRanks } from '../unit/dataset/rankDirectory';
import { writeChatDataset } from './datasetGenerator';

const DATASET_BYTES = 100 * 1024 * 1024;
/** The first build reads at least this share of the linter's throughput on the same text… */
const MIN_BUILD_RATIO = 0.5;
/** …and a build after a one-line edit takes less than this. */
const MAX_REBUILD_MS = 200;
const MEASURE = '--measure';
/** The crafted file: this many distinct lines of exactly `LONG_LINE_CHARACTERS`, past what V8 hashes by content. */
const LONG_LINES = 4_000;
const LONG_LINE_CHARACTERS = 20_000;

interface Measurement {
	readonly megabytes: number;
	readonly examples: number;
	readonly lintSeconds: number;
	readonly lintRssMb: number;
	readonly buildSeconds: number;
	readonly buildSlices: number;
	readonly rebuildMs: number;
	readonly rebuildSlices: number;
	readonly maxRssMb: number;
	/** What the builder keeps between builds (its cache by line text), measured after a full collection. */
	readonly retainedMb: number;
	readonly duplicateGroups: number;
	readonly histogramBins: number;
}

function megabytes(bytes: number): number {
	return bytes / 1024 / 1024;
}

function maxRssMb(): number {
	return process.resourceUsage().maxRSS / 1024;
}

/** The heap in use after a full collection (the child runs with --expose-gc). */
function heapUsedMb(): number {
	(globalThis as { gc?: () => void }).gc?.();
	return megabytes(process.memoryUsage().heapUsed);
}

/** Runs a build to its end, as the host does between pauses; returns the report and how many slices it took. */
function drain<T>(build: Generator<void, T>): { readonly result: T; readonly slices: number } {
	for (let slices = 1; ; slices++) {
		const step = build.next();
		if (step.done) {
			return { result: step.value, slices };
		}
	}
}

/** The child: lints the file as the editor does, builds the report, edits one line, builds again. */
function measure(file: string): Measurement {
	useTestRanks();
	const text = fs.readFileSync(file, 'utf8');
	const linter = new DatasetLinter({ model: 'gpt-4o-mini-2024-07-18' });
	let started = performance.now();
	linter.setText(text);
	const input = (): ReportInput => ({ summary: linter.summary(), lines: linter.lineCount, contextTokens: linter.lineLinter.contextTokens });
	input();
	const lintSeconds = (performance.now() - started) / 1000;
	const lintRssMb = maxRssMb();
	const lintHeapMb = heapUsedMb();

	const builder = new ReportBuilder(linter.lineLinter.tokenizer);
	started = performance.now();
	const { slices: buildSlices } = drain(builder.build(linter.exampleLines(), input()));
	const buildSeconds = (performance.now() - started) / 1000;

	// Typing one character inside the last message of a line in the middle, as a person editing would.
	const index = Math.floor(linter.lineCount / 2);
	const original = [...linter.exampleLines()].find((example) => example.line >= index);
	if (!original) {
		throw new Error('no example to edit');
	}
	const at = original.text.lastIndexOf('"}');
	linter.replaceLines(original.line, 1, [`${original.text.slice(0, at)}x${original.text.slice(at)}`]);
	const edited = input();
	started = performance.now();
	const { result: report, slices: rebuildSlices } = drain(builder.build(linter.exampleLines(), edited));
	const rebuildMs = performance.now() - started;
	const retainedMb = heapUsedMb() - lintHeapMb;
	return {
		megabytes: megabytes(Buffer.byteLength(text)),
		examples: report.summary.examples,
		lintSeconds,
		lintRssMb,
		buildSeconds,
		buildSlices,
		rebuildMs,
		rebuildSlices,
		maxRssMb: maxRssMb(),
		retainedMb,
		duplicateGroups: report.duplicateGroups.length,
		histogramBins: report.tokenHistogram.length,
	};
}

/**
 * Distinct chat lines of one length past V8's content-hash limit, told apart only at their end: in
 * a plain Map each such key is compared with every other, whole (24 s for 4,000).
 */
function sameLengthLongLines(): string {
	const head = '{"messages":[{"role":"user","content":"Is the lamp dimmable?"},{"role":"assistant","content":"';
	const lines: string[] = [];
	for (let index = 0; index < LONG_LINES; index++) {
		const tail = ` ${String(index).padStart(6, '0')}"}]}`;
		lines.push(`${head}${'the lamp is dimmable '.repeat(LONG_LINE_CHARACTERS / 20).slice(0, LONG_LINE_CHARACTERS - head.length - tail.length)}${tail}`);
	}
	return lines.join('\n');
}

/** Lints the crafted file and builds its report, as the editor would on opening it. */
function measureLongLines(): { readonly megabytes: number; readonly seconds: number } {
	useTestRanks();
	const text = sameLengthLongLines();
	const started = performance.now();
	const linter = new DatasetLinter({ model: 'gpt-4o-mini-2024-07-18' });
	linter.setText(text);
	linter.findings();
	drain(new ReportBuilder(linter.lineLinter.tokenizer).build(linter.exampleLines(), { summary: linter.summary(), lines: linter.lineCount, contextTokens: linter.lineLinter.contextTokens }));
	return { megabytes: megabytes(text.length), seconds: (performance.now() - started) / 1000 };
}

function verdict(ok: boolean): string {
	return ok ? 'ok' : 'MISSED';
}

async function main(): Promise<void> {
	const benchDir = path.join(CACHE_ROOT, 'bench');
	fs.mkdirSync(benchDir, { recursive: true });
	const file = path.join(benchDir, 'chat-100mb.jsonl');
	if (!fs.existsSync(file) || fs.statSync(file).size < DATASET_BYTES) {
		console.log('Generating a 100 MB chat dataset…');
		await writeChatDataset(file, DATASET_BYTES);
	}
	const child = spawnSync(process.execPath, ['--expose-gc', __filename, MEASURE, file], { encoding: 'utf8' });
	if (child.error || child.status !== 0) {
		throw new Error(`measuring the report of ${file} failed (${child.signal ?? `exit ${child.status}`}): ${child.stderr}`);
	}
	const result = JSON.parse(child.stdout) as Measurement;
	const lintRate = result.megabytes / result.lintSeconds;
	const buildRate = result.megabytes / result.buildSeconds;
	const buildOk = buildRate >= MIN_BUILD_RATIO * lintRate;
	const rebuildOk = result.rebuildMs < MAX_REBUILD_MS;
	console.log(`Dataset report (in a child process; targets: a first build at least ${MIN_BUILD_RATIO}× the linter's throughput, a rebuild after a one-line edit under ${MAX_REBUILD_MS} ms)`);
	console.log(`(a) the linter's pass (DatasetLinter.setText, 1 thread) over ${result.megabytes.toFixed(0)} MB, ${result.examples.toLocaleString('en-US')} examples: ${result.lintSeconds.toFixed(2)} s = ${lintRate.toFixed(1)} MB/s, peak RSS ${result.lintRssMb.toFixed(0)} MB`);
	console.log(
		`(b) first report build, every line read: ${result.buildSeconds.toFixed(2)} s = ${buildRate.toFixed(1)} MB/s (${(buildRate / lintRate).toFixed(2)}× the linter) in ${result.buildSlices} slices; ${result.histogramBins} histogram bins, ${result.duplicateGroups} duplicate groups: ${verdict(buildOk)}`,
	);
	console.log(`(c) rebuild after a one-line edit: ${result.rebuildMs.toFixed(1)} ms in ${result.rebuildSlices} slice(s): ${verdict(rebuildOk)}`);
	console.log(`    peak RSS of linter and builder together: ${result.maxRssMb.toFixed(0)} MB (${(result.maxRssMb - result.lintRssMb).toFixed(0)} MB over the linter's own peak); the builder keeps ${result.retainedMb.toFixed(0)} MB between builds`);
	const crafted = measureLongLines();
	const craftedRate = crafted.megabytes / crafted.seconds;
	// Linting then reporting the normal file runs at this rate; the crafted one must keep half of it.
	const normalOpenRate = (lintRate * buildRate) / (lintRate + buildRate);
	const craftedOk = craftedRate >= MIN_BUILD_RATIO * normalOpenRate;
	console.log(
		`(d) ${LONG_LINES.toLocaleString('en-US')} distinct lines of ${LONG_LINE_CHARACTERS.toLocaleString('en-US')} characters each (V8 hashes such strings by length alone), linted and reported: ${crafted.seconds.toFixed(2)} s = ${craftedRate.toFixed(1)} MB/s (the normal file: ${normalOpenRate.toFixed(1)} MB/s): ${verdict(craftedOk)}`,
	);
	const missed = (buildOk ? 0 : 1) + (rebuildOk ? 0 : 1) + (craftedOk ? 0 : 1);
	console.log(missed === 0 ? 'The dataset report is within its targets.' : `${missed} dataset report target(s) missed.`);
	process.exitCode = missed === 0 ? 0 : 1;
}

if (process.argv[2] === MEASURE) {
	process.stdout.write(JSON.stringify(measure(process.argv[3] as string)));
} else {
	void main();
}
