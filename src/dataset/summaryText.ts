import type { DatasetSummary } from './dataset';
import { FORMAT_NAMES } from './format';

function compact(count: number): string {
	return count >= 1_000_000 ? `${(count / 1_000_000).toFixed(1)}M` : count >= 10_000 ? `${Math.round(count / 1000)}k` : count.toLocaleString('en-US');
}

/** A dollar amount as the summaries show it: `$0.42`, or `<$0.01`. */
export function usd(amount: number): string {
	return amount < 0.01 ? '<$0.01' : `$${amount.toFixed(2)}`;
}

/** One short line for the status bar: examples, tokens, estimated cost. */
export function shortSummary(summary: DatasetSummary): string {
	const parts = [`${compact(summary.examples)} ${summary.examples === 1 ? 'example' : 'examples'}`, `${compact(summary.tokens.total)} tokens`];
	if (summary.estimate.costUsd !== undefined) {
		parts.push(`~${usd(summary.estimate.costUsd)}`);
	}
	return parts.join(' · ');
}

/** The full summary, one fact a line, for tooltips and the command line. */
export function summaryLines(summary: DatasetSummary): string[] {
	const { tokens, estimate } = summary;
	const lines = [
		`Target model: ${summary.model}`,
		`Format: ${summary.format ? FORMAT_NAMES[summary.format] : 'none detected'}`,
		`Examples: ${summary.examples.toLocaleString('en-US')}`,
		`Tokens: ${tokens.total.toLocaleString('en-US')} in all; per example min ${tokens.min.toLocaleString('en-US')}, mean ${Math.round(tokens.mean).toLocaleString('en-US')}, p95 ${tokens.p95.toLocaleString('en-US')}, max ${tokens.max.toLocaleString('en-US')}`,
		`Default epochs: ${estimate.epochs}; billed tokens: ${estimate.billedTokens.toLocaleString('en-US')}`,
		estimate.costUsd === undefined
			? 'Estimated cost: billed by training time for this model'
			: `Estimated cost: ${usd(estimate.costUsd)} at $${estimate.pricePerMillionTokens} per million training tokens`,
		`Problems: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}`,
	];
	return lines;
}

/** The CodeLens line on line 1. */
export function lensSummary(summary: DatasetSummary): string {
	const { tokens, estimate } = summary;
	const cost = estimate.costUsd === undefined ? 'billed by time' : `~${usd(estimate.costUsd)}`;
	return `${summary.examples.toLocaleString('en-US')} examples · ${tokens.total.toLocaleString('en-US')} tokens (mean ${Math.round(tokens.mean).toLocaleString('en-US')}, p95 ${tokens.p95.toLocaleString('en-US')}, max ${tokens.max.toLocaleString('en-US')}) · ${estimate.epochs} epochs · ${cost} · ${summary.model}`;
}

function plural(count: number, noun: string): string {
	return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}
