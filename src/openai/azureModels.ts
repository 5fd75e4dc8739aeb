// Azure OpenAI / Microsoft Foundry fine-tuning: the models it trains, its training types, its suffix
// rule and its model names. The table is merged with the resource's own model list by the wizard.
import type { FineTuningMethod } from '../dataset/models';

/**
 * Where the table comes from and when it was compared with it: the "Fine-tuning models" table of
 * Microsoft Learn's Azure OpenAI models page (its include `fine-tune-models.md` in
 * MicrosoftDocs/azure-ai-docs), the suffix rule from the fine-tuning REST guide and the
 * `trainingType` values from the Python SDK guide.
 */
export const AZURE_MODELS_SOURCE = {
	url: 'https://learn.microsoft.com/azure/ai-foundry/openai/concepts/models#fine-tuning-models',
	suffixUrl: 'https://learn.microsoft.com/azure/ai-foundry/openai/how-to/fine-tuning',
	checked: '2026-11-26',
} as const;

/** Where an Azure fine-tuning job trains, sent as the extra body field `trainingType`. */
export const TRAINING_TYPES = ['Standard', 'GlobalStandard', 'Developer'] as const;
export type TrainingType = (typeof TRAINING_TYPES)[number];

/** A base model Azure fine-tunes. */
export interface AzureFineTunableModel {
	/** The id a job names, `<model>-<version>` as Azure lists it. */
	readonly id: string;
	readonly methods: readonly FineTuningMethod[];
	/** The training types Microsoft's table marks for it. */
	readonly trainingTypes: readonly TrainingType[];
	/** Marked "preview" by Microsoft. */
	readonly preview?: boolean;
	/** False for the open models the issue names that Microsoft's table did not list when checked. */
	readonly inMicrosoftTable: boolean;
}

const OPENAI_TYPES: readonly TrainingType[] = ['Standard', 'GlobalStandard', 'Developer'];
const GLOBAL_ONLY: readonly TrainingType[] = ['GlobalStandard'];

/** Azure's fine-tunable base models, newest OpenAI family first, then the open models. */
export const AZURE_FINE_TUNABLE_MODELS: readonly AzureFineTunableModel[] = [
	{ id: 'gpt-4.1-2025-04-14', methods: ['supervised', 'dpo'], trainingTypes: OPENAI_TYPES, inMicrosoftTable: true },
	{ id: 'gpt-4.1-mini-2025-04-14', methods: ['supervised', 'dpo'], trainingTypes: OPENAI_TYPES, inMicrosoftTable: true },
	{ id: 'gpt-4.1-nano-2025-04-14', methods: ['supervised', 'dpo'], trainingTypes: OPENAI_TYPES, inMicrosoftTable: true },
	{ id: 'gpt-4o-2024-08-06', methods: ['supervised', 'dpo'], trainingTypes: OPENAI_TYPES, inMicrosoftTable: true },
	{ id: 'gpt-4o-mini-2024-07-18', methods: ['supervised', 'dpo'], trainingTypes: OPENAI_TYPES, inMicrosoftTable: true },
	{ id: 'o4-mini-2025-04-16', methods: ['reinforcement'], trainingTypes: ['Standard', 'GlobalStandard'], inMicrosoftTable: true },
	{ id: 'Ministral-3B', methods: ['supervised'], trainingTypes: GLOBAL_ONLY, preview: true, inMicrosoftTable: true },
	{ id: 'Qwen-32B', methods: ['supervised'], trainingTypes: GLOBAL_ONLY, preview: true, inMicrosoftTable: true },
	{ id: 'Llama-3.3-70B', methods: ['supervised'], trainingTypes: GLOBAL_ONLY, preview: true, inMicrosoftTable: false },
	{ id: 'gpt-oss-20b', methods: ['supervised'], trainingTypes: GLOBAL_ONLY, preview: true, inMicrosoftTable: false },
];

/** Azure's limit on a fine-tuned model's suffix: up to 40 of a–z, A–Z, 0–9, `-` and `_` (so no dots). */
export const AZURE_MAX_SUFFIX_LENGTH = 40;

/** What an Azure model name says about itself. */
export type AzureModelName =
	| { readonly kind: 'base'; readonly id: string }
	/** `<base>.ft-<job hex>[-suffix]`, and a checkpoint of it with `:ckpt-step-<n>`. */
	| { readonly kind: 'fine-tuned'; readonly base: string; readonly suffix?: string; readonly step?: number }
	/** `ftchkpt-<hex>`: a checkpoint id, which does not name its base. */
	| { readonly kind: 'checkpoint' };

const FINE_TUNED = /^(.+?)\.ft-[0-9a-f]+(?:-([A-Za-z0-9_-]+?))?(?::ckpt-step-(\d+))?$/;

/** Reads an Azure model name: a base model, a fine-tune (or one of its checkpoints), or a checkpoint id. */
export function parseAzureModelName(name: string): AzureModelName {
	if (/^ftchkpt-[0-9a-z]+$/i.test(name)) {
		return { kind: 'checkpoint' };
	}
	const match = FINE_TUNED.exec(name);
	if (!match) {
		return { kind: 'base', id: name };
	}
	return {
		kind: 'fine-tuned',
		base: match[1] as string,
		...(match[2] ? { suffix: match[2] } : {}),
		...(match[3] ? { step: Number(match[3]) } : {}),
	};
}

/** The training types a job on `model` may ask for: its base model's, or all of them when the table does not know it. */
export function trainingTypesFor(model: string): readonly TrainingType[] {
	const parsed = parseAzureModelName(model);
	const base = parsed.kind === 'base' ? parsed.id : parsed.kind === 'fine-tuned' ? parsed.base : undefined;
	return AZURE_FINE_TUNABLE_MODELS.find((candidate) => candidate.id === base)?.trainingTypes ?? TRAINING_TYPES;
}
