// Splitting a validation set off a training file. The choice of examples is a seeded shuffle, so the
// same file and percentage always give the same two files; the files are streamed, never loaded whole,
// and duplicates stay together on one side.
import * as path from 'node:path';
import { exampleHashes, hashGroups } from '../dataset/duplicateGroups';
import { exampleBatches } from '../dataset/lineReader';
import { exampleHash } from '../dataset/partition';
import { withSafeWrites, type SafeWriter, type WhenExists } from '../safeWrite';
import { seededOrder } from '../seededRandom';

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
 * Which groups of examples go to the validation set, given the size of each group (duplicates
 * form one group, so that no example is on both sides): groups drawn in a seeded random order,
 * each taken while it fits into {@link validationCount} examples; when none fits, the smallest.
 * With groups of one this is a seeded partial Fisher–Yates shuffle of the examples.
 */
export function chooseValidationGroups(sizes: Uint32Array, percent: number, seed = SPLIT_SEED): Uint8Array {
	const total = sizes.reduce((sum, size) => sum + size, 0);
	const take = validationCount(total, percent);
	const mask = new Uint8Array(sizes.length);
	if (sizes.length < 2) {
		return mask;
	}
	let taken = 0;
	let smallest = 0;
	for (const group of seededOrder(sizes.length, seed)) {
		if (taken === take) {
			break;
		}
		const size = sizes[group] as number;
		if (taken + size <= take) {
			mask[group] = 1;
			taken += size;
		}
		smallest = size < (sizes[smallest] as number) ? group : smallest;
	}
	if (taken === 0) {
		mask[smallest] = 1;
	}
	return mask;
}

/** Which of `count` distinct examples (by index) go to the validation set: {@link validationCount} of them. */
export function chooseValidationExamples(count: number, percent: number, seed?: number): Uint8Array {
	return chooseValidationGroups(new Uint32Array(count).fill(1), percent, seed);
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
	/** The seed of the random choice; by default the wizard's, so that its splits can be reproduced. */
	readonly seed?: number;
	/** Where the parts go; by default {@link splitPaths}. */
	readonly targets?: { readonly trainingPath: string; readonly validationPath: string };
}

/** The outcome of {@link splitFile}. */
export interface SplitResult {
	readonly trainingPath: string;
	readonly validationPath: string;
	readonly trainingCount: number;
	readonly validationCount: number;
}

/** Thrown when a file has too few distinct examples to split. */
export class TooFewExamplesError extends Error {
	constructor(
		readonly count: number,
		readonly distinct = count,
	) {
		super(`${count} examples${distinct === count ? '' : ` (${distinct} distinct)`} are too few to split`);
		this.name = 'TooFewExamplesError';
	}

	static is(error: unknown): error is TooFewExamplesError {
		return error instanceof TooFewExamplesError;
	}
}

const NEWLINE = Buffer.from('\n');

/**
 * Splits `percent` % of the examples of `filePath` into a validation file and the rest into a
 * training file (see {@link splitPaths}), in two streaming passes: hash, then write. Duplicates
 * (the same line, white space around it aside) all go to the same side, as the linter would flag
 * them in both. Blank lines are dropped; every other line lands in exactly one of the files, in its
 * original order. Memory holds some 30 bytes per example, never the text.
 */
export async function splitFile(filePath: string, percent: number, options: SplitOptions): Promise<SplitResult> {
	const { signal } = options;
	const { groupOf, sizes } = hashGroups(await exampleHashes(filePath, exampleHash, signal));
	if (sizes.length < 2) {
		throw new TooFewExamplesError(groupOf.length, sizes.length);
	}
	const mask = chooseValidationGroups(sizes, percent, options.seed);
	const targets = options.targets ?? splitPaths(filePath);
	// Fresh names keep the pair matching; explicit targets were named by the user.
	const freshNames = options.targets ? undefined : (suffix: number) => Object.values(splitPaths(filePath, suffix));
	let index = 0;
	let validationExamples = 0;
	const { paths } = await withSafeWrites([targets.trainingPath, targets.validationPath], { whenExists: options.whenExists, freshNames }, async (writers) => {
		const [training, validation] = writers as [SafeWriter, SafeWriter];
		for await (const batch of exampleBatches(filePath, signal)) {
			const parts: [Buffer[], Buffer[]] = [[], []];
			for (const example of batch) {
				const side = mask[groupOf[index++] as number] as 0 | 1;
				validationExamples += side;
				parts[side].push(example.bytes, NEWLINE);
			}
			await training.write(Buffer.concat(parts[0]));
			await validation.write(Buffer.concat(parts[1]));
		}
	});
	return { trainingPath: paths[0] as string, validationPath: paths[1] as string, trainingCount: groupOf.length - validationExamples, validationCount: validationExamples };
}
