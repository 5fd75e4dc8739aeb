// `npm run bench`: the linter's speed and memory on a generated 100 MB chat dataset, on this machine,
// then on adversarial inputs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DatasetLinter, splitLines } from '../../src/dataset/dataset';
import { getTokenizer, setRankDirectory } from '../../src/dataset/tokens';
import { CACHE_ROOT, PROJECT_ROOT } from '../host/paths';
import { seededRandom } from '../../src/seededRandom';
import { adversarialBench, lintInChild as lintInChildOrFail, type ChildResult } from './adversarialBench';
import { writeChatDataset } from './datasetGenerator';

const DATASET_BYTES = 100 * 1024 * 1024;
const EDIT_DOCUMENT_LINES = 50_000;
const EDITS = 2_000;

function megabytes(bytes: number): number {
	return bytes / 1024 / 1024;
}

function percentile(sorted: readonly number[], fraction: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
}

function lintInChild(file: string, mode: 'full' | 'schema'): ChildResult {
	const result = lintInChildOrFail(file, mode);
	if ('failure' in result) {
		throw new Error(`linting ${file} ${result.failure}`);
	}
	return result;
}

async function main(): Promise<void> {
	setRankDirectory(path.join(PROJECT_ROOT, 'dist', 'tokenizer'));
	const dir = path.join(CACHE_ROOT, 'bench');
	fs.mkdirSync(dir, { recursive: true });
	if (process.argv.includes('--adversarial')) {
		// `node out/test/bench/run.js --adversarial`: that section alone.
		await adversarialBench(dir);
		return;
	}
	const file = path.join(dir, 'chat-100mb.jsonl');
	if (!fs.existsSync(file) || fs.statSync(file).size < DATASET_BYTES) {
		console.log('Generating a 100 MB chat dataset (multi-turn, code, non-ASCII text, tool calls)…');
		await writeChatDataset(file, DATASET_BYTES);
	}
	const size = megabytes(fs.statSync(file).size);
	const text = fs.readFileSync(file, 'utf8');
	const lines = splitLines(text).filter((line) => line !== '');
	console.log(`Dataset: ${size.toFixed(1)} MB, ${lines.length.toLocaleString('en-US')} examples, ${(megabytes(Buffer.byteLength(text)) / lines.length * 1024).toFixed(1)} KB an example\n`);

	let started = performance.now();
	for (const line of lines) {
		JSON.parse(line);
	}
	const parseSeconds = (performance.now() - started) / 1000;

	const full = lintInChild(file, 'full');
	console.log(`(a) full lint with exact token counts (2 worker threads): ${full.seconds.toFixed(2)} s = ${(size / full.seconds).toFixed(1)} MB/s, peak RSS ${full.maxRssMb.toFixed(0)} MB; ${full.tokens.toLocaleString('en-US')} tokens, ${full.findings} findings`);
	console.log(`    JSON.parse alone on the same lines (1 thread): ${parseSeconds.toFixed(2)} s = ${(size / parseSeconds).toFixed(1)} MB/s`);
	const small = path.join(dir, 'chat-10mb.jsonl');
	if (!fs.existsSync(small)) {
		fs.writeFileSync(small, `${lines.slice(0, Math.round(lines.length / 10)).join('\n')}\n`);
	}
	const tenth = lintInChild(small, 'full');
	console.log(`    the same lint of its first 10 MB: peak RSS ${tenth.maxRssMb.toFixed(0)} MB (memory follows the findings, not the file size)`);
	const schema = lintInChild(file, 'schema');
	console.log(`(b) syntax-and-schema pass alone (2 worker threads): ${schema.seconds.toFixed(2)} s = ${(size / schema.seconds).toFixed(1)} MB/s, peak RSS ${schema.maxRssMb.toFixed(0)} MB`);

	const document = lines.slice(0, EDIT_DOCUMENT_LINES);
	const linter = new DatasetLinter({ model: 'gpt-4o-mini-2024-07-18' });
	started = performance.now();
	let sliceStarted = started;
	let longestSliceMs = 0;
	await linter.setTextInSlices(document.join('\n'), async () => {
		const now = performance.now();
		longestSliceMs = Math.max(longestSliceMs, now - sliceStarted);
		sliceStarted = now;
	});
	linter.findings();
	const openMs = performance.now() - started;
	const random = seededRandom(7);
	const timings: number[] = [];
	for (let edit = 0; edit < EDITS; edit++) {
		const index = Math.floor(random() * document.length);
		const original = document[index] as string;
		// Typing one character inside the last message's text, as a person editing would.
		const at = original.lastIndexOf('"}') > 0 ? original.lastIndexOf('"}') : original.length - 1;
		const edited = `${original.slice(0, at)}${String.fromCharCode(97 + (edit % 26))}${original.slice(at)}`;
		started = performance.now();
		linter.replaceLines(index, 1, [edited]);
		linter.findings();
		timings.push(performance.now() - started);
		document[index] = edited;
	}
	timings.sort((a, b) => a - b);
	console.log(
		`(c) re-check after a one-line edit in a ${EDIT_DOCUMENT_LINES.toLocaleString('en-US')}-line document (${EDITS} edits): median ${percentile(timings, 0.5).toFixed(3)} ms, p99 ${percentile(timings, 0.99).toFixed(3)} ms (opening it: ${openMs.toFixed(0)} ms in slices, the longest ${longestSliceMs.toFixed(1)} ms without yielding)`,
	);

	const tokenizer = getTokenizer('o200k_base');
	tokenizer.count('warm up');
	const letters = 'a'.repeat(1024 * 1024);
	started = performance.now();
	const count = tokenizer.count(letters);
	console.log(`(d) one 1 MB message of a single repeated letter: ${count.toLocaleString('en-US')} tokens in ${(performance.now() - started).toFixed(0)} ms`);

	await adversarialBench(dir);
}

void main();
