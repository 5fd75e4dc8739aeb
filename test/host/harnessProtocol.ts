// What the test host (outside VS Code) and the tests (inside the extension host) say to each other
// over HTTP on 127.0.0.1: the tests cannot reach the browser, so they ask the host for screenshots
// and hand it their log lines and results.

/** The environment variable that carries the harness's address into the extension host. */
export const HARNESS_ENV = 'FINETUNE_STUDIO_HARNESS';

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
