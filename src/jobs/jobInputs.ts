// Parsing of what the user types into the job wizard. Pure: problems come back as data and the
// VS Code layer words them, so that the limits are unit-tested and the text is localised.
import type { ReinforcementMethod } from 'openai/resources/fine-tuning/methods';

/** A reinforcement job's grader, as the API takes it. */
export type Grader = ReinforcementMethod['grader'];

/** The allowed range of a number; a bound is inclusive unless marked exclusive. */
export interface NumberRange {
	readonly min: number;
	readonly minExclusive?: boolean;
	readonly max?: number;
	readonly integer: boolean;
}

// The API's own limits (OpenAI's OpenAPI description of the fine-tuning hyperparameters and seed).
/** The limits of each number the wizard asks for. */
export const INPUT_RANGES = {
	epochs: { min: 1, max: 50, integer: true },
	batchSize: { min: 1, max: 256, integer: true },
	learningRateMultiplier: { min: 0, minExclusive: true, integer: false },
	beta: { min: 0, minExclusive: true, max: 2, integer: false },
	seed: { min: 0, max: 2_147_483_647, integer: true },
	// A validation set above half the data would starve the training set.
	splitPercent: { min: 1, max: 50, integer: true },
} as const satisfies Record<string, NumberRange>;

/** OpenAI's limit on the suffix of a fine-tuned model's name. */
export const MAX_SUFFIX_LENGTH = 64;

/** Why an input was refused. */
export type InputProblem =
	| { readonly kind: 'not-a-number' }
	| { readonly kind: 'not-an-integer' }
	| { readonly kind: 'out-of-range'; readonly range: NumberRange }
	| { readonly kind: 'too-long'; readonly maxLength: number }
	| { readonly kind: 'bad-characters' }
	| { readonly kind: 'required' };

/** Why a grader file was refused. */
export type GraderProblem =
	| { readonly kind: 'invalid-json'; readonly detail: string }
	| { readonly kind: 'not-an-object' }
	| { readonly kind: 'no-type' }
	| { readonly kind: 'unknown-type'; readonly type: string };

/** A parsed value, or why there is none. */
export type Parsed<T, P = InputProblem> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: P };

const GRADER_TYPES: readonly string[] = ['string_check', 'text_similarity', 'python', 'score_model', 'multi'] satisfies Grader['type'][];
const SUFFIX_CHARACTERS = /^[A-Za-z0-9_-]+$/;

function ok<T>(value: T): Parsed<T, never> {
	return { ok: true, value };
}

function refused<P>(problem: P): Parsed<never, P> {
	return { ok: false, problem };
}

/** A number within `range`; blank text is `undefined` (the API decides, "auto") unless `required`. */
export function parseNumber(text: string, range: NumberRange, required = false): Parsed<number | undefined> {
	const trimmed = text.trim();
	if (trimmed === '') {
		return required ? refused({ kind: 'required' }) : ok(undefined);
	}
	// Number('') and Number('0x10') are too lenient for what a person means by a number.
	if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) {
		return refused({ kind: 'not-a-number' });
	}
	const value = Number(trimmed);
	if (range.integer && !Number.isInteger(value)) {
		return refused({ kind: 'not-an-integer' });
	}
	const belowMin = range.minExclusive ? value <= range.min : value < range.min;
	if (belowMin || (range.max !== undefined && value > range.max)) {
		return refused({ kind: 'out-of-range', range });
	}
	return ok(value);
}

/**
 * The fine-tuned model's name suffix: blank for none, else up to `maxLength` (OpenAI's 64, Azure's 40)
 * letters, digits, `-` and `_`. No dots, which Azure's model names cannot hold.
 */
export function parseSuffix(text: string, maxLength = MAX_SUFFIX_LENGTH): Parsed<string | undefined> {
	const trimmed = text.trim();
	if (trimmed === '') {
		return ok(undefined);
	}
	if (trimmed.length > maxLength) {
		return refused({ kind: 'too-long', maxLength });
	}
	return SUFFIX_CHARACTERS.test(trimmed) ? ok(trimmed) : refused({ kind: 'bad-characters' });
}

/** A grader from a JSON file's text: an object whose `type` is one the API knows. */
export function parseGrader(text: string): Parsed<Grader, GraderProblem> {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		return refused({ kind: 'invalid-json', detail: error instanceof Error ? error.message : String(error) });
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return refused({ kind: 'not-an-object' });
	}
	const type = (value as { type?: unknown }).type;
	if (typeof type !== 'string') {
		return refused({ kind: 'no-type' });
	}
	// The rest of the grader is the server's to check: its schema varies by type and grows.
	return GRADER_TYPES.includes(type) ? ok(value as Grader) : refused({ kind: 'unknown-type', type });
}
