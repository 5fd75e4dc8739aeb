import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { HARNESS_ENV } from '../../host/harnessProtocol';
import { findTestFiles } from '../../host/mochaRun';
import { runTests } from '../index';

/**
 * The entry of the tests of what survives Reload Window. The first time it runs the `*.before`
 * tests, which leave the window in some state, then reloads the window as a person would; VS Code
 * then runs this entry again, in the new extension host, which runs the `*.after` tests.
 */
export async function run(): Promise<void> {
	// Named after the harness's address: one run's marker, which the next run cannot mistake for its own.
	const marker = path.join(os.tmpdir(), `finetune-studio-reloaded-${new URL(process.env[HARNESS_ENV] ?? 'http://none').port}`);
	if (fs.existsSync(marker)) {
		fs.rmSync(marker);
		await runTests(findTestFiles(__dirname).filter((file) => file.endsWith('.after.test.js')));
		return;
	}
	fs.writeFileSync(marker, '');
	await runTests(findTestFiles(__dirname).filter((file) => file.endsWith('.before.test.js')));
	await vscode.commands.executeCommand('workbench.action.reloadWindow');
	// The window goes away with this extension host; settling would end the run as finished.
	await new Promise<never>(() => undefined);
}
