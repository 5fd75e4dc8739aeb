/**
 * Mulberry32: a small, fast generator of numbers in [0, 1) that gives the same sequence for the same
 * seed on every platform, for deterministic splits, simulations and test data.
 */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/**
 * The numbers 0 … count-1 in a seeded random order, drawn lazily by a Fisher–Yates shuffle, so
 * that taking the first k of them costs k draws (and 4 bytes per number, never the items).
 */
export function* seededOrder(count: number, seed: number): Generator<number> {
	const indices = Uint32Array.from({ length: count }, (_, index) => index);
	const random = seededRandom(seed);
	for (let position = 0; position < count; position++) {
		const swap = position + Math.floor(random() * (count - position));
		const picked = indices[swap] as number;
		indices[swap] = indices[position] as number;
		indices[position] = picked;
		yield picked;
	}
}
