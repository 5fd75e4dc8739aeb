// Splitting a validation set off a training file. The choice of examples is a seeded shuffle, so the
// same file and percentage always give the same two files; the files are streamed, never loaded whole.
import { createReadStream } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { openSafeWrites, type SafeWriter, type WhenExists } from '../safeWrite';
import { seededRandom } from '../seededRandom';

// Fixed, so that a split can be reproduced; changing it changes every user's splits.
const SPLIT_SEED = 0x5eed_f17e;

/** How many of `count` examples `percent` % is: rounded, but at least one and never all of them. */
export function validationCount(count: number, percent: number): number {
	if (count < 2) {
		return 0;
	}
	return Math.min(count - 1, Math.max(1, Math.round((count * percent) / 100)));
}

/**
 * Which of `count` examples (by index) go to the validation set: a mask with exactly
 * {@link validationCount} ones, chosen by a seeded partial Fisher–Yates shuffle.
 */
export function chooseValidationExamples(count: number, percent: number): Uint8Array {
	const take = validationCount(count, percent);
	const indices = Uint32Array.from({ length: count }, (_, index) => index);
	const random = seededRandom(SPLIT_SEED);
	const mask = new Uint8Array(count);
	for (let position = 0; position < take; position++) {
		const swap = position + Math.floor(random() * (count - position));
		const picked = indices[swap] as number;
		indices[swap] = indices[position] as number;
		indices[position] = picked;
		mask[picked] = 1;
	}
	return mask;
}

/** Splits examples in memory, keeping their order within each part; for tests and small inputs. */
export function splitExamples<T>(examples: readonly T[], percent: number): { training: T[]; validation: T[] } {
	const mask = chooseValidationExamples(examples.length, percent);
	return {
		training: examples.filter((_, index) => mask[index] === 0),
		validation: examples.filter((_, index) => mask[index] === 1),
	};
}

/**
 * Where the two parts of `filePath` are written: `<name>.train.jsonl` and `<name>.valid.jsonl`
 * beside it; with a suffix, `<name>-<suffix>.train.jsonl` and so on, so the pair still matches.
 */
export function splitPaths(filePath: string, suffix?: number): { trainingPath: string; validationPath: string } {
	const directory = path.dirname(filePath);
	const name = path.basename(filePath, path.extname(filePath)) + (suffix === undefined ? '' : `-${suffix}`);
	return { trainingPath: path.join(directory, `${name}.train.jsonl`), validationPath: path.join(directory, `${name}.valid.jsonl`) };
}

/** How {@link splitFile} writes its parts. */
export interface SplitOptions {
	/** What to do when a part exists already, e.g. from an earlier split; asked once for both parts. */
	readonly whenExists: WhenExists;
	readonly signal?: AbortSignal;
}

/** The outcome of {@link splitFile}. */
export interface SplitResult {
	readonly trainingPath: string;
	readonly validationPath: string;
	readonly trainingCount: number;
	readonly validationCount: number;
}

/** Thrown when a file has too few examples to split. */
export class TooFewExamplesError extends Error {
	constructor(readonly count: number) {
		super(`${count} examples are too few to split`);
		this.name = 'TooFewExamplesError';
	}

	static is(error: unknown): error is TooFewExamplesError {
		return error instanceof TooFewExamplesError;
	}
}

/** Each non-blank line of the file: one example. */
async function* examplesOf(filePath: string, signal?: AbortSignal): AsyncGenerator<string> {
	const lines = createInterface({ input: createReadStream(filePath, { signal }), crlfDelay: Infinity });
	for await (const line of lines) {
		if (line.trim() !== '') {
			yield line;
		}
	}
}

/**
 * Splits `percent` % of the examples of `filePath` into a validation file and the rest into a
 * training file (see {@link splitPaths}), in two streaming passes: count, then write. Blank lines
 * are dropped; every other line lands in exactly one of the files, in its original order.
 */
export async function splitFile(filePath: string, percent: number, options: SplitOptions): Promise<SplitResult> {
	const { signal } = options;
	let count = 0;
	const counting = examplesOf(filePath, signal);
	while (!(await counting.next()).done) {
		count++;
	}
	if (count < 2) {
		throw new TooFewExamplesError(count);
	}
	const mask = chooseValidationExamples(count, percent);
	const { trainingPath, validationPath } = splitPaths(filePath);
	const freshNames = (suffix: number) => Object.values(splitPaths(filePath, suffix));
	const [training, validation] = (await openSafeWrites([trainingPath, validationPath], { whenExists: options.whenExists, freshNames })) as [SafeWriter, SafeWriter];
	let index = 0;
	try {
		for await (const line of examplesOf(filePath, signal)) {
			await (mask[index++] === 1 ? validation : training).write(`${line}\n`);
		}
		await training.commit();
		await validation.commit();
	} catch (error) {
		// Half-written parts would pass for a finished split next time.
		await Promise.all([training.abort(), validation.abort()]);
		throw error;
	}
	const validationExamples = mask.reduce((sum, value) => sum + value, 0);
	return { trainingPath: training.path, validationPath: validation.path, trainingCount: count - validationExamples, validationCount: validationExamples };
}
