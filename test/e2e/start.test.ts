import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, VIEWPORT } from '../host/browser';
import { PROJECT_ROOT, SCREENSHOT_DIR } from '../host/paths';
import { freePort } from '../host/process';

/** Resolves with the first match of `pattern` in the child's output; rejects if it exits first. */
function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
	return new Promise((resolve, reject) => {
		let output = '';
		const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs / 1000} s; output:\n${output}`)), timeoutMs);
		const onData = (chunk: Buffer): void => {
			output += chunk.toString('utf8');
			const match = output.match(pattern);
			if (match) {
				clearTimeout(timer);
				resolve(match);
			}
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`npm start exited with ${code} before printing a URL; output:\n${output}`));
		});
	});
}

describe('npm start', () => {
	let child: ChildProcess;
	let browser: Browser | undefined;
	let url: string;
	const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'finetune-studio-start-'));

	before(async () => {
		const port = await freePort();
		// The README's command itself, in its own process group so that the test can stop all of it.
		child = spawn('npm', ['start', '--', '--port', String(port), '--state-dir', stateDir], {
			cwd: PROJECT_ROOT,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const match = await waitForOutput(child, /Open: (http:\/\/127\.0\.0\.1:\d+\/\S*)/, 5 * 60_000);
		url = match[1] as string;
	});

	after(async () => {
		await browser?.close();
		if (child.pid !== undefined && child.exitCode === null) {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			process.kill(-child.pid, 'SIGTERM');
			await exited;
		}
		fs.rmSync(stateDir, { recursive: true, force: true });
	});

	it('prints the URL of a workbench that opens the sample workspace with the installed extension active', async () => {
		assert.match(url, /\?folder=/);
		browser = await launchBrowser();
		const page = await browser.newPage({ viewport: VIEWPORT });
		await page.goto(url);
		// A person's path: expand the datasets folder in the explorer and open a dataset.
		await page.getByRole('treeitem', { name: 'datasets' }).click({ timeout: 60_000 });
		await page.getByRole('treeitem', { name: /support-chat\.jsonl/ }).click();
		// The target-model status bar item exists only once the extension has activated.
		await page.locator('.statusbar').getByText('gpt-4o-mini-2024-07-18').waitFor({ timeout: 30_000 });
		// The dataset summary above line 1.
		await page.locator('.codelens-decoration').getByText(/12 examples · \d+ tokens/).waitFor({ timeout: 30_000 });
		fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'npm-start.png') });
	});
});
