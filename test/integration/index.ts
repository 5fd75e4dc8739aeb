import * as path from 'node:path';
import * as vscode from 'vscode';
import { RESTRICTED_ENV } from '../host/harnessProtocol';
import { findTestFiles, runMocha } from '../host/mochaRun';
import { log, reportResults } from './harness';

/**
 * The entry VS Code's extension host calls for `extensionTestsPath`, in code-server or in desktop
 * VS Code alike. Rejects when a test fails, which ends the run with exit code 1.
 */
export async function run(): Promise<void> {
	log(`Integration tests in ${vscode.env.appName} ${vscode.version} (host: ${vscode.env.appHost}, ui: ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`);
	const restricted = process.env[RESTRICTED_ENV] === '1';
	// INTEGRATION_ONLY (parts of file names, separated by commas) narrows the run while one works on one feature.
	const only = process.env.INTEGRATION_ONLY?.split(',').filter(Boolean);
	const files = findTestFiles(path.join(__dirname))
		.filter((file) => path.relative(__dirname, file).startsWith(`restricted${path.sep}`) === restricted)
		.filter((file) => !only?.length || only.some((part) => path.basename(file).includes(part)));
	const results = await runMocha(files, log, 60_000);
	await reportResults(results);
	if (results.failed > 0) {
		throw new Error(`${results.failed} integration test(s) failed`);
	}
}
