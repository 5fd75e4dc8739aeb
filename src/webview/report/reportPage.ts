// The report page: listens to the host, draws each report it sends, and tells the host what it drew.
import type { DatasetReport } from '../../dataset/report';
import { isToWebview, type FromWebview, type ReportViewState, type ToWebview } from '../../report/protocol';
import { element, withIcon } from '../dom';
import { themeKind } from '../theme';
import type { VsCodeApi } from '../vscodeApi';
import type { HistogramChart } from './histogramChart';
import { percent } from './figures';
import { renderDuplicates, renderExtremes, renderFigures, renderHeader, renderHistogram, renderMessagesPerExample, renderRoles, renderSystemPrompts, type ReportActions } from './reportView';

type ReportMessage = Extract<ToWebview, { type: 'report' }>;

/** `text` ending as a sentence does, whether or not the host ended it. */
function sentence(text: string): string {
	const trimmed = text.trim();
	return trimmed === '' || /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * Runs the report page in `app`: posts `ready`, then draws each `report`, shows `progress` and
 * `detached`, and posts `rendered` once each report's histogram is painted (again after a theme
 * change). `createChart` draws the histogram into the element it is given.
 */
export function startReportPage(app: HTMLElement, vscode: VsCodeApi<FromWebview, ReportViewState>, createChart: (host: HTMLElement) => HistogramChart): void {
	const post = (message: FromWebview): void => vscode.postMessage(message);
	const actions: ReportActions = {
		revealLine: (line) => post({ type: 'reveal-line', line }),
		changeModel: () => post({ type: 'change-model' }),
	};
	// A report redrawn on each change of the file would be read out whole each time; the notes below speak for themselves.
	app.removeAttribute('aria-live');

	const header = element('header', 'report-header');
	const progress = element('div', 'progress');
	progress.hidden = true;
	const progressLabel = element('span', 'progress-label');
	const progressBar = element('div', 'progress-bar');
	progressBar.setAttribute('role', 'progressbar');
	progressBar.setAttribute('aria-label', 'Computing the report');
	progressBar.setAttribute('aria-valuemin', '0');
	progressBar.setAttribute('aria-valuemax', '100');
	const progressFill = element('span', 'progress-fill');
	progressBar.append(progressFill);
	progress.append(progressLabel, progressBar);
	const detached = withIcon('debug-disconnect', element('p', 'detached'));
	detached.setAttribute('role', 'status');
	detached.hidden = true;
	const detachedText = element('span', '');
	detached.append(detachedText);
	const waiting = element('p', 'waiting', 'Computing the report…');
	waiting.setAttribute('role', 'status');
	const content = element('div', 'report');
	const chartHost = element('div', 'chart');
	const chart = createChart(chartHost);
	app.append(header, progress, detached, waiting, content);

	let current: ReportMessage | undefined;

	/** The focused control as a key that finds the same control in a redrawn report: its part, kind and name. */
	const controlKey = (control: Element): string => `${control.closest('section, header')?.className ?? ''}|${control.tagName}|${control.getAttribute('aria-label') ?? control.textContent ?? ''}`;
	/** Puts keyboard focus back where it was before a redraw, when the report still has that control. */
	function keepFocus(redraw: () => void): void {
		const focused = document.activeElement && app.contains(document.activeElement) ? controlKey(document.activeElement) : undefined;
		redraw();
		if (focused !== undefined) {
			[...app.querySelectorAll<HTMLElement>('button, summary')].find((control) => controlKey(control) === focused)?.focus();
		}
	}

	/** Draws the histogram of the current report, then tells the host what it drew and how long since `started`. */
	function drawChart(report: DatasetReport, revision: number, started: number): void {
		const rendered = (bars: number): void => post({ type: 'rendered', revision, bars, renderMs: performance.now() - started, theme: themeKind() });
		if (report.tokenHistogram.every((bin) => bin.examples === 0)) {
			chart.clear();
			chartHost.append(element('p', 'empty', 'No examples to chart.'));
			rendered(0);
			return;
		}
		chart.draw(report, rendered);
	}

	function showReport(message: ReportMessage): void {
		const started = performance.now();
		current = message;
		vscode.setState({ uri: message.uri });
		const { report } = message;
		// A table of the bars opened stays open as the report follows the file.
		const binsOpen = content.querySelector<HTMLDetailsElement>('details.bins')?.open ?? false;
		waiting.remove();
		progress.hidden = true;
		detached.hidden = true;
		const pair = (...parts: HTMLElement[]): HTMLElement => {
			const row = element('div', 'pair');
			row.append(...parts);
			return row;
		};
		keepFocus(() => {
			header.replaceChildren(...renderHeader(message.file, report, actions));
			content.replaceChildren(
				renderFigures(report),
				renderHistogram(report, chartHost),
				pair(renderMessagesPerExample(report), renderRoles(report)),
				renderSystemPrompts(report, actions),
				renderDuplicates(report, actions),
				pair(...renderExtremes(report, actions)),
			);
		});
		const bins = content.querySelector<HTMLDetailsElement>('details.bins');
		if (bins) {
			bins.open = binsOpen;
		}
		drawChart(report, message.revision, started);
	}

	function showProgress(message: Extract<ToWebview, { type: 'progress' }>): void {
		if (!current) {
			vscode.setState({ uri: message.uri });
			header.replaceChildren(element('h1', 'file', message.file));
		}
		const done = Math.min(1, Math.max(0, message.done));
		progress.hidden = false;
		progressLabel.textContent = `Reading ${message.file}… ${percent(done, 1)}`;
		progressBar.setAttribute('aria-valuenow', String(Math.round(done * 100)));
		progressFill.style.setProperty('--share', String(done));
	}

	window.addEventListener('message', (event: MessageEvent<unknown>) => {
		const message = event.data;
		if (!isToWebview(message)) {
			return;
		}
		switch (message.type) {
			case 'report':
				showReport(message);
				break;
			case 'progress':
				showProgress(message);
				break;
			case 'detached':
				progress.hidden = true;
				waiting.remove();
				detachedText.textContent = `${sentence(message.reason)} The report no longer follows the file.`;
				detached.hidden = false;
				break;
		}
	});

	// VS Code swaps the body's theme class and its colour variables when the theme changes: redraw in the new colours.
	new MutationObserver(() => {
		if (current) {
			drawChart(current.report, current.revision, performance.now());
		}
	}).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });

	post({ type: 'ready' });
}
