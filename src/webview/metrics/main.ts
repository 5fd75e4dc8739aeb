import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { isToWebview, type DrawnCurves, type FromWebview, type JobCurves, type MetricsViewState } from '../../metrics/protocol';
import { alignSeries, SERIES, smooth, type SeriesKey } from '../../tracking/metricsSeries';
import { button } from '../dom';
import { cssVar, themeKind } from '../theme';
import { vscodeApi } from '../vscodeApi';

const vscode = vscodeApi<FromWebview, MetricsViewState>();
let state: MetricsViewState = vscode.getState() ?? { jobs: [], smoothing: 0 };
let jobs: readonly JobCurves[] = [];
let revision = 0;
let plot: uPlot | undefined;

// Each curve has a theme colour; each job overlaid a dash pattern, so that a curve reads as "which
// metric" by colour and "which job" by line.
const COLORS: Record<SeriesKey, string> = {
	train_loss: '--vscode-charts-blue',
	train_accuracy: '--vscode-charts-green',
	valid_loss: '--vscode-charts-orange',
	valid_accuracy: '--vscode-charts-purple',
	full_valid_loss: '--vscode-charts-red',
};
const DASHES: number[][] = [[], [8, 4], [2, 3], [12, 4, 2, 4]];

const app = document.getElementById('app') as HTMLElement;
const jobList = document.createElement('ul');
jobList.className = 'jobs';
jobList.setAttribute('aria-label', 'Jobs shown');
const smoothing = document.createElement('input');
smoothing.type = 'range';
smoothing.id = 'smoothing';
smoothing.min = '0';
smoothing.max = '0.99';
smoothing.step = '0.01';
smoothing.value = String(state.smoothing);
const smoothingValue = document.createElement('output');
smoothingValue.htmlFor.add('smoothing');
smoothingValue.textContent = state.smoothing.toFixed(2);
const smoothingLabel = document.createElement('label');
smoothingLabel.htmlFor = 'smoothing';
smoothingLabel.textContent = 'Smoothing';
smoothing.addEventListener('input', () => {
	state = { ...state, smoothing: Number(smoothing.value) };
	smoothingValue.textContent = state.smoothing.toFixed(2);
	vscode.setState(state);
	draw();
});
const status = document.createElement('p');
status.className = 'status';
status.setAttribute('role', 'status');
const chart = document.createElement('div');
chart.className = 'chart';
const hint = document.createElement('p');
hint.className = 'hint';
hint.textContent = 'Drag across the chart to zoom, double-click to reset; the legend reads out the values under the pointer.';

const toolbar = document.createElement('div');
toolbar.className = 'toolbar';
toolbar.setAttribute('role', 'toolbar');
toolbar.setAttribute('aria-label', 'Chart');
const smoothingGroup = document.createElement('span');
smoothingGroup.className = 'smoothing';
smoothingGroup.append(smoothingLabel, smoothing, smoothingValue);
toolbar.append(
	button('Add Job…', () => vscode.postMessage({ type: 'add-job' }), 'Add a job of the same connection to compare'),
	smoothingGroup,
	button('Zoom In', () => zoom(0.5)),
	button('Zoom Out', () => zoom(2)),
	button('Reset Zoom', () => zoom(Infinity)),
	button('Export PNG…', exportPng),
	button('Export CSV…', () => vscode.postMessage({ type: 'export-csv' })),
);
app.append(jobList, toolbar, status, chart, hint);

/** Narrows (factor < 1) or widens the x range around its middle, within the steps drawn. */
function zoom(factor: number): void {
	const steps = plot?.data[0];
	if (!plot || !steps || steps.length === 0) {
		return;
	}
	const first = steps[0] as number;
	const last = steps[steps.length - 1] as number;
	const { min = first, max = last } = plot.scales['x'] ?? {};
	const middle = (min + max) / 2;
	const half = Math.max(((max - min) / 2) * factor, 1);
	plot.setScale('x', { min: Math.max(first, middle - half), max: Math.min(last, middle + half) });
}

