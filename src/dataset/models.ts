import { editDistance } from './editDistance';
import { quote } from './quote';
import type { RecordFormat } from './types';

/** A fine-tuning method as the API names it in `method.type`. */
export type FineTuningMethod = 'supervised' | 'dpo' | 'reinforcement';

/** A base model that OpenAI fine-tunes, with what the linter needs to know about it. */
export interface FineTunableModel {
	readonly id: string;
	readonly methods: readonly FineTuningMethod[];
	/** Examples longer than this many tokens are truncated in training. */
	readonly trainingContextTokens: number;
	/** USD per million training tokens; undefined where training is billed by time (reinforcement). */
	readonly trainingPricePerMillionTokens?: number;
}

// Limits and prices from OpenAI's model and pricing pages; prices change, so users can override
// them with the `finetuneStudio.trainingPrices` setting.
/** OpenAI's fine-tunable base models, newest family first. */
export const FINE_TUNABLE_MODELS: readonly FineTunableModel[] = [
	{ id: 'gpt-4.1-2025-04-14', methods: ['supervised', 'dpo'], trainingContextTokens: 65_536, trainingPricePerMillionTokens: 25 },
	{ id: 'gpt-4.1-mini-2025-04-14', methods: ['supervised', 'dpo'], trainingContextTokens: 65_536, trainingPricePerMillionTokens: 5 },
	{ id: 'gpt-4.1-nano-2025-04-14', methods: ['supervised', 'dpo'], trainingContextTokens: 65_536, trainingPricePerMillionTokens: 1.5 },
	{ id: 'gpt-4o-2024-08-06', methods: ['supervised', 'dpo'], trainingContextTokens: 65_536, trainingPricePerMillionTokens: 25 },
	{ id: 'gpt-4o-mini-2024-07-18', methods: ['supervised', 'dpo'], trainingContextTokens: 65_536, trainingPricePerMillionTokens: 3 },
	{ id: 'o4-mini-2025-04-16', methods: ['reinforcement'], trainingContextTokens: 200_000 },
	{ id: 'gpt-3.5-turbo-0125', methods: ['supervised'], trainingContextTokens: 16_385, trainingPricePerMillionTokens: 8 },
	{ id: 'babbage-002', methods: ['supervised'], trainingContextTokens: 16_384, trainingPricePerMillionTokens: 0.4 },
	{ id: 'davinci-002', methods: ['supervised'], trainingContextTokens: 16_384, trainingPricePerMillionTokens: 6 },
];

const LEGACY_COMPLETION_MODELS = new Set(['babbage-002', 'davinci-002']);

/**
 * The fine-tunable base model behind `model`: an exact id, a fine-tuned id (OpenAI's
 * `ft:<base>:org::id` or Azure's `<base>.ft-<id>`, for continued training), or a family alias
 * without its date (`gpt-4o-mini`).
 */
export function resolveModel(model: string): FineTunableModel | undefined {
	const base = model.startsWith('ft:') ? (model.split(':')[1] ?? '') : (model.split('.ft-')[0] ?? model);
	if (base === '') {
		return undefined;
	}
	return FINE_TUNABLE_MODELS.find((candidate) => candidate.id === base) ?? FINE_TUNABLE_MODELS.find((candidate) => candidate.id.startsWith(`${base}-`));
}

/** The largest training context of any known model: what the checks assume for a model they do not know. */
export const LARGEST_TRAINING_CONTEXT = Math.max(...FINE_TUNABLE_MODELS.map((candidate) => candidate.trainingContextTokens));

/** The training context of `model`, or the largest known one for a model the table does not know. */
export function trainingContextOf(model: string): number {
	return resolveModel(model)?.trainingContextTokens ?? LARGEST_TRAINING_CONTEXT;
}

/** What is wrong with `model` as the target model: nothing, empty, or not a model the table knows. */
export type ModelProblem = { readonly kind: 'empty' } | { readonly kind: 'unknown'; readonly closest?: string };

/** Whether the target model `model` is one the checks know, and if not, the known id it most resembles. */
export function modelProblem(model: string): ModelProblem | undefined {
	if (model.trim() === '') {
		return { kind: 'empty' };
	}
	if (resolveModel(model)) {
		return undefined;
	}
	// A typo is a few edits from an id or from its family alias (the id without its date).
	const typed = model.trim().toLowerCase();
	let best: { id: string; distance: number } | undefined;
	for (const { id } of FINE_TUNABLE_MODELS) {
		const distance = Math.min(editDistance(typed, id, 3), editDistance(typed, id.replace(/-\d{4}-\d{2}-\d{2}$|-\d{4}$/, ''), 3));
		if (distance <= 3 && (!best || distance < best.distance)) {
			best = { id, distance };
		}
	}
	return { kind: 'unknown', ...(best ? { closest: best.id } : {}) };
}

/** One sentence on an unknown or empty target model and what the checks assume instead. */
export function modelProblemText(model: string, problem: ModelProblem): string {
	const what = problem.kind === 'empty' ? 'No target model is set' : `The target model ${quote(model)} is not one OpenAI fine-tunes${problem.closest ? ` (did you mean ${problem.closest}?)` : ''}`;
	return `${what}. Checks assume the largest known training context (${LARGEST_TRAINING_CONTEXT.toLocaleString('en-US')} tokens), and the training price is unknown.`;
}

/** The record formats a model trains on. Unknown models (a compatible server's) accept the chat formats. */
export function formatsForModel(model: string): readonly RecordFormat[] {
	const resolved = resolveModel(model);
	if (!resolved) {
		return ['chat', 'preference'];
	}
	if (LEGACY_COMPLETION_MODELS.has(resolved.id)) {
		return ['prompt-completion'];
	}
	const formats: RecordFormat[] = [];
	if (resolved.methods.includes('supervised')) {
		formats.push('chat');
	}
	if (resolved.methods.includes('dpo')) {
		formats.push('preference');
	}
	if (resolved.methods.includes('reinforcement')) {
		formats.push('reinforcement');
	}
	return formats;
}
