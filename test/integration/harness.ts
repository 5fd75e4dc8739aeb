import { HARNESS_ENV, type KeyboardRequest, type NetworkResponse, type ScreenshotResponse, type TestResults, type WebviewStep, type WebviewResponse } from '../host/harnessProtocol';

const harnessUrl = process.env[HARNESS_ENV];

async function post<T>(route: string, body: unknown): Promise<T> {
	const response = await fetch(`${harnessUrl}${route}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	if (!response.ok) {
		throw new Error(`harness ${route} answered ${response.status}: ${await response.text()}`);
	}
	return (await response.json()) as T;
}

let pendingLog: Promise<unknown> = Promise.resolve();

/** Writes a line where the person running the tests sees it, in order. */
export function log(line: string): void {
	if (harnessUrl === undefined) {
		console.log(line);
		return;
	}
	pendingLog = pendingLog.then(() => post('/log', { lines: [line] })).catch((error: unknown) => console.error(error));
}

/**
 * Saves a screenshot of the whole workbench as `.vscode-test/screenshots/<name>.png` and returns its
 * path; undefined where no harness runs (desktop VS Code through @vscode/test-electron).
 */
export async function screenshot(name: string): Promise<string | undefined> {
	if (harnessUrl === undefined) {
		return undefined;
	}
	await pendingLog;
	return (await post<ScreenshotResponse>('/screenshot', { name })).path;
}

/**
 * Types into the workbench through the browser, as a person would: the way tests answer real quick
 * picks and input boxes. Throws where no harness runs (desktop VS Code), since nothing could type.
 */
export async function keyboard(...steps: KeyboardRequest['steps']): Promise<void> {
	if (harnessUrl === undefined) {
		throw new Error('typing into the workbench needs the code-server harness');
	}
	await pendingLog;
	await post('/keyboard', { steps });
}

/**
 * Acts in the webview titled `title` as a person would (click, fill, press, wait) and reads its DOM
 * (`evaluate`: an expression whose JSON value comes back, in order, one per evaluate step).
 */
export async function webview(title: string, ...steps: WebviewStep[]): Promise<unknown[]> {
	if (harnessUrl === undefined) {
		throw new Error('reading a webview needs the code-server harness');
	}
	await pendingLog;
	return (await post<WebviewResponse>('/webview', { title, steps })).values as unknown[];
}

/** Every request the browser made, and every CSP violation it logged, since the last call. */
export async function network(): Promise<NetworkResponse> {
	if (harnessUrl === undefined) {
		throw new Error('watching the browser needs the code-server harness');
	}
	return post<NetworkResponse>('/network', {});
}

/** Hands the results to the harness once every log line has arrived. */
export async function reportResults(results: TestResults): Promise<void> {
	await pendingLog;
	if (harnessUrl !== undefined) {
		await post('/results', results);
	}
}