function renderJobList(): void {
	jobList.replaceChildren(
		...jobs.map((job, index) => {
			const item = document.createElement('li');
			const swatch = document.createElement('span');
			swatch.className = `dash dash-${index % DASHES.length}`;
			swatch.setAttribute('aria-hidden', 'true');
			const name = document.createElement('span');
			name.className = 'name';
			name.textContent = job.label;
			name.title = job.jobId;
			const detail = document.createElement('span');
			detail.className = 'detail';
			detail.textContent = `${job.status.replace(/_/g, ' ')} · ${job.source === 'result-file' ? 'result file' : 'live from events'}`;
			item.append(swatch, name, detail);
			if (jobs.length > 1) {
				item.append(button('×', () => vscode.postMessage({ type: 'remove-job', job: { connection: job.connection, jobId: job.jobId } }), `Remove ${job.label}`));
			}
			return item;
		}),
	);
	const errors = jobs.filter((job) => job.error).map((job) => `${job.label}: ${job.error}`);
	status.textContent = errors.join(' · ');
}

/** Draws the checkpoint steps as dashed vertical lines across the plot, labelled at the top. */
function drawCheckpoints(u: uPlot): void {
	const { ctx } = u;
	const { left, top, width, height } = u.bbox;
	const color = cssVar('--vscode-charts-yellow', '#cca700');
	ctx.save();
	ctx.strokeStyle = color;
	ctx.fillStyle = color;
	ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
	ctx.lineWidth = devicePixelRatio;
	ctx.font = `${10 * devicePixelRatio}px ${cssVar('--vscode-font-family', 'sans-serif')}`;
	ctx.textAlign = 'center';
	for (const step of new Set(jobs.flatMap((job) => job.checkpoints))) {
		const x = u.valToPos(step, 'x', true);
		if (x < left || x > left + width) {
			continue;
		}
		ctx.beginPath();
		ctx.moveTo(x, top);
		ctx.lineTo(x, top + height);
		ctx.stroke();
		ctx.fillText('◆', x, top + 10 * devicePixelRatio);
	}
	ctx.restore();
}

/** Builds the chart anew from `jobs` in the current theme and smoothing, and reports what it drew. */
function draw(): void {
	const started = performance.now();
	renderJobList();
	plot?.destroy();
	plot = undefined;
	const aligned = alignSeries(jobs.map((job) => job.series));
	const drawnCurves: Record<string, DrawnCurves> = {};
	const data: (number | null)[][] = [aligned.steps];
	const series: uPlot.Series[] = [{ label: 'step' }];
	jobs.forEach((job, jobIndex) => {
		const drawn = {} as Record<SeriesKey, { points: number; sum: number }>;
		SERIES.forEach(({ key, label, axis }, keyIndex) => {
			const column = aligned.columns[jobIndex]?.[keyIndex] ?? [];
			const present = column.filter((value): value is number => value !== null);
			drawn[key] = { points: present.length, sum: present.reduce((sum, value) => sum + value, 0) };
			if (present.length === 0) {
				return;
			}
			// Full validation runs once an epoch: points on a line, never smoothed.
			const sparse = key === 'full_valid_loss';
			data.push(sparse ? column : smooth(column, state.smoothing));
			series.push({
				label: jobs.length > 1 ? `${job.label} · ${label}` : label,
				scale: axis,
				stroke: cssVar(COLORS[key], '#888'),
				width: sparse ? 2 : 1.5,
				dash: (DASHES[jobIndex % DASHES.length] as number[]).map((length) => length * devicePixelRatio),
				spanGaps: true,
				points: { show: sparse, size: 7 },
				value: (_u, value) => (value === null || value === undefined ? '–' : value.toFixed(4)),
			});
		});
		drawnCurves[job.jobId] = drawn;
	});
	if (series.length === 1) {
		chart.replaceChildren();
		const empty = document.createElement('p');
		empty.className = 'empty';
		empty.textContent = jobs.length === 0 ? 'No job to show.' : 'No metrics yet: the curves appear as the job trains.';
		chart.append(empty);
		report(drawnCurves, 0, started);
		return;
	}
	chart.replaceChildren();
	const foreground = cssVar('--vscode-foreground', '#888');
	// The panel border is the theme's quiet line colour: a grid that stays behind the curves in light and dark.
	const grid = cssVar('--vscode-panel-border', 'rgba(128,128,128,0.35)');
	const font = `${cssVar('--vscode-font-size', '13px')} ${cssVar('--vscode-font-family', 'sans-serif')}`;
	const axis = (label: string, scale: string, side: 0 | 1 | 2 | 3, showGrid: boolean): uPlot.Axis => ({
		scale,
		side,
		label,
		stroke: foreground,
		font,
		labelFont: font,
		grid: { show: showGrid, stroke: grid, width: 1 },
		ticks: { stroke: grid, width: 1 },
	});
	let first = true;
	plot = new uPlot(
		{
			width: Math.max(chart.clientWidth, 320),
			height: chartHeight(),
			series,
			scales: { x: { time: false }, accuracy: { range: [0, 1] } },
			axes: [axis('step', 'x', 2, true), axis('loss', 'loss', 3, true), axis('token accuracy', 'accuracy', 1, false)],
			cursor: { drag: { x: true, y: false, setScale: true } },
			legend: { live: true },
			hooks: {
				draw: [
					(u) => {
						drawCheckpoints(u);
						if (first) {
							first = false;
							report(drawnCurves, jobs.reduce((count, job) => count + job.checkpoints.length, 0), started);
						}
					},
				],
			},
		},
		data as uPlot.AlignedData,
		chart,
	);
}

