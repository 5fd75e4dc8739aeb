import { resolveModel, trainingContextOf } from './models';
import type { RecordFormat } from './types';

/** The dataset summary the status bar, the CodeLens and the command line show. */
export interface DatasetSummary {
	readonly model: string;
	/** The format most examples have. */
	readonly format?: RecordFormat;
	readonly examples: number;
	readonly tokens: TokenStats;
	readonly estimate: TrainingEstimate;
	readonly errors: number;
	readonly warnings: number;
}

/** Token statistics of a dataset's examples. */
export interface TokenStats {
	readonly total: number;
	readonly min: number;
	readonly mean: number;
	readonly p95: number;
	readonly max: number;
}

/** What training on a dataset costs, as OpenAI computes the defaults. */
export interface TrainingEstimate {
	/** `n_epochs` that OpenAI's `auto` picks for this many examples. */
	readonly epochs: number;
	/** Tokens billed: epochs × the examples' tokens, each capped at the model's training context. */
	readonly billedTokens: number;
	/** USD per million training tokens used, where the model is billed by tokens. */
	readonly pricePerMillionTokens?: number;
	/** USD, where the model is billed by tokens. */
	readonly costUsd?: number;
	/** Set where no price is known: the model is not in the table and the settings give none. */
	readonly priceUnknown?: true;
}

/** Per-model prices in USD per million training tokens that override the built-in table. */
export type PriceOverrides = Readonly<Record<string, number>>;

/** Min, mean, 95th percentile and max of the examples' token counts. */
export function tokenStats(tokens: ArrayLike<number>): TokenStats {
	const count = tokens.length;
	if (count === 0) {
		return { total: 0, min: 0, mean: 0, p95: 0, max: 0 };
	}
	const sorted = Float64Array.from(tokens).sort();
	let total = 0;
	for (let index = 0; index < count; index++) {
		total += sorted[index] ?? 0;
	}
	// Nearest-rank percentile, as numpy's "higher" method: an actual example's count.
	const p95 = sorted[Math.min(count - 1, Math.ceil(0.95 * count) - 1)] ?? 0;
	return { total, min: sorted[0] ?? 0, mean: total / count, p95, max: sorted[count - 1] ?? 0 };
}

/** OpenAI's default epoch count for `examples` examples, as its cookbook computes it. */
export function defaultEpochs(examples: number): number {
	const target = 3;
	if (examples === 0) {
		return target;
	}
	if (examples * target < 100) {
		return Math.min(25, Math.floor(100 / examples));
	}
	if (examples * target > 25_000) {
		return Math.max(1, Math.floor(25_000 / examples));
	}
	return target;
}

/** Billed tokens and cost of training `model` on examples with these token counts. */
export function estimateTraining(tokens: ArrayLike<number>, model: string, prices: PriceOverrides = {}, epochs = defaultEpochs(tokens.length)): TrainingEstimate {
	const resolved = resolveModel(model);
	const limit = trainingContextOf(model);
	let capped = 0;
	for (let index = 0; index < tokens.length; index++) {
		capped += Math.min(tokens[index] ?? 0, limit);
	}
	const billedTokens = capped * epochs;
	const pricePerMillionTokens = prices[model] ?? (resolved ? prices[resolved.id] : undefined) ?? resolved?.trainingPricePerMillionTokens;
	return {
		epochs,
		billedTokens,
		...(pricePerMillionTokens !== undefined ? { pricePerMillionTokens, costUsd: (billedTokens / 1_000_000) * pricePerMillionTokens } : resolved ? {} : { priceUnknown: true }),
	};
}
