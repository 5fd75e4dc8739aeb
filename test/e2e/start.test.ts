import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, logIn, VIEWPORT } from '../host/browser';
import { CACHE_ROOT, PROJECT_ROOT, SCREENSHOT_DIR } from '../host/paths';
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
	let password: string;
	let output = '';
	// Inside the clone, as the default state dir is: VS Code's Git then finds the clone's repository.
	fs.mkdirSync(CACHE_ROOT, { recursive: true });
	const stateDir = fs.mkdtempSync(path.join(CACHE_ROOT, 'e2e-start-'));

	before(async () => {
		const port = await freePort();
		// The README's command itself, in its own process group so that the test can stop all of it.
		child = spawn('npm', ['start', '--', '--port', String(port), '--state-dir', stateDir], {
			cwd: PROJECT_ROOT,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
		const match = await waitForOutput(child, /Open: (http:\/\/127\.0\.0\.1:\d+\/\S*)\nPassword: (\S+)/, 5 * 60_000);
		url = match[1] as string;
		password = match[2] as string;
	});

	after(async () => {
		await browser?.close();
		if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			process.kill(-child.pid, 'SIGTERM');
			await exited;
		}
		fs.rmSync(stateDir, { recursive: true, force: true });
	});

	it('asks for the password it prints: without it the workbench stays closed', async () => {
		const response = await fetch(url, { redirect: 'manual' });
		assert.equal(response.status, 302);
		assert.match(response.headers.get('location') ?? '', /login/);
		assert.ok(password.length >= 20, 'a long random password');
	});

	it('prints the URL of a workbench that opens the sample workspace with the installed extension active', async () => {
		assert.match(url, /\?folder=/);
		browser = await launchBrowser();
		const page = await browser.newPage({ viewport: VIEWPORT });
		await logIn(page, new URL(url).origin, password);
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
		// The served workspace is inside the clone; VS Code's Git must not offer to open the clone.
		const settings = JSON.parse(fs.readFileSync(path.join(stateDir, 'user-data', 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
		assert.equal(settings['git.openRepositoryInParentFolders'], 'never');
		assert.equal(await page.getByText(/A git repository was found in the parent folders/).count(), 0);
	});

	it('stops on Ctrl+C and says "Stopped.", not that code-server failed', async () => {
		const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
		// What a terminal does on Ctrl+C: SIGINT to the whole foreground process group.
		process.kill(-(child.pid as number), 'SIGINT');
		await exited;
		assert.match(output, /^Stopped\.$/m);
		assert.doesNotMatch(output, /code-server stopped/);
	});
});
