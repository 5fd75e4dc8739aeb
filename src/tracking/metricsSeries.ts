// A job's training curves as the metrics chart draws them: from the result CSV once the job is done,
// from `metrics` events while it runs. Free of `vscode` and of the DOM: the host and the webview both
// import it, and unit tests and the benchmark hold it.

/** The curves, in the order the chart lists them, and the axis each is drawn against. */
export const SERIES = [
	{ key: 'train_loss', label: 'train loss', axis: 'loss' },
	{ key: 'train_accuracy', label: 'train token accuracy', axis: 'accuracy' },
	{ key: 'valid_loss', label: 'valid loss', axis: 'loss' },
	{ key: 'valid_accuracy', label: 'valid token accuracy', axis: 'accuracy' },
	{ key: 'full_valid_loss', label: 'full valid loss', axis: 'loss' },
] as const;

export type SeriesKey = (typeof SERIES)[number]['key'];

export const SERIES_KEYS: readonly SeriesKey[] = SERIES.map((series) => series.key);

/** One step's values; a curve without a value at the step has a gap there. */
export type StepPoint = { readonly step: number } & { readonly [K in SeriesKey]?: number };

/** A job's curves: steps ascending, and per curve one value (or null) per step. */
export interface JobSeries {
	readonly steps: number[];
	readonly values: Record<SeriesKey, (number | null)[]>;
}

// The names a column or metric goes by: OpenAI's CSV says `train_accuracy` where events and
// checkpoints say `train_mean_token_accuracy`.
const ALIASES: Readonly<Record<string, SeriesKey>> = {
	train_loss: 'train_loss',
	train_accuracy: 'train_accuracy',
	train_mean_token_accuracy: 'train_accuracy',
	valid_loss: 'valid_loss',
	valid_accuracy: 'valid_accuracy',
	valid_mean_token_accuracy: 'valid_accuracy',
	full_valid_loss: 'full_valid_loss',
};

