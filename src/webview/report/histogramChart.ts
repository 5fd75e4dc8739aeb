// The histogram of tokens per example, drawn with uPlot (the metrics chart's library): a bar per
// bin, the bins past the model's training context in another colour, and the limit as a line.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { DatasetReport } from '../../dataset/report';
import { cssVar } from '../theme';
import { binRange, count } from './figures';

/** Draws the histogram of a report; the page asks again with each report and on a theme change. */
export interface HistogramChart {
	/** Draws `report`'s histogram in place of what was drawn; `drawn` hears once how many bars were painted. */
	draw(report: DatasetReport, drawn: (bars: number) => void): void;
	/** Removes the chart (a report with nothing to chart). */
	clear(): void;
}

const HEIGHT = 280;
/** Past how much of the chart's width the limit may lie and still be drawn where it is: further out, the bars would shrink to a sliver. */
const LIMIT_REACH = 1.25;
/** Whole-number steps for both axes: neither tokens nor examples come in fractions. */
const STEPS = Array.from({ length: 10 }, (_, power) => [1, 2, 5].map((step) => step * 10 ** power)).flat();

export function createHistogramChart(host: HTMLElement): HistogramChart {
	let plot: uPlot | undefined;
	const width = (): number => Math.max(host.clientWidth, 320);
	new ResizeObserver(() => plot?.setSize({ width: width(), height: HEIGHT })).observe(host);

	function clear(): void {
		plot?.destroy();
		plot = undefined;
		host.replaceChildren();
	}

	function draw(report: DatasetReport, drawn: (bars: number) => void): void {
		clear();
		const bins = report.tokenHistogram;
		const limit = report.contextTokens;
		const first = bins[0]?.from ?? 0;
		const end = bins[bins.length - 1]?.to ?? 1;
		const limitShown = limit <= end * LIMIT_REACH;
		const underColor = cssVar('--vscode-charts-blue', '#3794ff');
		const overColor = cssVar('--vscode-charts-red', '#f14c4c');
		const foreground = cssVar('--vscode-foreground', '#888');
		// The panel border is the theme's quiet line colour: a grid that stays behind the bars in light and dark.
		const grid = cssVar('--vscode-panel-border', 'rgba(128,128,128,0.35)');
		const fontFamily = cssVar('--vscode-font-family', 'sans-serif');
		const font = `${cssVar('--vscode-font-size', '13px')} ${fontFamily}`;
		const colors = bins.map((bin) => (bin.from >= limit ? overColor : underColor));
		let painted = 0;
		let reported = false;

		/** The limit as a dashed line with "limit N" and how many examples lie past it; an arrow at the right edge when it lies far beyond the bars. */
		const drawLimit = (u: uPlot): void => {
			const { ctx } = u;
			const { left, top, width: plotWidth, height } = u.bbox;
			const ratio = devicePixelRatio;
			const x = limitShown ? Math.round(u.valToPos(limit, 'x', true)) : left + plotWidth;
			ctx.save();
			ctx.strokeStyle = overColor;
			ctx.fillStyle = overColor;
			ctx.lineWidth = 1.5 * ratio;
			ctx.font = `${12 * ratio}px ${fontFamily}`;
			ctx.textBaseline = 'top';
			if (limitShown) {
				ctx.setLineDash([5 * ratio, 4 * ratio]);
				ctx.beginPath();
				ctx.moveTo(x, top);
				ctx.lineTo(x, top + height);
				ctx.stroke();
			}
			// The label goes on the side with room.
			const onLeft = x > left + plotWidth * 0.7;
			ctx.textAlign = onLeft ? 'right' : 'left';
			const textX = x + (onLeft ? -6 : 6) * ratio;
			ctx.fillText(limitShown ? `limit ${count(limit)}` : `limit ${count(limit)} →`, textX, top + 4 * ratio);
			ctx.fillText(`${count(report.overLimit)} over`, textX, top + 20 * ratio);
			ctx.restore();
		};

		const axis = (label: string, side: 2 | 3): uPlot.Axis => ({
			side,
			label,
			stroke: foreground,
			font,
			labelFont: font,
			incrs: STEPS,
			values: (_u, splits) => splits.map(count),
			grid: { show: side === 3, stroke: grid, width: 1 },
			ticks: { stroke: grid, width: 1 },
		});

		const highest = Math.max(1, ...bins.map((bin) => bin.examples));
		plot = new uPlot(
			{
				width: width(),
				height: HEIGHT,
				series: [
					{ label: 'tokens', value: (_u, _value, _series, index) => (index === null || bins[index] === undefined ? '–' : binRange(bins[index])) },
					{
						label: 'examples',
						width: 0,
						fill: underColor,
						stroke: underColor,
						value: (_u, value, _series, index) => (index === null ? '–' : count(value ?? 0)),
						points: { show: false },
						paths: uPlot.paths.bars?.({
							align: 1,
							size: [1],
							gap: 1,
							disp: { fill: { unit: 3, values: () => colors } },
							each: () => {
								painted++;
							},
						}),
					},
				],
				scales: {
					x: { time: false, range: [first, limitShown ? Math.max(end, limit * 1.03) : end] },
					y: { range: [0, Math.ceil(highest * 1.15)] },
				},
				axes: [axis('tokens per example', 2), axis('examples', 3)],
				cursor: { drag: { x: false, y: false }, points: { show: false } },
				legend: { live: true },
				hooks: {
					drawClear: [
						() => {
							painted = 0;
						},
					],
					draw: [
						(u) => {
							drawLimit(u);
							if (!reported) {
								reported = true;
								drawn(painted);
							}
						},
					],
				},
			},
			// Empty bins are gaps, not bars of height 0: nothing is painted for them.
			[bins.map((bin) => bin.from), bins.map((bin) => (bin.examples > 0 ? bin.examples : null))] as uPlot.AlignedData,
			host,
		);
	}

	return { draw, clear };
}
