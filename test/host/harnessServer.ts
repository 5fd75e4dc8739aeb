import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { KeyboardRequest, LogRequest, NetworkResponse, ScreenshotRequest, ScreenshotResponse, TestResults, WebviewRequest, WebviewResponse } from './harnessProtocol';

export interface HarnessHandlers {
	log(line: string): void;
	screenshot(file: string): Promise<void>;
	keyboard(steps: KeyboardRequest['steps']): Promise<void>;
	webview(request: WebviewRequest): Promise<WebviewResponse>;
	network(): NetworkResponse;
}

/** The harness's HTTP side: receives log lines, results and screenshot requests from the tests. */
export interface HarnessServer {
	readonly url: string;
	/** Settles when the tests next post their results (a run across a reload posts once per page). */
	nextResults(): Promise<TestResults>;
	close(): Promise<void>;
}

const SCREENSHOT_NAME = /^[A-Za-z0-9_-]{1,80}$/;

export async function startHarnessServer(screenshotDir: string, handlers: HarnessHandlers): Promise<HarnessServer> {
	let deliverResults: (results: TestResults) => void = () => undefined;
	const awaitResults = (): Promise<TestResults> => new Promise<TestResults>((resolve) => (deliverResults = resolve));
	let results = awaitResults();

	const server = http.createServer((request, response) => {
		void handle(request)
			.then((body) => {
				response.writeHead(200, { 'content-type': 'application/json' });
				response.end(JSON.stringify(body ?? {}));
			})
			.catch((error: unknown) => {
				response.writeHead(400, { 'content-type': 'application/json' });
				response.end(JSON.stringify({ error: String(error) }));
			});
	});

	async function handle(request: http.IncomingMessage): Promise<unknown> {
		const chunks: Buffer[] = [];
		for await (const chunk of request) {
			chunks.push(chunk as Buffer);
		}
		const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
		switch (request.url) {
			case '/log':
				for (const line of (body as LogRequest).lines) {
					handlers.log(line);
				}
				return undefined;
			case '/screenshot': {
				const { name } = body as ScreenshotRequest;
				if (!SCREENSHOT_NAME.test(name)) {
					throw new Error(`bad screenshot name '${name}'`);
				}
				fs.mkdirSync(screenshotDir, { recursive: true });
				const file = path.join(screenshotDir, `${name}.png`);
				await handlers.screenshot(file);
				return { path: file } satisfies ScreenshotResponse;
			}
			case '/keyboard':
				await handlers.keyboard((body as KeyboardRequest).steps);
				return undefined;
			case '/webview':
				return handlers.webview(body as WebviewRequest);
			case '/network':
				return handlers.network();
			case '/results': {
				const deliver = deliverResults;
				results = awaitResults();
				deliver(body as TestResults);
				return undefined;
			}
			default:
				throw new Error(`unknown route ${request.url}`);
		}
	}

	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		nextResults: () => results,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
