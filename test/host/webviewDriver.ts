import type { Frame, Page } from 'playwright-core';
import type { NetworkResponse, WebviewRequest, WebviewResponse } from './harnessProtocol';

const STEP_TIMEOUT_MS = 20_000;

/** Acts in webviews and watches what the page sends and refuses, for the tests' /webview and /network. */
export class WebviewDriver {
	private requests: string[] = [];
	private cspViolations: string[] = [];

	constructor(private readonly page: Page) {
		page.context().on('request', (request) => this.requests.push(request.url()));
		page.on('console', (message) => {
			if (/Content Security Policy/i.test(message.text())) {
				this.cspViolations.push(message.text());
			}
		});
	}

	network(): NetworkResponse {
		const seen = { requests: this.requests, cspViolations: this.cspViolations };
		this.requests = [];
		this.cspViolations = [];
		return seen;
	}

	async run(request: WebviewRequest): Promise<WebviewResponse> {
		const frame = await this.frameTitled(request.title);
		const values: unknown[] = [];
		for (const step of request.steps) {
			if ('evaluate' in step) {
				values.push(await frame.evaluate(step.evaluate));
			} else if ('click' in step) {
				await frame.locator(step.click).first().click({ timeout: STEP_TIMEOUT_MS });
			} else if ('fill' in step) {
				await frame.locator(step.fill).first().fill(step.text, { timeout: STEP_TIMEOUT_MS });
			} else if ('press' in step) {
				await (step.on ? frame.locator(step.on).first().press(step.press, { timeout: STEP_TIMEOUT_MS }) : this.page.keyboard.press(step.press));
			} else {
				await frame.locator(step.waitFor).first().waitFor({ state: step.state ?? 'visible', timeout: STEP_TIMEOUT_MS });
			}
		}
		return { values };
	}

	/** The webview's inner page: VS Code nests it in two frames, and only its title is ours. */
	private async frameTitled(title: string): Promise<Frame> {
		const deadline = Date.now() + STEP_TIMEOUT_MS;
		for (;;) {
			for (const frame of this.page.frames()) {
				if ((await frame.title().catch(() => '')) === title) {
					return frame;
				}
			}
			if (Date.now() > deadline) {
				throw new Error(`no webview titled '${title}' is open`);
			}
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}
}
