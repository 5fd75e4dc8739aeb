// Telling duplicate examples apart in a file of any size: a hash per example (8 bytes), sorted once,
// never the examples themselves.
import { exampleBatches } from './lineReader';
import { exampleHash, GrowableArray } from './partition';
import { isObject } from './rules/context';

/** Examples grouped by equal hashes, the groups numbered in the order of their first example. */
export interface HashGroups {
	/** The group of each example. */
	readonly groupOf: Uint32Array;
	/** The number of examples in each group. */
	readonly sizes: Uint32Array;
}

/** Groups the examples whose hashes (one per example, in file order) are equal. */
export function hashGroups(hashes: Float64Array): HashGroups {
	const sorted = hashes.slice().sort();
	let distinct = 0;
	for (let index = 0; index < sorted.length; index++) {
		if (index === 0 || sorted[index] !== sorted[distinct - 1]) {
			sorted[distinct++] = sorted[index] as number;
		}
	}
	const unique = sorted.subarray(0, distinct);
	const unnumbered = 0xffff_ffff;
	const numberOf = new Uint32Array(distinct).fill(unnumbered);
	const groupOf = new Uint32Array(hashes.length);
	let groups = 0;
	for (let index = 0; index < hashes.length; index++) {
		const position = binarySearch(unique, hashes[index] as number);
		if (numberOf[position] === unnumbered) {
			numberOf[position] = groups++;
		}
		groupOf[index] = numberOf[position] as number;
	}
	const sizes = new Uint32Array(groups);
	for (const group of groupOf) {
		sizes[group] = (sizes[group] as number) + 1;
	}
	return { groupOf, sizes };
}

function binarySearch(sorted: Float64Array, value: number): number {
	let low = 0;
	let high = sorted.length - 1;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if ((sorted[middle] as number) < value) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}
	return low;
}

/**
 * A hash of a line that is equal for near duplicates: records whose text values differ only in
 * white space and case (and JSON that differs only in the spacing between its tokens). A line that
 * is not JSON is compared by its text, likewise normalised.
 */
export function nearDuplicateHash(bytes: Buffer): number {
	const text = bytes.toString('utf8');
	let normalised: string;
	try {
		normalised = JSON.stringify(normaliseStrings(JSON.parse(text)));
	} catch {
		normalised = normaliseText(text);
	}
	return exampleHash(Buffer.from(normalised));
}

function normaliseText(text: string): string {
	return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

function normaliseStrings(value: unknown): unknown {
	if (typeof value === 'string') {
		return normaliseText(value);
	}
	if (Array.isArray(value)) {
		return value.map(normaliseStrings);
	}
	if (isObject(value)) {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normaliseStrings(item)]));
	}
	return value;
}

/** The hash of each example of `file`, in order: the first of the two passes of a split or dedupe. */
export async function exampleHashes(file: string, hash: (bytes: Buffer) => number, signal?: AbortSignal): Promise<Float64Array> {
	const hashes = new GrowableArray(new Float64Array(1024));
	for await (const batch of exampleBatches(file, signal)) {
		for (const example of batch) {
			hashes.push(hash(example.bytes));
		}
	}
	return hashes.toArray();
}
