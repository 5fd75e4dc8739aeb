// What the test host (outside VS Code) and the tests (inside the extension host) say to each other
// over HTTP on 127.0.0.1: the tests cannot reach the browser, so they ask the host for screenshots
// and hand it their log lines and results.

/** The environment variable that carries the harness's address into the extension host. */
export const HARNESS_ENV = 'FINETUNE_STUDIO_HARNESS';

/**
 * Set to `1` when the suite runs in Restricted Mode (an untrusted workspace): the host then runs
 * only the tests in `test/integration/restricted/`, and the normal run leaves them out.
 */
export const RESTRICTED_ENV = 'FINETUNE_STUDIO_RESTRICTED';

/** POST /log */
export interface LogRequest {
	readonly lines: readonly string[];
}

/** POST /screenshot → ScreenshotResponse */
export interface ScreenshotRequest {
	/** A file name without extension: letters, digits, `-` and `_`. */
	readonly name: string;
}

export interface ScreenshotResponse {
	readonly path: string;
}

/**
 * POST /keyboard: types into the workbench as a person would, e.g. to answer a quick pick; each
 * step is text to type, a key to press (Playwright key names: "Enter", "Escape", "ArrowDown"), a
 * CSS selector to wait for until it is visible (e.g. the quick pick, `.quick-input-widget`), or one
 * to click (a notification's button: the keyboard reaches only the newest notification's).
 */
export interface KeyboardRequest {
	readonly steps: readonly ({ readonly type: string } | { readonly press: string } | { readonly waitFor: string } | { readonly click: string })[];
}

/** A test that failed, as the harness reports it. */
export interface TestFailure {
	readonly title: string;
	readonly error: string;
}

/** POST /results, and what each suite adds to the final summary. */
export interface TestResults {
	readonly passed: number;
	readonly failed: number;
	readonly failures: readonly TestFailure[];
}

/**
 * POST /webview → WebviewResponse: acts in a webview's page (the frame whose document title is
 * `title`) as a person would, through Playwright: click, fill or press on a CSS selector, wait for
 * one (`state` defaults to visible), or evaluate an expression in the page and get its JSON value.
 * Steps run in order; each `evaluate` adds its value to `values`.
 */
export interface WebviewRequest {
	readonly title: string;
	readonly steps: readonly WebviewStep[];
}

export type WebviewStep =
	| { readonly click: string }
	| { readonly fill: string; readonly text: string }
	| { readonly press: string; readonly on?: string }
	| { readonly waitFor: string; readonly state?: 'visible' | 'hidden' | 'attached' | 'detached' }
	| { readonly evaluate: string };

export interface WebviewResponse {
	readonly values: readonly unknown[];
}

/**
 * POST /network → NetworkResponse: what the browser did since the last call (the first call
 * answers since the page opened): every request it made, by URL, and every message it logged
 * about a Content Security Policy violation. For tests that assert nothing leaves and nothing runs.
 */
export interface NetworkResponse {
	readonly requests: readonly string[];
	readonly cspViolations: readonly string[];
}
