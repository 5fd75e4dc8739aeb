import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchBrowser, logIn, VIEWPORT } from './browser';
import { ensureCodeServer, remoteUri, startCodeServer, workbenchUrl } from './codeServer';
import { HARNESS_ENV, RESTRICTED_ENV, type TestResults } from './harnessProtocol';
import { startHarnessServer } from './harnessServer';
import { PROJECT_ROOT, SAMPLE_WORKSPACE, SCREENSHOT_DIR } from './paths';
import { findTestFiles, reloadTopics } from './mochaRun';
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
 * Which integration tests a run opens the workbench for: the main suite; the Restricted Mode tests
 * in an untrusted workspace; or the tests of what survives Reload Window, whose entry reports twice
 * for each of their topics: before it reloads the window and after.
 */
export type IntegrationRun = 'main' | 'restricted' | 'reload';

const RELOAD_TESTS = path.join(PROJECT_ROOT, 'out', 'test', 'integration', 'reload');
const TEST_ENTRIES: Record<IntegrationRun, { readonly entry: string; readonly reports: () => number }> = {
	main: { entry: 'index', reports: () => 1 },
	restricted: { entry: 'index', reports: () => 1 },
	reload: { entry: 'reload/index', reports: () => 2 * reloadTopics(findTestFiles(RELOAD_TESTS)).length },
};

/**
 * Runs integration tests inside VS Code's real extension host: code-server serves the workbench,
 * headless Chromium opens it with the extension under development and the run's compiled test entry.
 */
export async function runIntegrationTests(run: IntegrationRun = 'main'): Promise<TestResults> {
	const restricted = run === 'restricted';
	if (run === 'reload' && reloadTopics(findTestFiles(RELOAD_TESTS)).length === 0) {
		return { passed: 0, failed: 0, failures: [] };
	}
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
				} else if ('click' in step) {
					await page.locator(step.click).first().click({ timeout: 20_000 });
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
		await page.exposeFunction('codeAutomationExit', (code: number) => exitCode(code));
		await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
			fs.appendFileSync(workbenchLog, `[${type}] ${args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')}\n`);
		});
		await logIn(page, server.origin, server.password);
		let total: TestResults = { passed: 0, failed: 0, failures: [] };
		const entry = TEST_ENTRIES[run].entry;
		const reports = TEST_ENTRIES[run].reports();
		const exited = new Promise<number>((resolve) => (exitCode = resolve));
		for (let report = 0; report < reports; report++) {
			const results = harness.nextResults();
			if (report === 0) {
				await page.goto(
					workbenchUrl(server.origin, workspace, [
						['extensionDevelopmentPath', remoteUri(server.origin, PROJECT_ROOT)],
						['extensionTestsPath', remoteUri(server.origin, path.join(PROJECT_ROOT, 'out', 'test', 'integration', ...entry.split('/')))],
						['skipWelcome', 'true'],
					]),
				);
			}
			const outcome = await Promise.race([
				results.then((posted) => ({ kind: 'results' as const, results: posted })),
				exited.then((code) => ({ kind: 'exit' as const, code })),
				server.exited.then((code) => ({ kind: 'server' as const, code })),
				new Promise<{ kind: 'timeout' }>((resolve) => setTimeout(() => resolve({ kind: 'timeout' }), SUITE_TIMEOUT_MS).unref()),
			]);
			if (outcome.kind !== 'results') {
				await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'integration-aborted.png') }).catch(() => undefined);
				const reason =
					outcome.kind === 'exit'
						? `the extension host ended the run with code ${outcome.code} before reporting results`
						: outcome.kind === 'server'
							? `code-server exited with ${outcome.code}`
							: `the suite did not finish within ${SUITE_TIMEOUT_MS / 60_000} minutes`;
				return { passed: total.passed, failed: total.failed + 1, failures: [...total.failures, { title: 'integration suite', error: `${reason}; logs in ${runDir}` }] };
			}
			total = { passed: total.passed + outcome.results.passed, failed: total.failed + outcome.results.failed, failures: [...total.failures, ...outcome.results.failures] };
		}
		keepLogs = total.failed > 0;
		return total;
	} finally {
		await browser.close();
		await server.stop();
		await harness.close();
		if (!keepLogs) {
			fs.rmSync(runDir, { recursive: true, force: true });
		}
	}
}
