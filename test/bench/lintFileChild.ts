// Lints one file in a fresh process, so that its peak memory is the lint's alone; prints JSON.
import * as path from 'node:path';
import { lintFile } from '../../src/dataset/fileLint';
import { setRankDirectory } from '../../src/dataset/tokens';
import { PROJECT_ROOT } from '../host/paths';

async function main(): Promise<void> {
	const [file, mode] = process.argv.slice(2);
	setRankDirectory(path.join(PROJECT_ROOT, 'dist', 'tokenizer'));
	const started = performance.now();
	const result = await lintFile(file as string, { model: 'gpt-4o-mini-2024-07-18', countTokens: mode !== 'schema', workers: 2 });
	const seconds = (performance.now() - started) / 1000;
	process.stdout.write(
		JSON.stringify({
			seconds,
			// All threads' CPU time: on a shared machine it tells the work done from the waiting.
			cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
			maxRssMb: process.resourceUsage().maxRSS / 1024,
			examples: result.summary.examples,
			findings: result.findings.length,
			tokens: result.summary.tokens.total,
		}),
	);
}

void main();
