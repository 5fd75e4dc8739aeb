import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { JSDOM } from 'jsdom';
import type { DatasetReport } from '../../src/dataset/report';
import type { FromWebview, ReportViewState, ToWebview } from '../../src/report/protocol';
import { XSS_MARKER_ATTRIBUTE, XSS_PAYLOADS } from '../fixtures/xssPayloads';
import { PROJECT_ROOT } from '../host/paths';

/** The page's `startReportPage`, as the bundle exposes it (the webview sources compile against the DOM, not this project's node types). */
interface ReportPageModule {
	startReportPage(app: HTMLElement, vscode: { postMessage(message: FromWebview): void; getState(): ReportViewState | undefined; setState(state: ReportViewState): void }, createChart: (host: HTMLElement) => { draw(report: DatasetReport, drawn: (bars: number) => void): void; clear(): void }): void;
}

let bundle: string | undefined;

/** src/webview/report/reportPage.ts bundled as the webview bundles it, built once; the uPlot chart is left out (jsdom has no canvas) and a fake one stands in. */
function reportPageBundle(): string {
	bundle ??= esbuild.buildSync({
		entryPoints: [path.join(PROJECT_ROOT, 'src', 'webview', 'report', 'reportPage.ts')],
		bundle: true,
		write: false,
		format: 'iife',
		globalName: 'reportPageModule',
		platform: 'browser',
		target: 'es2022',
		mainFields: ['module', 'main'],
	}).outputFiles[0]?.text;
	return bundle ?? '';
}

/** A report page in jsdom, scripts running (a script that got through would run and leave its mark), with what it posts and what the fake chart was asked. */
function reportPage() {
	const dom = new JSDOM('<!doctype html><html><body data-vscode-theme-kind="vscode-dark" class="vscode-dark"><main id="app" aria-live="polite"></main></body></html>', { runScripts: 'dangerously' });
	const script = dom.window.document.createElement('script');
	script.textContent = reportPageBundle();
	dom.window.document.head.append(script);
	const module = (dom.window as unknown as { reportPageModule: ReportPageModule }).reportPageModule;
	const posted: FromWebview[] = [];
	const states: ReportViewState[] = [];
	const draws: DatasetReport[] = [];
	let waiter: { type: FromWebview['type']; resolve: (message: FromWebview) => void } | undefined;
	const app = dom.window.document.getElementById('app') as HTMLElement;
	module.startReportPage(
		app,
		{
			// Copied as postMessage copies: what the host would receive, as plain objects of this realm.
			postMessage: (sent) => {
				const message = JSON.parse(JSON.stringify(sent)) as FromWebview;
				posted.push(message);
				if (waiter?.type === message.type) {
					waiter.resolve(message);
					waiter = undefined;
				}
			},
			getState: () => states[states.length - 1],
			setState: (state) => states.push(JSON.parse(JSON.stringify(state)) as ReportViewState),
		},
		(host) => ({
			draw: (report, drawn) => {
				draws.push(report);
				host.replaceChildren(dom.window.document.createElement('canvas'));
				drawn(report.tokenHistogram.filter((bin) => bin.examples > 0).length);
			},
			clear: () => host.replaceChildren(),
		}),
	);
	const send = (message: ToWebview): void => {
		dom.window.dispatchEvent(new dom.window.MessageEvent('message', { data: message }));
	};
	/** The next message of this type the page posts. */
	const next = (type: FromWebview['type']): Promise<FromWebview> => new Promise((resolve) => (waiter = { type, resolve }));
	const text = (selector: string): string => dom.window.document.querySelector(selector)?.textContent ?? '';
	const all = (selector: string): HTMLElement[] => [...dom.window.document.querySelectorAll<HTMLElement>(selector)];
	return { dom, app, posted, states, draws, send, next, text, all };
}

