// Exact OpenAI token counts without tiktoken's WASM: a pretokenizer that reproduces tiktoken's regex, byte
// pair merging over rank files shipped beside the bundles (see tokenizer/rankFiles.js), and a cache of counts
// per piece, since most words repeat. Pure TypeScript, so the extension host, workers and the CLI share it.
import * as path from 'node:path';
import { BytePairMerger } from './tokenizer/bytePairMerge';
import { buildCharClassTable } from './tokenizer/charClasses';
import { splitCl100k, splitO200k, type PieceSplitter } from './tokenizer/pretokenize';
import { RankTable } from './tokenizer/rankTable';

/** A tiktoken encoding the linter can count with. */
export type EncodingName = 'o200k_base' | 'cl100k_base';

/** Counts and encodes text the way OpenAI's tiktoken does for one encoding. */
export interface Tokenizer {
	readonly encoding: EncodingName;
	/**
	 * Exactly the number of tokens OpenAI's tiktoken `encode_ordinary(text)` yields (special tokens are treated
	 * as plain text). A lone surrogate counts as U+FFFD, as it does in the `tiktoken` npm package and in
	 * Python's tiktoken (0.14 encodes `'a\ud800b'` with o200k_base as `[64, 3251, 65]`, the middle one U+FFFD).
	 */
	count(text: string): number;
	/** The token ids, same as tiktoken encode_ordinary (used by tests; may be slower). */
	encode(text: string): number[];
}

/** The extension of the rank files in the rank directory; must match rankFiles.js. */
export const RANK_FILE_EXTENSION = 'ranks';

const O200K_MODEL = /^(?:gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o\d|codex)/;
const CL100K_MODEL = /^(?:gpt-4|gpt-3\.5|gpt-35|babbage-002|davinci-002|text-embedding-(?:ada-002|3))/;

/** Pieces this long or shorter are cached; longer ones are rare and would only crowd the cache. */
const MAX_CACHED_PIECE = 64;
/** The cache is cleared when it reaches this many pieces, bounding memory at a few megabytes. */
const MAX_CACHED_PIECES = 100_000;
/**
 * A piece of one character repeated (a run of spaces) at least `RUN_PERIOD` × 3 long is counted from
 * three shorter runs of the same length modulo the period: byte pair merging of a run builds equal
 * blocks from its left, so a period more adds a fixed number of tokens. Where the three disagree
 * on that number (a block length that does not divide the period), the run is merged whole.
 */
const RUN_PERIOD = 4096;

/**
 * o200k_base for gpt-4o, gpt-4.1, o-series (o1, o3, o4-mini…), gpt-5; cl100k_base for gpt-3.5-turbo, gpt-4
 * (non-o), babbage-002, davinci-002, and fine-tuned ids like "ft:gpt-4o-mini-2024-07-18:org::abc" map through
 * their base. Unknown models get o200k_base, the encoding of every current model.
 */
export function encodingForModel(model: string): EncodingName {
	const base = model.startsWith('ft:') ? (model.split(':')[1] ?? '') : model;
	if (O200K_MODEL.test(base)) {
		return 'o200k_base';
	}
	return CL100K_MODEL.test(base) ? 'cl100k_base' : 'o200k_base';
}

let rankDirectory = path.join(__dirname, 'tokenizer');
const tokenizers = new Map<EncodingName, Tokenizer>();
let charClasses: Uint8Array | undefined;

/**
 * Sets where `getTokenizer` reads `<encoding>.ranks` (default: `tokenizer/` beside this script, which is
 * `dist/tokenizer/` for the bundles). Tokenizers already loaded are kept.
 */
export function setRankDirectory(directory: string): void {
	rankDirectory = directory;
}

/** Where `getTokenizer` reads rank files, for handing on to a worker thread's `setRankDirectory`. */
export function getRankDirectory(): string {
	return rankDirectory;
}

/** Loads (once, lazily, synchronously) and returns a tokenizer; the rank file is read from disk. */
export function getTokenizer(encoding: EncodingName): Tokenizer {
	let tokenizer = tokenizers.get(encoding);
	if (!tokenizer) {
		charClasses ??= buildCharClassTable();
		const ranks = RankTable.load(path.join(rankDirectory, `${encoding}.${RANK_FILE_EXTENSION}`));
		tokenizer = new BytePairTokenizer(encoding, ranks, charClasses, encoding === 'o200k_base' ? splitO200k : splitCl100k);
		tokenizers.set(encoding, tokenizer);
	}
	return tokenizer;
}

