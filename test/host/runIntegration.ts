import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchBrowser, logIn, VIEWPORT } from './browser';
import { ensureCodeServer, remoteUri, startCodeServer, workbenchUrl } from './codeServer';
import { HARNESS_ENV, RESTRICTED_ENV, type TestResults } from './harnessProtocol';
import { startHarnessServer } from './harnessServer';
import { PROJECT_ROOT, SAMPLE_WORKSPACE, SCREENSHOT_DIR } from './paths';
import { freePort } from './process';
import { ensureSystemPackages } from './system';
import { WebviewDriver } from './webviewDriver';

/** How long the whole suite may take inside VS Code before it counts as hung. */
const SUITE_TIMEOUT_MS = 15 * 60_000;

/** User settings that keep the workbench quiet and the screenshots about the extension. */
export const TEST_USER_SETTINGS = {
	'workbench.startupEditor': 'none',
	'workbench.tips.enabled': false,
	'telemetry.telemetryLevel': 'off',
	'update.mode': 'none',
	'extensions.autoCheckUpdates': false,
	'extensions.autoUpdate': false,
	'chat.disableAIFeatures': true,
};

/** Writes `settings` as the user settings of a code-server user-data folder. */
export function writeUserSettings(userDataDir: string, settings: object): void {
	fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
	fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, '\t'));
}

/** User settings that open the workspace in Restricted Mode, without the trust prompt. */
const RESTRICTED_USER_SETTINGS = {
	'security.workspace.trust.enabled': true,
	'security.workspace.trust.startupPrompt': 'never',
};

/**
 * Runs the integration suite inside VS Code's real extension host: code-server serves the workbench,
 * headless Chromium opens it with the extension under development and the compiled test index.
 * `restricted`: the workspace is untrusted, and only the Restricted Mode tests run.
 */
export async function runIntegrationTests(restricted = false): Promise<TestResults> {
	await ensureSystemPackages();
	await ensureCodeServer();

	const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'finetune-studio-it-'));
	const workspace = path.join(runDir, 'workspace');
	fs.cpSync(SAMPLE_WORKSPACE, workspace, { recursive: true });
	const userDataDir = path.join(runDir, 'user-data');
	writeUserSettings(userDataDir, restricted ? { ...TEST_USER_SETTINGS, ...RESTRICTED_USER_SETTINGS } : TEST_USER_SETTINGS);
	const workbenchLog = path.join(runDir, 'workbench.log');
	const serverLog = path.join(runDir, 'code-server.log');

	const browser = await launchBrowser();
	const page = await browser.newPage({ viewport: VIEWPORT, permissions: ['clipboard-read', 'clipboard-write'] });
	const webviews = new WebviewDriver(page);
	const harness = await startHarnessServer(SCREENSHOT_DIR, {
		log: (line) => console.log(line),
		screenshot: async (file) => {
			await page.screenshot({ path: file });
			console.log(`    (screenshot: ${path.relative(PROJECT_ROOT, file)})`);
		},
		keyboard: async (steps) => {
			for (const step of steps) {
				if ('waitFor' in step) {
					await page.locator(step.waitFor).first().waitFor({ state: 'visible', timeout: 20_000 });
				} else if ('type' in step) {
					await page.keyboard.type(step.type);
				} else {
					await page.keyboard.press(step.press);
				}
			}
		},
		webview: (request) => webviews.run(request),
		network: () => webviews.network(),
	});
	const port = await freePort();
	const server = await startCodeServer({
		port,
		workspace,
		userDataDir,
		extensionsDir: path.join(runDir, 'extensions'),
		logFile: serverLog,
		workspaceTrust: restricted,
		env: { ...process.env, [HARNESS_ENV]: harness.url, [RESTRICTED_ENV]: restricted ? '1' : '0' },
	});

	// The run's folder (logs, user data) is kept for a look when something failed.
	let keepLogs = true;
	try {
		let exitCode: (code: number) => void = () => undefined;
		const exited = new Promise<number>((resolve) => (exitCode = resolve));
		await page.exposeFunction('codeAutomationExit', (code: number) => exitCode(code));
		await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
			fs.appendFileSync(workbenchLog, `[${type}] ${args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')}\n`);
		});
		await logIn(page, server.origin, server.password);
		await page.goto(
			workbenchUrl(server.origin, workspace, [
				['extensionDevelopmentPath', remoteUri(server.origin, PROJECT_ROOT)],
				['extensionTestsPath', remoteUri(server.origin, path.join(PROJECT_ROOT, 'out', 'test', 'integration', 'index'))],
				['skipWelcome', 'true'],
			]),
		);

		const outcome = await Promise.race([
			harness.results.then((results) => ({ kind: 'results' as const, results })),
			exited.then((code) => ({ kind: 'exit' as const, code })),
			server.exited.then((code) => ({ kind: 'server' as const, code })),
			new Promise<{ kind: 'timeout' }>((resolve) => setTimeout(() => resolve({ kind: 'timeout' }), SUITE_TIMEOUT_MS).unref()),
		]);
		if (outcome.kind === 'results') {
			keepLogs = outcome.results.failed > 0;
			return outcome.results;
		}
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'integration-aborted.png') }).catch(() => undefined);
		const reason =
			outcome.kind === 'exit'
				? `the extension host ended the run with code ${outcome.code} before reporting results`
				: outcome.kind === 'server'
					? `code-server exited with ${outcome.code}`
					: `the suite did not finish within ${SUITE_TIMEOUT_MS / 60_000} minutes`;
		return {
			passed: 0,
			failed: 1,
			failures: [{ title: 'integration suite', error: `${reason}; logs in ${runDir}` }],
		};
	} finally {
		await browser.close();
		await server.stop();
		await harness.close();
		if (!keepLogs) {
			fs.rmSync(runDir, { recursive: true, force: true });
		}
	}
}
