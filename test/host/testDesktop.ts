import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { PROJECT_ROOT, SAMPLE_WORKSPACE } from './paths';
import { TEST_USER_SETTINGS, writeUserSettings } from './runIntegration';

/**
 * `npm run test:desktop`: the same integration suite in desktop VS Code, which @vscode/test-electron
 * downloads into `.vscode-test/` (needs the internet and a display).
 */
async function main(): Promise<void> {
	const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'finetune-studio-desktop-'));
	const workspace = path.join(runDir, 'workspace');
	fs.cpSync(SAMPLE_WORKSPACE, workspace, { recursive: true });
	const userDataDir = path.join(runDir, 'user-data');
	writeUserSettings(userDataDir, TEST_USER_SETTINGS);
	await runTests({
		version: '1.100.3',
		extensionDevelopmentPath: PROJECT_ROOT,
		extensionTestsPath: path.join(PROJECT_ROOT, 'out', 'test', 'integration', 'index'),
		launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', `--user-data-dir=${userDataDir}`],
	});
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
