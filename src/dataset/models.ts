/** A fine-tuning method as the API names it in `method.type`. */
export type FineTuningMethod = 'supervised' | 'dpo' | 'reinforcement';

/** A base model that OpenAI fine-tunes, and the methods it accepts. */
export interface FineTunableModel {
	readonly id: string;
	readonly methods: readonly FineTuningMethod[];
}

/** OpenAI's fine-tunable base models, newest family first. */
export const FINE_TUNABLE_MODELS: readonly FineTunableModel[] = [
	{ id: 'gpt-4.1-2025-04-14', methods: ['supervised', 'dpo'] },
	{ id: 'gpt-4.1-mini-2025-04-14', methods: ['supervised', 'dpo'] },
	{ id: 'gpt-4.1-nano-2025-04-14', methods: ['supervised', 'dpo'] },
	{ id: 'gpt-4o-2024-08-06', methods: ['supervised', 'dpo'] },
	{ id: 'gpt-4o-mini-2024-07-18', methods: ['supervised', 'dpo'] },
	{ id: 'o4-mini-2025-04-16', methods: ['reinforcement'] },
	{ id: 'gpt-3.5-turbo-0125', methods: ['supervised'] },
	{ id: 'babbage-002', methods: ['supervised'] },
	{ id: 'davinci-002', methods: ['supervised'] },
];
