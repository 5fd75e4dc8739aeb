// What the user types for the dataset commands, read without VS Code so that it is unit-tested.
import type { SampleSize } from '../dataset/fileTools';

/** The largest seed: the seeded order takes 32 bits. */
const MAX_SEED = 0xffff_ffff;

/** A seed from its text (blank is 0), or undefined when it is not a whole number from 0 to 4294967295. */
export function seedFrom(text: string): number | undefined {
	const trimmed = text.trim();
	if (trimmed === '') {
		return 0;
	}
	const seed = Number(trimmed);
	return /^\d+$/.test(trimmed) && Number.isSafeInteger(seed) && seed <= MAX_SEED ? seed : undefined;
}

/** A sample size from its text: a whole count above 0 (`500`), or a fraction above 0 up to 1 (`0.1`); undefined otherwise. */
export function sampleSizeFrom(text: string): SampleSize | undefined {
	const trimmed = text.trim();
	if (/^\d+$/.test(trimmed)) {
		const count = Number(trimmed);
		return Number.isSafeInteger(count) && count > 0 ? { count } : undefined;
	}
	const fraction = Number(trimmed);
	return trimmed !== '' && /^[\d.]+$/.test(trimmed) && Number.isFinite(fraction) && fraction > 0 && fraction <= 1 ? { fraction } : undefined;
}
