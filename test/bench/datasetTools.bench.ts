// `npm run bench`, dataset tools: converting a 100 MB chat file (OpenAI chat → TRL conversational)
// against the linter's full pass on the same file, then dedupe and split of 1 GB, each tool in a
// child process of its own so that its peak RSS is its own. Exits 1 when a target is missed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { seededRandom } from '../../src/seededRandom';
import { CACHE_ROOT } from '../host/paths';
import { lintInChild } from './adversarialBench';
import { chatExample, writeChatDataset } from './datasetGenerator';

const CONVERT_BYTES = 100 * 1024 * 1024;
const LARGE_BYTES = 1024 * 1024 * 1024;
/** Converting runs at least this share of the linter's full-pass throughput… */
const MIN_CONVERT_RATIO = 0.5;
/** …under this peak RSS; dedupe and split of 1 GB under the next. */
const MAX_CONVERT_RSS_MB = 300;
const MAX_LARGE_RSS_MB = 500;
/** One example in this many of the 1 GB file repeats an earlier one, so that dedupe and split have groups. */
const DUPLICATE_EVERY = 20;

interface ToolResult {
	readonly seconds: number;
	readonly maxRssMb: number;
	readonly examples: number;
}

function runTool(tool: 'convert' | 'dedupe' | 'split', input: string, ...outputs: string[]): ToolResult {
	const child = spawnSync(process.execPath, [path.join(__dirname, 'datasetToolChild.js'), tool, input, ...outputs], { encoding: 'utf8' });
	if (child.error || child.status !== 0) {
		throw new Error(`${tool} of ${input} failed (${child.signal ?? `exit ${child.status}`}): ${child.stderr}`);
	}
	return JSON.parse(child.stdout) as ToolResult;
}

function megabytes(bytes: number): number {
	return bytes / 1024 / 1024;
}

/** About `bytes` of chat examples, one in {@link DUPLICATE_EVERY} a copy of a recent one. */
async function writeLargeDataset(file: string, bytes: number): Promise<void> {
	const random = seededRandom(3);
	const out = fs.createWriteStream(file);
	const recent: string[] = [];
	let written = 0;
	let batch: string[] = [];
	for (let index = 0; written < bytes; index++) {
		const line = index % DUPLICATE_EVERY === DUPLICATE_EVERY - 1 && recent.length > 0 ? (recent[Math.floor(random() * recent.length)] as string) : `${chatExample(random, index)}\n`;
		if (recent.length < 1000) {
			recent.push(line);
		} else {
			recent[index % 1000] = line;
		}
		batch.push(line);
		written += line.length;
		if (batch.length === 1000) {
			if (!out.write(batch.join(''))) {
				await new Promise<void>((resolve) => out.once('drain', () => resolve()));
			}
			batch = [];
		}
	}
	out.end(batch.join(''));
	await new Promise<void>((resolve) => out.once('close', () => resolve()));
}

function verdict(ok: boolean): string {
	return ok ? 'ok' : 'MISSED';
}

async function main(): Promise<void> {
	let missed = 0;
	const benchDir = path.join(CACHE_ROOT, 'bench');
	fs.mkdirSync(benchDir, { recursive: true });
	const chatFile = path.join(benchDir, 'chat-100mb.jsonl');
	if (!fs.existsSync(chatFile) || fs.statSync(chatFile).size < CONVERT_BYTES) {
		console.log('Generating a 100 MB chat dataset…');
		await writeChatDataset(chatFile, CONVERT_BYTES);
	}
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'finetune-studio-bench-tools-'));
	try {
		const size = megabytes(fs.statSync(chatFile).size);
		console.log(`Dataset tools (each in a child process; targets: converting at least ${MIN_CONVERT_RATIO}× the linter's full-pass throughput under ${MAX_CONVERT_RSS_MB} MB peak RSS, dedupe and split of 1 GB under ${MAX_LARGE_RSS_MB} MB)`);
		const lint = lintInChild(chatFile, 'full');
		if ('failure' in lint) {
			throw new Error(`linting ${chatFile} ${lint.failure}`);
		}
		const convert = runTool('convert', chatFile, path.join(scratch, 'converted.jsonl'));
		fs.rmSync(path.join(scratch, 'converted.jsonl'));
		const ratio = size / convert.seconds / (size / lint.seconds);
		const convertOk = ratio >= MIN_CONVERT_RATIO && convert.maxRssMb < MAX_CONVERT_RSS_MB;
		missed += convertOk ? 0 : 1;
		console.log(`(a) linter full pass on ${size.toFixed(0)} MB: ${lint.seconds.toFixed(2)} s = ${(size / lint.seconds).toFixed(1)} MB/s, peak RSS ${lint.maxRssMb.toFixed(0)} MB`);
		console.log(
			`    convert chat → trl-sft, the same file: ${convert.seconds.toFixed(2)} s = ${(size / convert.seconds).toFixed(1)} MB/s (${ratio.toFixed(2)}× the linter), peak RSS ${convert.maxRssMb.toFixed(0)} MB, ${convert.examples.toLocaleString('en-US')} records: ${verdict(convertOk)}`,
		);

		const large = path.join(scratch, 'large.jsonl');
		console.log('Generating a 1 GB chat dataset with duplicates in the system temp folder…');
		await writeLargeDataset(large, LARGE_BYTES);
		const largeSize = megabytes(fs.statSync(large).size);
		const dedupe = runTool('dedupe', large, path.join(scratch, 'deduped.jsonl'));
		fs.rmSync(path.join(scratch, 'deduped.jsonl'));
		const dedupeOk = dedupe.maxRssMb < MAX_LARGE_RSS_MB;
		console.log(`(b) dedupe ${largeSize.toFixed(0)} MB (${dedupe.examples.toLocaleString('en-US')} examples): ${dedupe.seconds.toFixed(2)} s = ${(largeSize / dedupe.seconds).toFixed(1)} MB/s, peak RSS ${dedupe.maxRssMb.toFixed(0)} MB: ${verdict(dedupeOk)}`);
		const split = runTool('split', large, path.join(scratch, 'train.jsonl'), path.join(scratch, 'valid.jsonl'));
		const splitOk = split.maxRssMb < MAX_LARGE_RSS_MB;
		console.log(`(c) split ${largeSize.toFixed(0)} MB, 10 % for validation: ${split.seconds.toFixed(2)} s = ${(largeSize / split.seconds).toFixed(1)} MB/s, peak RSS ${split.maxRssMb.toFixed(0)} MB: ${verdict(splitOk)}`);
		missed += (dedupeOk ? 0 : 1) + (splitOk ? 0 : 1);
	} finally {
		fs.rmSync(scratch, { recursive: true, force: true });
	}
	console.log(missed === 0 ? 'Every dataset tool is within its target.' : `${missed} dataset tool target(s) missed.`);
	process.exitCode = missed === 0 ? 0 : 1;
}

void main();
