// The "adversarial inputs" section of `npm run bench`: each hostile shape at 1 MB and 10 MB, linted
// through the command line's path (lintFile) in a child process of its own, beside a normal chat
// dataset of the same size linted in the same run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ADVERSARIAL_CASES, writeAdversarialDataset } from './adversarial';
import { writeChatDataset } from './datasetGenerator';

/** The target: an adversarial file lints within this many times the normal file's time… */
const MAX_TIME_RATIO = 3;
/** …and under this peak RSS. */
const MAX_RSS_MB = 600;
/** A case still running after this long is stopped and reported as such. */
const CHILD_TIMEOUT_MS = 120_000;
const SIZES_MB = [1, 10];

export interface ChildResult {
	readonly seconds: number;
	readonly cpuSeconds: number;
	readonly maxRssMb: number;
	readonly examples: number;
	readonly findings: number;
	readonly tokens: number;
}

/** Lints `file` in a fresh process (so that peak RSS is this lint's alone); undefined when it fails or times out. */
export function lintInChild(file: string, mode: 'full' | 'schema', timeoutMs?: number): ChildResult | { readonly failure: string } {
	const child = spawnSync(process.execPath, [path.join(__dirname, 'lintFileChild.js'), file, mode], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: timeoutMs });
	if (child.error || child.status !== 0) {
		const timedOut = child.signal === 'SIGTERM' && timeoutMs !== undefined;
		return { failure: timedOut ? `> ${timeoutMs / 1000} s` : `failed (${child.signal ?? `exit ${child.status}`}): ${child.stderr.split('\n').find((line) => line.trim() !== '') ?? ''}` };
	}
	return JSON.parse(child.stdout) as ChildResult;
}

function cell(text: string, width: number): string {
	return text.padEnd(width);
}

export async function adversarialBench(dir: string): Promise<void> {
	console.log(`\nAdversarial inputs (lintFile in a child process each; target: within ${MAX_TIME_RATIO}× the normal file's time and under ${MAX_RSS_MB} MB peak RSS)`);
	console.log('(time is wall-clock; CPU is all threads\' CPU time, which tells the work done from waiting for a busy machine)');
	const header = ['case', 'size', 'time', 'CPU', 'RSS', 'findings', 'normal time', 'normal CPU', 'normal RSS', 'ratio', ''];
	const widths = [26, 9, 9, 9, 9, 10, 12, 11, 11, 7, 0];
	console.log(header.map((text, index) => cell(text, widths[index] as number)).join(''));
	let beyond = 0;
	for (const sizeMb of SIZES_MB) {
		const bytes = sizeMb * 1024 * 1024;
		const normalFile = path.join(dir, `normal-${sizeMb}mb.jsonl`);
		if (!fs.existsSync(normalFile)) {
			await writeChatDataset(normalFile, bytes, 5);
		}
		const normal = lintInChild(normalFile, 'full');
		if ('failure' in normal) {
			throw new Error(`the normal ${sizeMb} MB file failed to lint: ${normal.failure}`);
		}
		for (const adversarial of ADVERSARIAL_CASES) {
			const file = path.join(dir, `adversarial-${adversarial.name.replace(/\W+/g, '-')}-${sizeMb}mb.jsonl`);
			if (!fs.existsSync(file)) {
				writeAdversarialDataset(file, adversarial, bytes);
			}
			const size = `${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB`;
			const result = lintInChild(file, 'full', CHILD_TIMEOUT_MS);
			const row =
				'failure' in result
					? [adversarial.name, size, result.failure, '', '', '', `${normal.seconds.toFixed(2)} s`, `${normal.cpuSeconds.toFixed(2)} s`, `${normal.maxRssMb.toFixed(0)} MB`, '', 'BEYOND TARGET']
					: [
							adversarial.name,
							size,
							`${result.seconds.toFixed(2)} s`,
							`${result.cpuSeconds.toFixed(2)} s`,
							`${result.maxRssMb.toFixed(0)} MB`,
							String(result.findings),
							`${normal.seconds.toFixed(2)} s`,
							`${normal.cpuSeconds.toFixed(2)} s`,
							`${normal.maxRssMb.toFixed(0)} MB`,
							`${(result.seconds / normal.seconds).toFixed(1)}×`,
							result.seconds > MAX_TIME_RATIO * normal.seconds || result.maxRssMb > MAX_RSS_MB ? 'BEYOND TARGET' : 'ok',
						];
			beyond += row.at(-1) === 'ok' ? 0 : 1;
			console.log(row.map((text, index) => cell(text, widths[index] as number)).join(''));
		}
	}
	console.log(beyond === 0 ? 'Every adversarial case is within the target.' : `${beyond} adversarial case(s) beyond the target.`);
}
