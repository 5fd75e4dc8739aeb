// V8 hashes a string of more than 16,383 characters by its length alone, so a Map keyed by many long
// texts of one length degrades into a list: keying 4,000 crafted lines of 20,000 characters took 24 s
// (16,000 characters: 0.1 s). Long texts are therefore keyed here by their SHA-256 digest, which no
// file can make collide, so that a hostile dataset cannot freeze the linter through its maps.
import { createHash } from 'node:crypto';

/** The longest string V8 hashes by its content (`String::kMaxHashCalcLength`). */
const HASHED_BY_CONTENT = 16_383;

function digestOf(text: string): string {
	return createHash('sha256').update(text).digest('base64');
}

/**
 * A map from texts (lines, prompts, roles) to values that stays linear on any input. Iteration yields
 * the short texts in insertion order, then the long ones in theirs.
 */
export class TextMap<V> implements Iterable<[string, V]> {
	private readonly short = new Map<string, V>();
	private readonly long = new Map<string, { readonly text: string; value: V }>();

	get size(): number {
		return this.short.size + this.long.size;
	}

	get(text: string): V | undefined {
		return text.length <= HASHED_BY_CONTENT ? this.short.get(text) : this.long.get(digestOf(text))?.value;
	}

	has(text: string): boolean {
		return text.length <= HASHED_BY_CONTENT ? this.short.has(text) : this.long.has(digestOf(text));
	}

	set(text: string, value: V): this {
		if (text.length <= HASHED_BY_CONTENT) {
			this.short.set(text, value);
		} else {
			this.long.set(digestOf(text), { text, value });
		}
		return this;
	}

	delete(text: string): boolean {
		return text.length <= HASHED_BY_CONTENT ? this.short.delete(text) : this.long.delete(digestOf(text));
	}

	clear(): void {
		this.short.clear();
		this.long.clear();
	}

	*[Symbol.iterator](): IterableIterator<[string, V]> {
		yield* this.short;
		for (const { text, value } of this.long.values()) {
			yield [text, value];
		}
	}

	*values(): IterableIterator<V> {
		for (const [, value] of this) {
			yield value;
		}
	}
}
