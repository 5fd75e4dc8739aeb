import { chromium, type Browser } from 'playwright-core';
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
