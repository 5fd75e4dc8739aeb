import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM } from './system';

// Without the background-networking flags Chromium keeps dialling Google's hosts, which this
// offline machine refuses, many at a time.
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
];

/** Headless Debian Chromium, driven by Playwright. */
export async function launchBrowser(): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** The window size every screenshot is taken at. */
export const VIEWPORT = { width: 1440, height: 900 } as const;

/** Signs in to code-server with its password, as a person does on its login page; the session cookie then opens any workbench URL. */
export async function logIn(page: Page, origin: string, password: string): Promise<void> {
	await page.goto(`${origin}/login`);
	await page.locator('input[type=password]').fill(password);
	await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.locator('input[type=submit]').click()]);
}
