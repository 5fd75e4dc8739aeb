import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { HARNESS_ENV } from '../../host/harnessProtocol';
import { findTestFiles, reloadTopics } from '../../host/mochaRun';
import { runTests } from '../index';

/**
 * The entry of the tests of what survives Reload Window, one topic at a time (`chatRestore`, then
 * `reportRestore`): it runs the topic's `*.before` tests, which leave the window in some state, then
 * reloads the window as a person would; VS Code then runs this entry again, in the new extension
 * host, which runs that topic's `*.after` tests and goes on with the next topic. A marker file
 * carries the topic's number across each reload.
 */
export async function run(): Promise<void> {
	// Named after the harness's address: one run's marker, which the next run cannot mistake for its own.
	const marker = path.join(os.tmpdir(), `finetune-studio-reloaded-${new URL(process.env[HARNESS_ENV] ?? 'http://none').port}`);
	const files = findTestFiles(__dirname);
	const topics = reloadTopics(files);
	const testsOf = (topic: string, phase: 'before' | 'after'): string[] => files.filter((file) => path.basename(file) === `${topic}.${phase}.test.js`);
	let round = 0;
	if (fs.existsSync(marker)) {
		round = Number(fs.readFileSync(marker, 'utf8'));
		const last = round + 1 === topics.length;
		if (last) {
			fs.rmSync(marker);
		}
		// Reported either way; a failure must not keep the next topics from their reload.
		const after = runTests(testsOf(topics[round] as string, 'after'));
		if (last) {
			await after;
			return;
		}
		await after.catch(() => undefined);
		round++;
	}
	fs.writeFileSync(marker, String(round));
	await runTests(testsOf(topics[round] as string, 'before')).catch(() => undefined);
	await vscode.commands.executeCommand('workbench.action.reloadWindow');
	// The window goes away with this extension host; settling would end the run as finished.
	await new Promise<never>(() => undefined);
}
