import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import type { TestFailure, TestResults } from './harnessProtocol';

const { EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

/** Every `*.test.js` below `dir`, sorted so that runs are repeatable. */
export function findTestFiles(dir: string): string[] {
	return fs
		.readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.filter((file) => file.endsWith('.test.js'))
		.map((file) => path.join(dir, file))
		.sort();
}

/**
 * The topics of the reload tests among `files` (`chatRestore` for `chatRestore.before.test.js`), the
 * selected ones, sorted: each gets a reload of its own, so that one restored webview loads at a time.
 */
export function reloadTopics(files: readonly string[]): string[] {
	return files
		.filter((file) => file.endsWith('.before.test.js') && isSelected(file))
		.map((file) => path.basename(file, '.before.test.js'))
		.sort();
}

/** INTEGRATION_ONLY (parts of file names, separated by commas) narrows a run while one works on one feature. */
export function isSelected(file: string, only = process.env.INTEGRATION_ONLY): boolean {
	const parts = only?.split(',').filter(Boolean);
	return !parts?.length || parts.some((part) => path.basename(file).includes(part));
}

/**
 * Runs mocha over `files` and reports in spec style through `writeLine`, which may be the console
 * or the harness; resolves with the counts and failures instead of exiting.
 */
export async function runMocha(files: readonly string[], writeLine: (line: string) => void, timeoutMs: number): Promise<TestResults> {
	const failures: TestFailure[] = [];
	let passed = 0;

	class LineReporter extends Mocha.reporters.Base {
		constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
			super(runner, options);
			let depth = 0;
			const indent = (): string => '  '.repeat(depth);
			runner.on(EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
				if (suite.title) {
					writeLine(`${indent()}${suite.title}`);
					depth++;
				}
			});
			runner.on(EVENT_SUITE_END, (suite: Mocha.Suite) => {
				if (suite.title) {
					depth--;
				}
			});
			runner.on(EVENT_TEST_PASS, (test: Mocha.Test) => {
				passed++;
				writeLine(`${indent()}✓ ${test.title} (${test.duration ?? 0} ms)`);
			});
			runner.on(EVENT_TEST_PENDING, (test: Mocha.Test) => writeLine(`${indent()}- ${test.title} (skipped)`));
			runner.on(EVENT_TEST_FAIL, (test: Mocha.Test, error: Error) => {
				const detail = error.stack ?? String(error);
				failures.push({ title: test.fullTitle(), error: detail });
				writeLine(`${indent()}✗ ${test.title}`);
				writeLine(detail.replace(/^/gm, `${indent()}    `));
			});
		}
	}

	const mocha = new Mocha({ ui: 'bdd', timeout: timeoutMs, color: false, reporter: LineReporter });
	for (const file of files) {
		mocha.addFile(file);
	}
	await new Promise<void>((resolve) => mocha.run(() => resolve()));
	return { passed, failed: failures.length, failures };
}