function finite(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A step's point from metrics named as events and checkpoints name them; undefined without a step. */
export function pointOfMetrics(metrics: object): StepPoint | undefined {
	const named = metrics as Readonly<Record<string, unknown>>;
	const step = finite(named['step']);
	if (step === undefined) {
		return undefined;
	}
	const point: { step: number } & { [K in SeriesKey]?: number } = { step };
	for (const [name, key] of Object.entries(ALIASES)) {
		const value = finite(named[name]);
		if (value !== undefined && point[key] === undefined) {
			point[key] = value;
		}
	}
	return point;
}

/** What a result CSV held: its steps, and how many rows were not steps (bad or cut off). */
export interface ParsedResultCsv {
	readonly points: StepPoint[];
	readonly skippedRows: number;
}

/**
 * Reads a result CSV (`step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy`, in any
 * column order, with columns it does not know ignored and those it knows possibly missing). A row
 * without a numeric step is skipped and counted; an empty or non-numeric cell is a gap. Never throws.
 */
export function parseResultCsv(text: string): ParsedResultCsv {
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	const header = (lines[0] ?? '').split(',').map((name) => name.trim().replace(/^"|"$/g, '').toLowerCase());
	const stepColumn = header.indexOf('step');
	const columns = header.map((name) => ALIASES[name]);
	const points: StepPoint[] = [];
	let skippedRows = 0;
	for (let line = 1; line < lines.length; line++) {
		const text = lines[line] as string;
		if (text.trim() === '') {
			continue;
		}
		const cells = text.split(',');
		const step = stepColumn < 0 ? undefined : cellNumber(cells[stepColumn]);
		if (step === undefined) {
			skippedRows++;
			continue;
		}
		const point: { step: number } & { [K in SeriesKey]?: number } = { step };
		for (let index = 0; index < columns.length; index++) {
			const key = columns[index];
			if (key !== undefined && point[key] === undefined) {
				const value = cellNumber(cells[index]);
				if (value !== undefined) {
					point[key] = value;
				}
			}
		}
		points.push(point);
	}
	return { points, skippedRows };
}

function cellNumber(cell: string | undefined): number | undefined {
	if (cell === undefined) {
		return undefined;
	}
	// Number() reads surrounding spaces but takes a blank cell for 0: a blank cell is a gap.
	const text = cell.charCodeAt(0) === 34 /* " */ ? cell.slice(1, -1) : cell;
	return text.trim() === '' ? undefined : finite(Number(text));
}

/**
 * Merges points by step into curves, steps ascending. Where sources disagree on a value the earlier
 * source wins: the CSV (every step, as the server settled them) before events and checkpoints, which
 * fill in what it lacks, such as the full validation loss.
 */
export function toSeries(...sources: readonly (readonly StepPoint[])[]): JobSeries {
	const rowOf = new Map<number, number>();
	const steps: number[] = [];
	const columns = SERIES_KEYS.map((): (number | null)[] => []);
	let ascending = true;
	for (const source of sources) {
		for (const point of source) {
			let row = rowOf.get(point.step);
			if (row === undefined) {
				row = steps.length;
				rowOf.set(point.step, row);
				ascending &&= row === 0 || point.step > (steps[row - 1] as number);
				steps.push(point.step);
				columns.forEach((column) => column.push(null));
			}
			for (let key = 0; key < SERIES_KEYS.length; key++) {
				const value = point[SERIES_KEYS[key] as SeriesKey];
				const column = columns[key] as (number | null)[];
				if (value !== undefined && column[row] === null) {
					column[row] = value;
				}
			}
		}
	}
	// A CSV comes in step order; events come newest first, so their rows are put in order here.
	const order = ascending ? undefined : steps.map((_, row) => row).sort((a, b) => (steps[a] as number) - (steps[b] as number));
	const reorder = <T>(values: T[]): T[] => (order ? order.map((row) => values[row] as T) : values);
	return { steps: reorder(steps), values: Object.fromEntries(SERIES_KEYS.map((key, index) => [key, reorder(columns[index] as (number | null)[])])) as JobSeries['values'] };
}

/** How many values each curve has: what the chart draws. */
export function pointCounts(series: JobSeries): Record<SeriesKey, number> {
	return Object.fromEntries(SERIES_KEYS.map((key) => [key, series.values[key].filter((value) => value !== null).length])) as Record<SeriesKey, number>;
}

/**
 * Exponential moving average with weight `weight` in [0, 1) (0: the values as they are), debiased so
 * that the first values are not pulled toward zero; gaps stay gaps and do not reset the average.
 */
export function smooth(values: readonly (number | null)[], weight: number): (number | null)[] {
	const w = Math.min(Math.max(weight, 0), 0.999);
	if (w === 0) {
		return [...values];
	}
	let average = 0;
	let seen = 0;
	return values.map((value) => {
		if (value === null) {
			return null;
		}
		average = average * w + (1 - w) * value;
		seen++;
		return average / (1 - w ** seen);
	});
}

/** Several jobs' curves on one x axis, as uPlot takes them: the union of steps, gaps where a job has no value. */
export interface AlignedSeries {
	readonly steps: number[];
	/** Per job, per curve in {@link SERIES_KEYS} order, one value or null per step. */
	readonly columns: (number | null)[][][];
}

export function alignSeries(jobs: readonly JobSeries[]): AlignedSeries {
	if (jobs.length === 1) {
		const only = jobs[0] as JobSeries;
		return { steps: only.steps, columns: [SERIES_KEYS.map((key) => only.values[key])] };
	}
	const steps = [...new Set(jobs.flatMap((job) => job.steps))].sort((a, b) => a - b);
	const columns = jobs.map((job) => {
		const indexOf = new Map(job.steps.map((step, index) => [step, index]));
		return SERIES_KEYS.map((key) => steps.map((step) => {
			const index = indexOf.get(step);
			return index === undefined ? null : (job.values[key][index] ?? null);
		}));
	});
	return { steps, columns };
}

/** The curves as CSV text, one row per job and step: what "Export CSV" writes. */
export function metricsCsv(jobs: readonly { readonly jobId: string; readonly series: JobSeries }[]): string {
	const rows = [['job', 'step', ...SERIES_KEYS].join(',')];
	for (const { jobId, series } of jobs) {
		series.steps.forEach((step, index) => {
			rows.push([csvCell(jobId), step, ...SERIES_KEYS.map((key) => series.values[key][index] ?? '')].join(','));
		});
	}
	return `${rows.join('\n')}\n`;
}

/** A job id is the server's text: quoted when it holds what would break the row. */
function csvCell(text: string): string {
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
