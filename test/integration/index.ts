import * as path from 'node:path';
import * as vscode from 'vscode';
import { RESTRICTED_ENV } from '../host/harnessProtocol';
import { findTestFiles, isSelected, runMocha } from '../host/mochaRun';
import { log, reportResults } from './harness';

/**
 * The entry VS Code's extension host calls for `extensionTestsPath`, in code-server or in desktop
 * VS Code alike. Rejects when a test fails, which ends the run with exit code 1.
 */
export async function run(): Promise<void> {
	const restricted = process.env[RESTRICTED_ENV] === '1';
	// The tests of what survives a reload have an entry of their own, reload/index.
	await runTests(
		findTestFiles(__dirname).filter((file) => {
			const [folder] = path.relative(__dirname, file).split(path.sep);
			return folder !== 'reload' && (folder === 'restricted') === restricted;
		}),
	);
}

/** Runs `files`, narrowed by INTEGRATION_ONLY, and hands the results to the harness. */
export async function runTests(files: readonly string[]): Promise<void> {
	log(`Integration tests in ${vscode.env.appName} ${vscode.version} (host: ${vscode.env.appHost}, ui: ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`);
	const results = await runMocha(files.filter((file) => isSelected(file)), log, 60_000);
	await reportResults(results);
	if (results.failed > 0) {
		throw new Error(`${results.failed} integration test(s) failed`);
	}
}