const REPORT: DatasetReport = {
	summary: {
		model: 'gpt-4.1-mini-2025-04-14',
		format: 'chat',
		examples: 12,
		tokens: { total: 6000, min: 40, mean: 500, p95: 1800, max: 70_000 },
		estimate: { epochs: 8, billedTokens: 48_000, pricePerMillionTokens: 5, costUsd: 0.24 },
		errors: 1,
		warnings: 2,
	},
	lines: 13,
	contextTokens: 65_536,
	tokenHistogram: [
		{ from: 0, to: 20_000, examples: 9 },
		{ from: 20_000, to: 40_000, examples: 0 },
		{ from: 40_000, to: 60_000, examples: 2 },
		{ from: 60_000, to: 80_000, examples: 1 },
	],
	overLimit: 1,
	messagesPerExample: [
		{ messages: 2, examples: 3 },
		{ messages: 3, examples: 9 },
	],
	roles: [
		{ role: 'user', messages: 12, examples: 12 },
		{ role: 'assistant', messages: 12, examples: 12 },
		{ role: 'system', messages: 9, examples: 9 },
	],
	assistantTokens: 2400,
	systemPrompts: [
		{ text: 'You are Ada, the support assistant of Lumen Lamps.', truncated: false, examples: 7, firstLine: 0 },
		{ text: '<img src=x onerror=alert(1)> Answer briefly', truncated: true, examples: 2, firstLine: 4 },
	],
	withoutSystemPrompt: 3,
	duplicateGroups: [{ examples: 23, lines: Array.from({ length: 20 }, (_, index) => index + 100), preview: 'How do I reset my lamp?' }],
	duplicateExamples: 22,
	longest: [{ line: 11, tokens: 70_000, preview: 'Summarise this manual' }],
	shortest: [{ line: 2, tokens: 40, preview: 'Hi' }],
};

/** A dataset with no examples: no bins, no roles, nothing to point at. */
const EMPTY: DatasetReport = {
	summary: { model: '', examples: 0, tokens: { total: 0, min: 0, mean: 0, p95: 0, max: 0 }, estimate: { epochs: 3, billedTokens: 0, priceUnknown: true }, errors: 0, warnings: 0 },
	lines: 0,
	contextTokens: 65_536,
	tokenHistogram: [],
	overLimit: 0,
	messagesPerExample: [],
	roles: [],
	assistantTokens: 0,
	systemPrompts: [],
	withoutSystemPrompt: 0,
	duplicateGroups: [],
	duplicateExamples: 0,
	longest: [],
	shortest: [],
};

/** One example of 42 tokens. */
const ONE: DatasetReport = {
	...EMPTY,
	summary: { model: 'gpt-4o-mini-2024-07-18', format: 'chat', examples: 1, tokens: { total: 42, min: 42, mean: 42, p95: 42, max: 42 }, estimate: { epochs: 25, billedTokens: 1050 }, errors: 0, warnings: 0 },
	lines: 1,
	tokenHistogram: [{ from: 0, to: 43, examples: 1 }],
	messagesPerExample: [{ messages: 2, examples: 1 }],
	roles: [
		{ role: 'user', messages: 1, examples: 1 },
		{ role: 'assistant', messages: 1, examples: 1 },
	],
	assistantTokens: 20,
	withoutSystemPrompt: 1,
	longest: [{ line: 0, tokens: 42, preview: '' }],
	shortest: [{ line: 0, tokens: 42, preview: '' }],
};

const report = (revision: number, data: DatasetReport, file = 'data/train.jsonl'): ToWebview => ({ type: 'report', revision, uri: `file:///work/${file}`, file, report: data });

