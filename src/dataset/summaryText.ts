import type { DatasetSummary } from './stats';
import { FORMAT_NAMES } from './types';
import { LARGEST_TRAINING_CONTEXT, modelProblem } from './models';

function compact(count: number): string {
	return count >= 1_000_000 ? `${(count / 1_000_000).toFixed(1)}M` : count >= 10_000 ? `${Math.round(count / 1000)}k` : count.toLocaleString('en-US');
}

/** A dollar amount as the summaries show it: `$0.42`, or `<$0.01`. */
export function usd(amount: number): string {
	return amount < 0.01 ? '<$0.01' : `$${amount.toFixed(2)}`;
}

/** One short line for the status bar: examples, tokens, estimated cost. */
export function shortSummary(summary: DatasetSummary): string {
	const parts = [plural(summary.examples, 'example', compact), plural(summary.tokens.total, 'token', compact)];
	if (summary.estimate.costUsd !== undefined) {
		parts.push(`~${usd(summary.estimate.costUsd)}`);
	}
	return parts.join(' · ');
}

/** The full summary, one fact a line, for tooltips and the command line. */
export function summaryLines(summary: DatasetSummary): string[] {
	const { tokens, estimate } = summary;
	const lines = [
		`Target model: ${summary.model}${modelNote(summary.model)}`,
		`Format: ${summary.format ? FORMAT_NAMES[summary.format] : 'none detected'}`,
		`Examples: ${summary.examples.toLocaleString('en-US')}`,
		`Tokens: ${tokens.total.toLocaleString('en-US')} in all; per example min ${tokens.min.toLocaleString('en-US')}, mean ${Math.round(tokens.mean).toLocaleString('en-US')}, p95 ${tokens.p95.toLocaleString('en-US')}, max ${tokens.max.toLocaleString('en-US')}`,
		`Default epochs: ${estimate.epochs}; billed tokens: ${estimate.billedTokens.toLocaleString('en-US')}`,
		estimate.costUsd !== undefined
			? `Estimated cost: ${usd(estimate.costUsd)} at $${estimate.pricePerMillionTokens} per million training tokens`
			: estimate.priceUnknown
				? 'Estimated cost: unknown, no training price is known for this model (set one in finetuneStudio.trainingPrices)'
				: 'Estimated cost: billed by training time for this model',
		`Problems: ${problemsText(summary)}`,
	];
	return lines;
}

/** The CodeLens line on line 1. */
export function lensSummary(summary: DatasetSummary): string {
	const { tokens, estimate } = summary;
	const cost = estimate.costUsd !== undefined ? `~${usd(estimate.costUsd)}` : estimate.priceUnknown ? 'cost unknown' : 'billed by time';
	return `${plural(summary.examples, 'example')} · ${plural(tokens.total, 'token')} (mean ${Math.round(tokens.mean).toLocaleString('en-US')}, p95 ${tokens.p95.toLocaleString('en-US')}, max ${tokens.max.toLocaleString('en-US')}) · ${plural(estimate.epochs, 'epoch')} · ${cost} · ${summary.model}`;
}

/** What the summary adds after an empty or unknown target model's name. */
function modelNote(model: string): string {
	const problem = modelProblem(model);
	if (!problem) {
		return '';
	}
	const assumed = `context checks assume ${LARGEST_TRAINING_CONTEXT.toLocaleString('en-US')} tokens`;
	return problem.kind === 'empty' ? ` (none set; ${assumed})` : ` (unknown${problem.closest ? `: did you mean ${problem.closest}?` : ''}; ${assumed})`;
}

/** "1 error, 2 warnings". */
export function problemsText(summary: { readonly errors: number; readonly warnings: number }): string {
	return `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}`;
}

/** `count` and `noun`, the noun plural unless the count is exactly 1 ("1 example", "0 examples"). */
export function plural(count: number, noun: string, format: (count: number) => string = (value) => value.toLocaleString('en-US')): string {
	return `${format(count)} ${noun}${count === 1 ? '' : 's'}`;
}
