import { NO_RANK, type RankTable } from './rankTable';

/** Pieces up to this many bytes merge with tiktoken's own quadratic loop, which is fastest when short. */
const SHORT_PIECE_BYTES = 48;

/** Scratch buffers up to this many bytes are kept between calls; longer pieces allocate and release theirs. */
const KEPT_SCRATCH_BYTES = 1 << 16;

const NO_PAIR = 0x7fffffff;
const MERGED_AWAY = -2;
const POSITION_SPAN = 2 ** 32;

/**
 * Byte pair encoding of one piece with tiktoken's merge order: repeatedly merge the adjacent pair whose
 * concatenation has the lowest rank, the leftmost on ties. Long pieces use a linked list and a min-heap of
 * (rank, position), O(n log n), where tiktoken's loop is O(n²) (a megabyte of one letter is one piece).
 */
export class BytePairMerger {
	private shortStarts = new Int32Array(SHORT_PIECE_BYTES + 1);
	private shortRanks = new Int32Array(SHORT_PIECE_BYTES + 1);
	private keptNext = new Int32Array(0);
	private keptPrevious = new Int32Array(0);
	private keptPairRank = new Int32Array(0);
	private keptHeap: Float64Array<ArrayBuffer> = new Float64Array(0);

	constructor(private readonly table: RankTable) {}

	/** Merges `bytes[0, length)` (length ≥ 1); returns the token count and, given `ranks`, appends the tokens. */
	merge(bytes: Uint8Array, length: number, ranks?: number[]): number {
		const whole = this.table.rank(bytes, 0, length);
		if (whole !== NO_RANK) {
			ranks?.push(whole);
			return 1;
		}
		return length <= SHORT_PIECE_BYTES ? this.mergeShort(bytes, length, ranks) : this.mergeLong(bytes, length, ranks);
	}

	private pairRank(bytes: Uint8Array, start: number, end: number): number {
		const rank = this.table.rank(bytes, start, end);
		return rank === NO_RANK ? NO_PAIR : rank;
	}

	/** tiktoken's `_byte_pair_merge`: part i spans starts[i]..starts[i+1]; pairRanks[i] merges parts i and i+1. */
	private mergeShort(bytes: Uint8Array, length: number, ranks: number[] | undefined): number {
		const starts = this.shortStarts;
		const pairRanks = this.shortRanks;
		for (let index = 0; index <= length; index++) {
			starts[index] = index;
		}
		let parts = length;
		for (let index = 0; index + 1 < parts; index++) {
			pairRanks[index] = this.pairRank(bytes, index, index + 2);
		}
		for (;;) {
			let best = NO_PAIR;
			let at = -1;
			for (let index = 0; index + 1 < parts; index++) {
				if (pairRanks[index] < best) {
					best = pairRanks[index];
					at = index;
				}
			}
			if (at < 0) {
				break;
			}
			starts.copyWithin(at + 1, at + 2, parts + 1);
			pairRanks.copyWithin(at + 1, at + 2, parts - 1);
			parts--;
			pairRanks[at] = at + 1 < parts ? this.pairRank(bytes, starts[at], starts[at + 2]) : NO_PAIR;
			if (at > 0) {
				pairRanks[at - 1] = this.pairRank(bytes, starts[at - 1], starts[at + 1]);
			}
		}
		if (ranks) {
			for (let index = 0; index < parts; index++) {
				ranks.push(this.table.rank(bytes, starts[index], starts[index + 1]));
			}
		}
		return parts;
	}

	/** The same merges for long pieces: parts are a linked list keyed by start byte, pairs wait in a min-heap. */
	private mergeLong(bytes: Uint8Array, length: number, ranks: number[] | undefined): number {
		const keep = length <= KEPT_SCRATCH_BYTES;
		if (keep && this.keptNext.length < length + 1) {
			this.keptNext = new Int32Array(KEPT_SCRATCH_BYTES + 1);
			this.keptPrevious = new Int32Array(KEPT_SCRATCH_BYTES + 1);
			this.keptPairRank = new Int32Array(KEPT_SCRATCH_BYTES + 1);
			this.keptHeap = new Float64Array(KEPT_SCRATCH_BYTES);
		}
		const next = keep ? this.keptNext : new Int32Array(length + 1);
		const previous = keep ? this.keptPrevious : new Int32Array(length + 1);
		const pairRank = keep ? this.keptPairRank : new Int32Array(length + 1);
		const heap = new MinHeap(keep ? this.keptHeap : new Float64Array(length));
		for (let index = 0; index < length; index++) {
			next[index] = index + 1;
			previous[index] = index - 1;
		}
		for (let index = 0; index < length; index++) {
			const rank = index + 1 < length ? this.pairRank(bytes, index, index + 2) : NO_PAIR;
			pairRank[index] = rank;
			if (rank !== NO_PAIR) {
				heap.push(rank * POSITION_SPAN + index);
			}
		}
		let parts = length;
		while (heap.size > 0) {
			const key = heap.pop();
			const start = key % POSITION_SPAN;
			const rank = (key - start) / POSITION_SPAN;
			// Entries are never removed, only superseded: skip one whose pair has since changed or merged away.
			if (pairRank[start] !== rank) {
				continue;
			}
			const absorbed = next[start];
			const following = next[absorbed];
			next[start] = following;
			if (following < length) {
				previous[following] = start;
			}
			pairRank[absorbed] = MERGED_AWAY;
			parts--;
			const merged = following < length ? this.pairRank(bytes, start, next[following]) : NO_PAIR;
			pairRank[start] = merged;
			if (merged !== NO_PAIR) {
				heap.push(merged * POSITION_SPAN + start);
			}
			if (start > 0) {
				const before = previous[start];
				const mergedBefore = this.pairRank(bytes, before, following);
				pairRank[before] = mergedBefore;
				if (mergedBefore !== NO_PAIR) {
					heap.push(mergedBefore * POSITION_SPAN + before);
				}
			}
		}
		if (keep && heap.storage.length > this.keptHeap.length) {
			this.keptHeap = heap.storage;
		}
		if (ranks) {
			for (let start = 0; start < length; start = next[start]) {
				ranks.push(this.table.rank(bytes, start, next[start]));
			}
		}
		return parts;
	}
}

/** A binary min-heap of numbers that grows its storage as needed. */
class MinHeap {
	size = 0;

	constructor(public storage: Float64Array<ArrayBuffer>) {}

	push(value: number): void {
		if (this.size === this.storage.length) {
			const grown = new Float64Array(Math.max(16, this.storage.length * 2));
			grown.set(this.storage);
			this.storage = grown;
		}
		const storage = this.storage;
		let index = this.size++;
		while (index > 0) {
			const parent = (index - 1) >> 1;
			if (storage[parent] <= value) {
				break;
			}
			storage[index] = storage[parent];
			index = parent;
		}
		storage[index] = value;
	}

	pop(): number {
		const storage = this.storage;
		const top = storage[0];
		const last = storage[--this.size];
		let index = 0;
		for (;;) {
			let child = 2 * index + 1;
			if (child >= this.size) {
				break;
			}
			if (child + 1 < this.size && storage[child + 1] < storage[child]) {
				child++;
			}
			if (storage[child] >= last) {
				break;
			}
			storage[index] = storage[child];
			index = child;
		}
		storage[index] = last;
		return top;
	}
}
