import * as fs from 'node:fs';

/** The first four bytes of a rank file; must match `RANK_FILE_MAGIC` in rankFiles.js. */
const RANK_FILE_MAGIC = 'FTRK';

/** A token absent from the table. */
export const NO_RANK = -1;

/**
 * Maps byte sequences to BPE ranks. An open-addressing hash table over the rank file's own bytes, so lookups
 * of a slice of a piece allocate nothing and loading costs one pass over ~1.4 MB.
 */
export class RankTable {
	/** The longest token, in bytes; longer slices are never looked up. */
	readonly maxTokenLength: number;
	private readonly tokenBytes: Uint8Array;
	private readonly tokenStart: Uint32Array;
	private readonly tokenLength: Uint8Array;
	/** Rank + 1 per slot; 0 marks an empty slot. */
	private readonly slots: Int32Array;
	private readonly slotMask: number;

	/** Parses a rank file written by rankFiles.js. */
	constructor(file: Uint8Array) {
		const magic = String.fromCharCode(file[0], file[1], file[2], file[3]);
		if (magic !== RANK_FILE_MAGIC) {
			throw new Error(`Not a rank file (magic ${JSON.stringify(magic)}).`);
		}
		const count = new DataView(file.buffer, file.byteOffset, file.byteLength).getUint32(4, true);
		this.tokenLength = file.subarray(8, 8 + count);
		this.tokenBytes = file;
		this.tokenStart = new Uint32Array(count);
		let capacity = 1;
		while (capacity < count * 2) {
			capacity *= 2;
		}
		this.slots = new Int32Array(capacity);
		this.slotMask = capacity - 1;
		let offset = 8 + count;
		let maxTokenLength = 0;
		for (let rank = 0; rank < count; rank++) {
			const length = this.tokenLength[rank];
			this.tokenStart[rank] = offset;
			maxTokenLength = Math.max(maxTokenLength, length);
			let slot = hashBytes(file, offset, offset + length) & this.slotMask;
			while (this.slots[slot] !== 0) {
				slot = (slot + 1) & this.slotMask;
			}
			this.slots[slot] = rank + 1;
			offset += length;
		}
		if (offset !== file.length) {
			throw new Error(`Rank file is ${file.length} bytes, expected ${offset}.`);
		}
		this.maxTokenLength = maxTokenLength;
	}

	/** Reads and parses a rank file. */
	static load(filePath: string): RankTable {
		return new RankTable(fs.readFileSync(filePath));
	}

	/** The rank of `bytes[start, end)`, or NO_RANK. */
	rank(bytes: Uint8Array, start: number, end: number): number {
		const length = end - start;
		if (length > this.maxTokenLength) {
			return NO_RANK;
		}
		const { slots, slotMask, tokenBytes, tokenStart, tokenLength } = this;
		for (let slot = hashBytes(bytes, start, end) & slotMask; ; slot = (slot + 1) & slotMask) {
			const entry = slots[slot];
			if (entry === 0) {
				return NO_RANK;
			}
			const rank = entry - 1;
			if (tokenLength[rank] === length && bytesEqual(bytes, start, tokenBytes, tokenStart[rank], length)) {
				return rank;
			}
		}
	}
}

/** FNV-1a over `bytes[start, end)`. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
	let hash = 0x811c9dc5;
	for (let index = start; index < end; index++) {
		hash = Math.imul(hash ^ bytes[index], 0x01000193);
	}
	return hash ^ (hash >>> 15);
}

function bytesEqual(left: Uint8Array, leftStart: number, right: Uint8Array, rightStart: number, length: number): boolean {
	for (let index = 0; index < length; index++) {
		if (left[leftStart + index] !== right[rightStart + index]) {
			return false;
		}
	}
	return true;
}