class BytePairTokenizer implements Tokenizer {
	private readonly merger: BytePairMerger;
	private readonly countCache = new Map<string, number>();
	/** UTF-8 of the current piece; grown on demand. */
	private pieceBytes = new Uint8Array(256);

	constructor(
		readonly encoding: EncodingName,
		ranks: RankTable,
		private readonly charClasses: Uint8Array,
		private readonly split: PieceSplitter,
	) {
		this.merger = new BytePairMerger(ranks);
	}

	count(text: string): number {
		const { countCache, charClasses, split } = this;
		let total = 0;
		for (let start = 0; start < text.length; ) {
			const end = split(text, start, charClasses);
			if (end - start === 1 && text.charCodeAt(start) < 0x80) {
				total++; // every single byte is a token
			} else if (end - start > MAX_CACHED_PIECE) {
				total += this.countRun(text, start, end) ?? this.mergePiece(text, start, end);
			} else {
				const piece = text.slice(start, end);
				let count = countCache.get(piece);
				if (count === undefined) {
					count = this.mergePiece(text, start, end);
					if (countCache.size >= MAX_CACHED_PIECES) {
						countCache.clear();
					}
					countCache.set(piece, count);
				}
				total += count;
			}
			start = end;
		}
		return total;
	}

	/** The tokens of `text[start, end)` if it is one long run of a character, by its period; else undefined. */
	private countRun(text: string, start: number, end: number): number | undefined {
		const length = end - start;
		const unit = text.charCodeAt(start);
		if (length < 3 * RUN_PERIOD || (unit >= 0xd800 && unit <= 0xdfff)) {
			return undefined;
		}
		for (let index = start + 1; index < end; index++) {
			if (text.charCodeAt(index) !== unit) {
				return undefined;
			}
		}
		const remainder = length % RUN_PERIOD;
		const run = String.fromCharCode(unit).repeat(remainder + 3 * RUN_PERIOD);
		const [one, two, three] = [1, 2, 3].map((periods) => this.mergePiece(run, 0, remainder + periods * RUN_PERIOD)) as [number, number, number];
		const perPeriod = two - one;
		return three - two === perPeriod ? one + perPeriod * ((length - remainder) / RUN_PERIOD - 1) : undefined;
	}

	encode(text: string): number[] {
		const ids: number[] = [];
		for (let start = 0; start < text.length; ) {
			const end = this.split(text, start, this.charClasses);
			this.mergePiece(text, start, end, ids);
			start = end;
		}
		return ids;
	}

	private mergePiece(text: string, start: number, end: number, ids?: number[]): number {
		const length = this.encodePiece(text, start, end);
		return this.merger.merge(this.pieceBytes, length, ids);
	}

	/** Writes the UTF-8 of `text[start, end)` to `pieceBytes` and returns its length; lone surrogates become U+FFFD. */
	private encodePiece(text: string, start: number, end: number): number {
		if (this.pieceBytes.length < (end - start) * 3) {
			this.pieceBytes = new Uint8Array((end - start) * 3);
		}
		const bytes = this.pieceBytes;
		let length = 0;
		for (let index = start; index < end; index++) {
			let unit = text.charCodeAt(index);
			if (unit < 0x80) {
				bytes[length++] = unit;
			} else if (unit < 0x800) {
				bytes[length++] = 0xc0 | (unit >> 6);
				bytes[length++] = 0x80 | (unit & 0x3f);
			} else {
				if (unit >= 0xd800 && unit <= 0xdfff) {
					const low = text.charCodeAt(index + 1);
					if (unit <= 0xdbff && index + 1 < end && low >= 0xdc00 && low <= 0xdfff) {
						const codePoint = ((unit - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
						bytes[length++] = 0xf0 | (codePoint >> 18);
						bytes[length++] = 0x80 | ((codePoint >> 12) & 0x3f);
						bytes[length++] = 0x80 | ((codePoint >> 6) & 0x3f);
						bytes[length++] = 0x80 | (codePoint & 0x3f);
						index++;
						continue;
					}
					unit = 0xfffd;
				}
				bytes[length++] = 0xe0 | (unit >> 12);
				bytes[length++] = 0x80 | ((unit >> 6) & 0x3f);
				bytes[length++] = 0x80 | (unit & 0x3f);
			}
		}
		return length;
	}
}
