// How the report writes its numbers: as the status bar, the CodeLens and the command line write them.
import type { HistogramBin } from '../../dataset/report';
import type { TrainingEstimate } from '../../dataset/stats';
import { usd } from '../../dataset/summaryText';

/** A count with thousands separators: "12,345". */
export function count(value: number): string {
	return Math.round(value).toLocaleString('en-US');
}

/** `part` of `whole` as a percentage for reading ("42%", "0.4%"); "–" when there is no whole. */
export function percent(part: number, whole: number): string {
	if (whole <= 0) {
		return '–';
	}
	const share = (100 * part) / whole;
	return `${share > 0 && share < 10 ? share.toFixed(1) : Math.round(share)}%`;
}

/** `part / whole` within [0, 1], 0 when there is no whole: a bar's or a meter's length. */
export function fraction(part: number, whole: number): number {
	return whole > 0 ? Math.min(1, Math.max(0, part / whole)) : 0;
}

/** The tokens a histogram bar covers, as its tooltip says them: "128–256 tokens". */
export function binRange(bin: HistogramBin): string {
	return `${count(bin.from)}–${count(bin.to)} tokens`;
}

/** The estimated cost as a figure and what it rests on, in the words of the summary's tooltip. */
export function costFigure(estimate: TrainingEstimate): { readonly value: string; readonly detail: string } {
	if (estimate.costUsd !== undefined) {
		return { value: usd(estimate.costUsd), detail: `at $${estimate.pricePerMillionTokens ?? '?'} per million training tokens` };
	}
	return estimate.priceUnknown
		? { value: 'unknown', detail: 'no training price is known for this model (set one in finetuneStudio.trainingPrices)' }
		: { value: 'billed by time', detail: 'this model is billed by training time' };
}