describe('dataset report webview (jsdom)', () => {
	it('posts ready first and nothing else until the host speaks', () => {
		const page = reportPage();
		assert.deepEqual(page.posted, [{ type: 'ready' }]);
		assert.equal(page.text('.waiting'), 'Computing the report…');
		assert.equal(page.app.getAttribute('aria-live'), null, 'a redrawn report is not read out whole');
	});

	it('draws the header and the key figures, keeps the URI for the serializer and reports what it drew', () => {
		const page = reportPage();
		page.send(report(7, REPORT));
		assert.equal(page.text('h1'), 'data/train.jsonl');
		assert.equal(page.text('.model-name'), 'gpt-4.1-mini-2025-04-14');
		assert.deepEqual(page.all('.facts li').map((item) => item.textContent), ['chat (messages)', '12 examples', '13 lines', '1 error, 2 warnings']);
		const cards = Object.fromEntries(page.all('.card').map((card) => [card.querySelector('.card-label')?.textContent, card.querySelector('.card-value')?.textContent]));
		assert.deepEqual(cards, {
			Examples: '12',
			'Total tokens': '6,000',
			'Mean tokens': '500',
			'p95 tokens': '1,800',
			'Max tokens': '70,000',
			'Default epochs': '8',
			'Billed tokens': '48,000',
			'Estimated cost': '$0.24',
			'Assistant tokens': '40%',
		});
		assert.ok(page.all('.card.over').length === 1, 'the max over the limit stands out');
		const meter = page.dom.window.document.querySelector('[role="meter"]') as HTMLElement;
		assert.equal(meter.getAttribute('aria-valuenow'), '40');
		assert.equal((meter.firstElementChild as HTMLElement).style.getPropertyValue('--share'), '0.4');
		assert.deepEqual(page.states, [{ uri: 'file:///work/data/train.jsonl' }]);
		assert.equal(page.draws.length, 1);
		const rendered = page.posted[1];
		assert.ok(rendered?.type === 'rendered');
		assert.equal(rendered.revision, 7);
		assert.equal(rendered.bars, 3, 'the empty bin is no bar');
		assert.equal(rendered.theme, 'vscode-dark');
		assert.ok(rendered.renderMs >= 0);
	});

	it('says in words what the histogram shows, and lists its bars', () => {
		const page = reportPage();
		page.send(report(1, REPORT));
		assert.match(page.text('.verdict'), /^1 example is longer than the model's training context of 65,536 tokens/);
		assert.match(page.all('.chart')[0]?.getAttribute('aria-label') ?? '', /limit at 65,536 tokens/);
		assert.deepEqual(
			page.all('.bins tbody tr').map((row) => row.textContent),
			['0–20,000 tokens9', '40,000–60,000 tokens2', '60,000–80,000 tokens1'],
		);
	});

	it('shows messages per example, roles, system prompts, duplicates and extremes', () => {
		const page = reportPage();
		page.send(report(1, REPORT));
		assert.deepEqual((page.all('.messages tbody tr') as HTMLTableRowElement[]).map((row) => [...row.cells].slice(0, 2).map((cell) => cell.textContent)), [['2', '3'], ['3', '9']]);
		assert.deepEqual((page.all('.roles tbody tr') as HTMLTableRowElement[]).map((row) => [...row.cells].map((cell) => cell.textContent)), [
			['user', '12', '12 (100%)'],
			['assistant', '12', '12 (100%)'],
			['system', '9', '9 (75%)'],
		]);
		const widths = page.all('.messages .bar').map((bar) => bar.style.getPropertyValue('--share'));
		assert.deepEqual(widths, [String(3 / 9), '1']);
		assert.deepEqual(page.all('.prompt-count').map((count) => count.textContent), ['7 examples (58%)', '2 examples (17%)']);
		assert.equal(page.all('.prompt .cut').length, 1, 'the cut prompt is marked');
		assert.equal(page.text('.without-system'), '3 examples without a system prompt (25%).');
		assert.equal(page.text('.duplicate-summary'), '22 examples repeat an earlier one: a dedupe would drop them.');
		assert.equal(page.all('.group .line-link').length, 20);
		assert.equal(page.text('.group .more'), '+3 more');
		assert.deepEqual(page.all('.longest tbody tr').map((row) => row.textContent), ['70,000Summarise this manualline 12']);
		assert.equal(page.all('.longest .tokens.over').length, 1);
		assert.deepEqual(page.all('.shortest tbody tr').map((row) => row.textContent), ['40Hiline 3']);
	});

	it('posts reveal-line with the zero-based line from every line link, each a button named for its line', () => {
		const page = reportPage();
		page.send(report(1, REPORT));
		const links = page.all('.line-link') as HTMLButtonElement[];
		assert.equal(links.length, 2 + 20 + 1 + 1);
		for (const link of links) {
			assert.equal(link.tagName, 'BUTTON');
			assert.equal(link.type, 'button');
			assert.match(link.getAttribute('aria-label') ?? '', /^Show line \d+ in the editor$/);
		}
		const posted = page.posted.length;
		for (const link of links) {
			link.click();
		}
		const lines = page.posted.slice(posted).map((message) => (message.type === 'reveal-line' ? message.line : -1));
		assert.deepEqual(lines, [0, 4, ...Array.from({ length: 20 }, (_, index) => index + 100), 11, 2]);
		assert.deepEqual(links.slice(0, 2).map((link) => link.textContent), ['line 1', 'line 5']);
	});

	it('posts change-model from its button', () => {
		const page = reportPage();
		page.send(report(1, REPORT));
		(page.dom.window.document.querySelector('.change-model') as HTMLButtonElement).click();
		assert.deepEqual(page.posted[page.posted.length - 1], { type: 'change-model' });
	});

	it('shows dataset text as text: a system prompt of HTML stays readable and nothing of it runs or loads', () => {
		const page = reportPage();
		page.send(report(1, REPORT));
		assert.equal(page.all('.prompt-text')[1]?.firstChild?.textContent, '<img src=x onerror=alert(1)> Answer briefly');
		assert.equal(page.dom.window.document.querySelector('img'), null);
	});

	it('puts every XSS payload of the corpus in as text, wherever dataset text goes', () => {
		const page = reportPage();
		for (const payload of XSS_PAYLOADS) {
			const text = payload.markdown;
			page.send(
				report(
					1,
					{
						...REPORT,
						summary: { ...REPORT.summary, model: text },
						roles: [{ role: text, messages: 1, examples: 1 }],
						systemPrompts: [{ text, truncated: false, examples: 1, firstLine: 0 }],
						duplicateGroups: [{ examples: 2, lines: [0, 1], preview: text }],
						longest: [{ line: 0, tokens: 1, preview: text }],
						shortest: [{ line: 0, tokens: 1, preview: text }],
					},
					text,
				),
			);
			const document = page.dom.window.document;
			assert.equal(document.documentElement.getAttribute(XSS_MARKER_ATTRIBUTE), null, payload.name);
			assert.equal(document.querySelectorAll('img, script:not(head script), svg, iframe, object, embed, a, style, link, form, math').length, 0, payload.name);
			for (const selector of ['h1', '.model-name', '.role', '.prompt-text', '.group .preview', '.longest .preview', '.shortest .preview']) {
				assert.equal(document.querySelector(selector)?.firstChild?.textContent, text.trim() === '' ? '(no text)' : text, `${payload.name} in ${selector}`);
			}
		}
	});

	it('shows progress while the first report is computed, and hides it when the report comes', () => {
		const page = reportPage();
		page.send({ type: 'progress', uri: 'file:///work/big.jsonl', file: 'big.jsonl', done: 0.25 });
		const bar = page.dom.window.document.querySelector('[role="progressbar"]') as HTMLElement;
		assert.equal((page.dom.window.document.querySelector('.progress') as HTMLElement).hidden, false);
		assert.equal(bar.getAttribute('aria-valuenow'), '25');
		assert.equal(page.text('.progress-label'), 'Reading big.jsonl… 25%');
		assert.equal(page.text('h1'), 'big.jsonl');
		assert.deepEqual(page.states, [{ uri: 'file:///work/big.jsonl' }], 'a reload during the first build reopens the same file');
		page.send(report(1, REPORT, 'big.jsonl'));
		assert.equal((page.dom.window.document.querySelector('.progress') as HTMLElement).hidden, true);
		assert.equal(page.all('.waiting').length, 0);
	});

	it('marks a detached report, and follows again when a new report comes', () => {
		const page = reportPage();
		page.send(report(1, REPORT));
		page.send({ type: 'detached', reason: 'The file was closed' });
		const note = page.dom.window.document.querySelector('.detached') as HTMLElement;
		assert.equal(note.hidden, false);
		assert.equal(note.getAttribute('role'), 'status');
		assert.equal(note.textContent, 'The file was closed. The report no longer follows the file.');
		assert.equal(page.text('h1'), 'data/train.jsonl', 'the report stays');
		page.send(report(2, REPORT));
		assert.equal(note.hidden, true);
	});

	it('keeps the table of the bars open as the report follows the file', () => {
		const page = reportPage();
		page.send(report(1, REPORT));
		(page.dom.window.document.querySelector('details.bins') as HTMLDetailsElement).open = true;
		page.send(report(2, REPORT));
		assert.equal((page.dom.window.document.querySelector('details.bins') as HTMLDetailsElement).open, true);
	});

	it('keeps keyboard focus on the same control when the report is drawn again', () => {
		const page = reportPage();
		page.send(report(1, REPORT));
		const link = page.all('.shortest .line-link')[0] as HTMLButtonElement;
		link.focus();
		page.send(report(2, REPORT));
		const focused = page.dom.window.document.activeElement as HTMLElement;
		assert.notEqual(focused, link, 'the report was drawn anew');
		assert.ok(focused.closest('.shortest'));
		assert.equal(focused.getAttribute('aria-label'), 'Show line 3 in the editor');
		(page.dom.window.document.querySelector('.change-model') as HTMLButtonElement).focus();
		page.send(report(3, REPORT));
		assert.ok(page.dom.window.document.activeElement?.classList.contains('change-model'));
	});

	it('says a file detached before its first report, without still promising the report', () => {
		const page = reportPage();
		page.send({ type: 'progress', uri: 'file:///work/big.jsonl', file: 'big.jsonl', done: 0.5 });
		page.send({ type: 'detached', reason: 'The file is no longer a dataset.' });
		assert.equal(page.text('.detached'), 'The file is no longer a dataset. The report no longer follows the file.');
		assert.equal(page.all('.waiting').length, 0);
		assert.equal((page.dom.window.document.querySelector('.progress') as HTMLElement).hidden, true);
	});

	it('draws an empty dataset without a chart, NaN or a broken figure', () => {
		const page = reportPage();
		page.send(report(3, EMPTY, 'empty.jsonl'));
		const text = page.app.textContent ?? '';
		assert.doesNotMatch(text, /NaN|undefined|Infinity/);
		assert.equal(page.draws.length, 0);
		assert.equal(page.text('.chart'), 'No examples to chart.');
		assert.deepEqual(page.posted[1], { type: 'rendered', revision: 3, bars: 0, renderMs: (page.posted[1] as { renderMs: number }).renderMs, theme: 'vscode-dark' });
		assert.equal(page.text('.model-name'), 'none set');
		assert.equal(page.text('.format'), 'no format detected');
		assert.equal(page.text('.card.cost .card-value'), 'unknown');
		assert.equal(page.text('.card.assistant-share .card-value'), '–');
		assert.equal(page.dom.window.document.querySelector('[role="meter"]')?.getAttribute('aria-valuenow'), '0');
		assert.equal(page.all('details.bins').length, 0, 'no table of no bars');
		assert.deepEqual(page.all('.empty').map((note) => note.textContent), ['No examples to chart.', 'No examples.', 'No messages.', 'No examples.', 'No duplicates.', 'No examples.', 'No examples.']);
	});

	it('draws a one-example dataset: one bar, its only line linked', () => {
		const page = reportPage();
		page.send(report(1, ONE, 'one.jsonl'));
		assert.doesNotMatch(page.app.textContent ?? '', /NaN|undefined|Infinity/);
		assert.equal(page.draws.length, 1);
		assert.equal((page.posted[1] as { bars: number }).bars, 1);
		assert.equal(page.text('.card.cost .card-value'), 'billed by time');
		assert.equal(page.text('.verdict'), "Every example fits the model's training context of 65,536 tokens.");
		assert.deepEqual(page.all('.longest .preview').map((preview) => preview.textContent), ['(no text)']);
	});

	it('redraws the chart on a theme change and reports the revision again with the new theme', async () => {
		const page = reportPage();
		page.send(report(5, REPORT));
		const rendered = page.next('rendered');
		page.dom.window.document.body.className = 'vscode-high-contrast';
		page.dom.window.document.body.dataset['vscodeThemeKind'] = 'vscode-high-contrast';
		const message = await rendered;
		assert.ok(message.type === 'rendered');
		assert.equal(message.revision, 5);
		assert.equal(message.theme, 'vscode-high-contrast');
		assert.equal(page.draws.length, 2);
	});

	it('ignores messages that are not the protocol', () => {
		const page = reportPage();
		page.dom.window.dispatchEvent(new page.dom.window.MessageEvent('message', { data: { type: 'unknown' } }));
		page.dom.window.dispatchEvent(new page.dom.window.MessageEvent('message', { data: '<b>hi</b>' }));
		assert.deepEqual(page.posted, [{ type: 'ready' }]);
	});
});

/**
 * Stand-ins for what jsdom lacks and uPlot uses: a 2D context that records the text drawn and the
 * colour of each fill, Path2D, matchMedia and ResizeObserver. Run in the page, before the bundle.
 */
const CANVAS_STUB = `
window.matchMedia = () => ({ matches: false, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {} });
window.Path2D = class { rect() {} moveTo() {} lineTo() {} closePath() {} arc() {} addPath() {} bezierCurveTo() {} quadraticCurveTo() {} arcTo() {} };
window.ResizeObserver = class { observe() {} disconnect() {} };
window.canvasCalls = { text: [], fills: [] };
HTMLCanvasElement.prototype.getContext = function () {
	const canvas = this;
	return new Proxy({}, {
		get(state, name) {
			switch (name) {
				case 'canvas': return canvas;
				case 'measureText': return (text) => ({ width: String(text).length * 6, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 });
				case 'fillText': return (text) => window.canvasCalls.text.push(String(text));
				case 'fill': return () => window.canvasCalls.fills.push(state.fillStyle);
			}
			return name in state ? state[name] : () => {};
		},
		set(state, name, value) { state[name] = value; return true; },
	});
};`;

/** The chart's module with uPlot, as the webview bundles it (its stylesheet aside). */
interface HistogramModule {
	createHistogramChart(host: HTMLElement): { draw(report: Pick<DatasetReport, 'tokenHistogram' | 'contextTokens' | 'overLimit'>, drawn: (bars: number) => void): void; clear(): void };
}

let chartBundle: string | undefined;

function chartPage() {
	chartBundle ??= esbuild.buildSync({
		entryPoints: [path.join(PROJECT_ROOT, 'src', 'webview', 'report', 'histogramChart.ts')],
		bundle: true,
		write: false,
		format: 'iife',
		globalName: 'histogramModule',
		platform: 'browser',
		target: 'es2022',
		loader: { '.css': 'empty' },
	}).outputFiles[0]?.text;
	const dom = new JSDOM('<!doctype html><html><head><style>body { --vscode-charts-blue: #0000ff; --vscode-charts-red: #ff0000; }</style></head><body><div id="chart"></div></body></html>', { runScripts: 'dangerously' });
	for (const code of [CANVAS_STUB, chartBundle ?? '']) {
		const script = dom.window.document.createElement('script');
		script.textContent = code;
		dom.window.document.head.append(script);
	}
	const host = dom.window.document.getElementById('chart') as HTMLElement;
	const chart = (dom.window as unknown as { histogramModule: HistogramModule }).histogramModule.createHistogramChart(host);
	const calls = (dom.window as unknown as { canvasCalls: { text: string[]; fills: string[] } }).canvasCalls;
	/** Draws `report` and resolves with the bars the chart says it painted. */
	const draw = (report: Pick<DatasetReport, 'tokenHistogram' | 'contextTokens' | 'overLimit'>): Promise<number> => new Promise((resolve) => chart.draw(report, resolve));
	return { dom, host, chart, calls, draw };
}

describe('dataset report histogram (uPlot in jsdom, canvas stubbed)', () => {
	const bins = [
		{ from: 0, to: 50, examples: 3 },
		{ from: 50, to: 100, examples: 0 },
		{ from: 100, to: 150, examples: 2 },
	];

	it('paints a bar for each bin with examples, past the limit in the theme red, and marks the limit with how many are over', async () => {
		const page = chartPage();
		assert.equal(await page.draw({ tokenHistogram: bins, contextTokens: 100, overLimit: 2 }), 2);
		assert.ok(page.calls.text.includes('limit 100'), page.calls.text.join(' | '));
		assert.ok(page.calls.text.includes('2 over'));
		assert.ok(page.calls.text.includes('tokens per example') && page.calls.text.includes('examples'), 'both axes are labelled');
		assert.ok(page.calls.fills.includes('#0000ff') && page.calls.fills.includes('#ff0000'), page.calls.fills.join(' | '));
	});

	it('points at a limit far past the bars from the right edge rather than shrinking them', async () => {
		const page = chartPage();
		await page.draw({ tokenHistogram: bins, contextTokens: 65_536, overLimit: 0 });
		assert.ok(page.calls.text.includes('limit 65,536 →'), page.calls.text.join(' | '));
		assert.ok(page.calls.text.includes('0 over'));
		assert.ok(!page.calls.fills.includes('#ff0000'), 'no bar is past the limit');
	});

	it('draws anew in place of the last chart, and clears', async () => {
		const page = chartPage();
		await page.draw({ tokenHistogram: bins, contextTokens: 100, overLimit: 2 });
		assert.equal(await page.draw({ tokenHistogram: [{ from: 0, to: 43, examples: 1 }], contextTokens: 100, overLimit: 0 }), 1);
		assert.equal(page.host.querySelectorAll('.uplot').length, 1);
		page.chart.clear();
		assert.equal(page.host.children.length, 0);
	});
});
