// Which fine-tuning method trains on which record format. OpenAI checks this only after the job is
// created (it fails with invalid_training_file), so the wizard checks it before anything is uploaded.
import { FINE_TUNABLE_MODELS, formatsForModel, resolveModel, type FineTuningMethod } from './models';
import type { RecordFormat } from './types';

// Models this extension does not know (a compatible server's) may take the chat formats.
const UNKNOWN_MODEL_METHODS: readonly FineTuningMethod[] = ['supervised', 'dpo'];

const METHOD_FORMATS: Readonly<Record<FineTuningMethod, readonly RecordFormat[]>> = {
	supervised: ['chat', 'prompt-completion'],
	dpo: ['preference'],
	reinforcement: ['reinforcement'],
};

/** The methods `model` can be fine-tuned with; a fine-tuned model continues with its base model's. */
export function methodsForModel(model: string): readonly FineTuningMethod[] {
	return resolveModel(model)?.methods ?? UNKNOWN_MODEL_METHODS;
}

/** The record format `method` trains `model` on: supervised means prompt/completion for the legacy completion models. */
export function formatForMethod(method: FineTuningMethod, model: string): RecordFormat {
	const formats = formatsForModel(model);
	return METHOD_FORMATS[method].find((format) => formats.includes(format)) ?? (METHOD_FORMATS[method][0] as RecordFormat);
}

/** What the user can do about a method that does not fit the file. */
export type MethodRemedy =
	/** Another method of the same model trains on the file's records. */
	| { readonly kind: 'pick-method'; readonly method: FineTuningMethod }
	/** Prompt/completion records become chat records with the linter's quick fix. */
	| { readonly kind: 'convert-to-chat' }
	/** No method of this model trains on the file's records: another model may. */
	| { readonly kind: 'pick-model'; readonly model?: string };

/** A method that cannot train on the file's records, and what to do instead. */
export interface MethodMismatch {
	readonly method: FineTuningMethod;
	/** The format the method needs. */
	readonly needs: RecordFormat;
	/** The format most of the file's examples have. */
	readonly has: RecordFormat;
	readonly remedy: MethodRemedy;
}

/**
 * Whether `method` can train `model` on a file whose examples are mostly `format`. Undefined when it
 * can, or when the file has no recognised format (the lint's own errors then say what is wrong).
 */
export function methodMismatch(method: FineTuningMethod, format: RecordFormat | undefined, model: string): MethodMismatch | undefined {
	const needs = formatForMethod(method, model);
	if (format === undefined || format === needs) {
		return undefined;
	}
	return { method, needs, has: format, remedy: remedyFor(format, needs, model) };
}

function remedyFor(has: RecordFormat, needs: RecordFormat, model: string): MethodRemedy {
	const other = methodsForModel(model).find((method) => formatForMethod(method, model) === has);
	if (other) {
		return { kind: 'pick-method', method: other };
	}
	if (has === 'prompt-completion' && needs === 'chat') {
		return { kind: 'convert-to-chat' };
	}
	const another = FINE_TUNABLE_MODELS.find((candidate) => formatsForModel(candidate.id).includes(has));
	return { kind: 'pick-model', ...(another ? { model: another.id } : {}) };
}
