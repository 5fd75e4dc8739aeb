import * as path from 'node:path';
import type { TestResults } from './harnessProtocol';
import { findTestFiles, runMocha } from './mochaRun';
import { PROJECT_ROOT } from './paths';
import { runIntegrationTests } from './runIntegration';

const OUT_TEST = path.join(PROJECT_ROOT, 'out', 'test');

interface Suite {
	readonly name: string;
	run(): Promise<TestResults>;
}

const SUITES: readonly Suite[] = [
	{ name: 'unit', run: () => runMocha(findTestFiles(path.join(OUT_TEST, 'unit')), (line) => console.log(line), 10_000) },
	{ name: 'integration (VS Code extension host)', run: () => runIntegrationTests() },
	{ name: 'integration in Restricted Mode (an untrusted workspace)', run: () => runIntegrationTests('restricted') },
	{ name: 'integration across a reload of the window', run: () => runIntegrationTests('reload') },
	{ name: 'end to end (npm start, packaging)', run: () => runMocha(findTestFiles(path.join(OUT_TEST, 'e2e')), (line) => console.log(line), 10 * 60_000) },
];

/** Runs the suites in order and ends with the one summary line CI reads: `N passed, N failed`. */
async function main(): Promise<void> {
	const unitOnly = process.argv.includes('--unit');
	const integrationOnly = process.argv.includes('--integration');
	let passed = 0;
	const failures: string[] = [];
	for (const suite of unitOnly ? SUITES.slice(0, 1) : integrationOnly ? SUITES.slice(1, 4) : SUITES) {
		console.log(`\n=== ${suite.name} ===\n`);
		let results: TestResults;
		try {
			results = await suite.run();
		} catch (error) {
			results = { passed: 0, failed: 1, failures: [{ title: `${suite.name} suite`, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }] };
		}
		passed += results.passed;
		failures.push(...results.failures.map((failure) => `${suite.name}: ${failure.title}\n${failure.error.replace(/^/gm, '    ')}`));
	}
	if (failures.length > 0) {
		console.log(`\nFailures:\n${failures.map((failure, index) => `${index + 1}) ${failure}`).join('\n')}`);
	}
	console.log(`\n${passed} passed, ${failures.length} failed`);
	process.exitCode = failures.length > 0 ? 1 : 0;
}

// Exit explicitly: a handle a test leaked must not keep CI waiting after the summary.
void main().finally(() => process.exit());
