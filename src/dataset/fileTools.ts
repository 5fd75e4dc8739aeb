// Dedupe, sample and shuffle a JSON Lines file of any size: in streaming passes, with a few bytes
// per example in memory and never the text, each writing its output through the safe writer.
// (Split is the fine-tuning wizard's, in src/jobs/split.ts.)
import { closeSync, openSync, readSync } from 'node:fs';
import { withSafeWrites, type SafeWriter, type WhenExists } from '../safeWrite';
import { seededOrder } from '../seededRandom';
import { exampleHashes, hashGroups, nearDuplicateHash } from './duplicateGroups';
import { exampleBatches, type FileExample } from './lineReader';
import { exampleHash, GrowableArray } from './partition';

/** Where a tool writes and what it does with a file that is there already. */
export interface OutputOptions {
	readonly whenExists: WhenExists;
	readonly signal?: AbortSignal;
}

/** Duplicate groups reported by line: enough to look at, bounded on a file full of duplicates. */
export const MAX_REPORTED_GROUPS = 100;
/** Lines listed per reported group. */
export const MAX_LINES_PER_GROUP = 20;

/** Lines that are duplicates of each other. */
export interface DuplicateGroup {
	/** How many examples the group has. */
	readonly count: number;
	/** 1-based line numbers, the first kept; the first {@link MAX_LINES_PER_GROUP}. */
	readonly lines: readonly number[];
}

/** What {@link dedupeFile} did. */
export interface DedupeResult {
	readonly path: string;
	readonly examples: number;
	readonly kept: number;
	/** How many groups of two or more equal examples there were. */
	readonly groupCount: number;
	/** The first {@link MAX_REPORTED_GROUPS} groups, in the order of their first line. */
	readonly groups: readonly DuplicateGroup[];
}

const NEWLINE = Buffer.from('\n');

/**
 * Writes the examples of `input` to `output` without duplicates, keeping the first of each group
 * in its place. Duplicates are equal lines (white space around them aside), or with `near` also
 * records whose text differs only in white space and case.
 */
export async function dedupeFile(input: string, output: string, options: OutputOptions & { readonly near?: boolean }): Promise<DedupeResult> {
	const { groupOf, sizes } = hashGroups(await exampleHashes(input, options.near ? nearDuplicateHash : exampleHash, options.signal));
	const written = new Uint8Array(sizes.length);
	const reported = new Map<number, number[]>();
	const path = await writeExamplesKept(input, output, options, (example, index) => {
		const group = groupOf[index] as number;
		if ((sizes[group] as number) > 1) {
			const lines = reported.get(group) ?? (reported.size < MAX_REPORTED_GROUPS ? [] : undefined);
			if (lines && lines.length < MAX_LINES_PER_GROUP) {
				lines.push(example.line);
				reported.set(group, lines);
			}
		}
		const first = written[group] === 0;
		written[group] = 1;
		return first;
	});
	return {
		path,
		examples: groupOf.length,
		kept: sizes.length,
		groupCount: sizes.filter((size) => size > 1).length,
		groups: [...reported].map(([group, lines]) => ({ count: sizes[group] as number, lines })),
	};
}

/** How many examples a sample takes: a count, or a fraction of the file's. */
export type SampleSize = { readonly count: number } | { readonly fraction: number };

/** What {@link sampleFile} did. */
export interface SampleResult {
	readonly path: string;
	readonly examples: number;
	readonly sampled: number;
}

/**
 * Writes a seeded random sample of the examples of `input` to `output`, in their original order:
 * `count` of them (all when the file has fewer), or `fraction` of them, rounded.
 */
export async function sampleFile(input: string, output: string, size: SampleSize, seed: number, options: OutputOptions): Promise<SampleResult> {
	let examples = 0;
	for await (const batch of exampleBatches(input, options.signal)) {
		examples += batch.length;
	}
	const take = Math.min(examples, 'count' in size ? size.count : Math.round(size.fraction * examples));
	const chosen = new Uint8Array(examples);
	const order = seededOrder(examples, seed);
	for (let taken = 0; taken < take; taken++) {
		chosen[order.next().value as number] = 1;
	}
	const path = await writeExamplesKept(input, output, options, (_example, index) => chosen[index] === 1);
	return { path, examples, sampled: take };
}

/** Bytes gathered before each write of a shuffle. */
const SHUFFLE_WRITE_BYTES = 1024 * 1024;

/**
 * Writes the examples of `input` to `output` in a seeded random order. The first pass notes where
 * each example is (12 bytes an example); the second reads them from there in the new order.
 */
export async function shuffleFile(input: string, output: string, seed: number, options: OutputOptions): Promise<{ path: string; examples: number }> {
	const offsets = new GrowableArray(new Float64Array(1024));
	const lengths = new GrowableArray(new Uint32Array(1024));
	for await (const batch of exampleBatches(input, options.signal)) {
		for (const example of batch) {
			offsets.push(example.offset);
			lengths.push(example.bytes.length);
		}
	}
	const starts = offsets.toArray();
	const sizes = lengths.toArray();
	const descriptor = openSync(input, 'r');
	try {
		const { paths } = await withSafeWrites([output], options, async (writers) => {
			const writer = writers[0] as SafeWriter;
			let parts: Buffer[] = [];
			let gathered = 0;
			for (const index of seededOrder(starts.length, seed)) {
				options.signal?.throwIfAborted();
				const bytes = Buffer.allocUnsafe(sizes[index] as number);
				readSync(descriptor, bytes, 0, bytes.length, starts[index] as number);
				parts.push(bytes, NEWLINE);
				gathered += bytes.length + 1;
				if (gathered >= SHUFFLE_WRITE_BYTES) {
					await writer.write(Buffer.concat(parts));
					parts = [];
					gathered = 0;
				}
			}
			await writer.write(Buffer.concat(parts));
		});
		return { path: paths[0] as string, examples: starts.length };
	} finally {
		closeSync(descriptor);
	}
}

/** Streams the examples of `input` into `output` through the safe writer, those `keep` says yes to, in order; returns the path written. */
async function writeExamplesKept(input: string, output: string, options: OutputOptions, keep: (example: FileExample, index: number) => boolean): Promise<string> {
	let index = 0;
	const { paths } = await withSafeWrites([output], options, async (writers) => {
		const writer = writers[0] as SafeWriter;
		for await (const batch of exampleBatches(input, options.signal)) {
			const parts: Buffer[] = [];
			for (const example of batch) {
				if (keep(example, index++)) {
					parts.push(example.bytes, NEWLINE);
				}
			}
			await writer.write(Buffer.concat(parts));
		}
	});
	return paths[0] as string;
}
