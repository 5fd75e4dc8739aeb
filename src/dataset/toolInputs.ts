// The numbers the dataset tools take as text (a seed, a count, a fraction), read the same way by the
// command line's options and the editor's input boxes; each says undefined for text it does not take.
import type { SampleSize } from './fileTools';

/** The largest seed: the seeded order takes 32 bits. */
export const MAX_SEED = 0xffff_ffff;

const WHOLE_NUMBER = /^\d+$/;
/** Decimal digits with at most one point: no sign, exponent, hexadecimal or `Infinity`. */
const DECIMAL_NUMBER = /^(\d+\.?\d*|\.\d+)$/;

/** A seed: a whole number from 0 to {@link MAX_SEED}, white space around it aside. */
export function parseSeed(text: string): number | undefined {
	const trimmed = text.trim();
	const seed = Number(trimmed);
	return WHOLE_NUMBER.test(trimmed) && Number.isSafeInteger(seed) && seed <= MAX_SEED ? seed : undefined;
}

/** A count of examples: a whole number above 0. */
export function parseCount(text: string): number | undefined {
	const trimmed = text.trim();
	const count = Number(trimmed);
	return WHOLE_NUMBER.test(trimmed) && Number.isSafeInteger(count) && count > 0 ? count : undefined;
}

/** A share of the examples: a decimal number above 0 and below 1, or up to 1 with `allowOne`. */
export function parseFraction(text: string, allowOne: boolean): number | undefined {
	const trimmed = text.trim();
	const fraction = Number(trimmed);
	return DECIMAL_NUMBER.test(trimmed) && fraction > 0 && (fraction < 1 || (allowOne && fraction === 1)) ? fraction : undefined;
}

/** A sample size: a whole count above 0 (`500`), or a fraction above 0 up to 1 (`0.1`, `1.0`). */
export function parseSampleSize(text: string): SampleSize | undefined {
	if (WHOLE_NUMBER.test(text.trim())) {
		const count = parseCount(text);
		return count === undefined ? undefined : { count };
	}
	const fraction = parseFraction(text, true);
	return fraction === undefined ? undefined : { fraction };
}