function chartHeight(): number {
	return Math.max(240, Math.round(window.innerHeight - chart.getBoundingClientRect().top - 96));
}

function report(drawn: Record<string, DrawnCurves>, checkpoints: number, started: number): void {
	vscode.postMessage({ type: 'rendered', revision, jobs: drawn, checkpoints, renderMs: performance.now() - started, theme: themeKind() });
}

/** The chart on the editor's background, with its legend above it: what a PNG of it should look like. */
function exportPng(): void {
	if (!plot) {
		return;
	}
	const source = plot.ctx.canvas;
	const ratio = devicePixelRatio;
	const labels = plot.series.slice(1).map((entry) => ({ label: String(entry.label ?? ''), color: typeof entry.stroke === 'function' ? '#888' : String(entry.stroke ?? '#888') }));
	const rowHeight = 20 * ratio;
	const output = document.createElement('canvas');
	output.width = source.width;
	output.height = source.height + rowHeight * labels.length + 8 * ratio;
	const context = output.getContext('2d');
	if (!context) {
		return;
	}
	context.fillStyle = cssVar('--vscode-editor-background', '#fff');
	context.fillRect(0, 0, output.width, output.height);
	context.font = `${12 * ratio}px ${cssVar('--vscode-font-family', 'sans-serif')}`;
	context.textBaseline = 'middle';
	labels.forEach(({ label, color }, index) => {
		const y = 4 * ratio + rowHeight * index + rowHeight / 2;
		context.fillStyle = color;
		context.fillRect(8 * ratio, y - 2 * ratio, 16 * ratio, 4 * ratio);
		context.fillStyle = cssVar('--vscode-foreground', '#000');
		context.fillText(label, 30 * ratio, y);
	});
	context.drawImage(source, 0, rowHeight * labels.length + 8 * ratio);
	vscode.postMessage({ type: 'export-png', dataUrl: output.toDataURL('image/png') });
}

new ResizeObserver(() => plot?.setSize({ width: Math.max(chart.clientWidth, 320), height: chartHeight() })).observe(chart);
// VS Code swaps the body's theme class and its colour variables when the theme changes: redraw in the new colours.
new MutationObserver(() => draw()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

window.addEventListener('message', (event: MessageEvent<unknown>) => {
	if (!isToWebview(event.data)) {
		return;
	}
	jobs = event.data.jobs;
	revision = event.data.revision;
	state = { ...state, jobs: jobs.map(({ connection, jobId }) => ({ connection, jobId })) };
	vscode.setState(state);
	draw();
});

vscode.postMessage({ type: 'ready' });
