// tiktoken splits text with a regex before byte pair merging; these hand-written scanners reproduce its
// leftmost-first, backtracking matches exactly, alternative by alternative, in one forward pass that does not
// allocate. Patterns (from tiktoken's rank JSON), with \s = White_Space:
//
// o200k_base:
//   1 [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
//   2 [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
//   3 \p{N}{1,3}   4  ?[^\s\p{L}\p{N}]+[\r\n/]*   5 \s*[\r\n]+   6 \s+(?!\S)   7 \s+
// cl100k_base:
//   1 (?i:'s|'t|'re|'ve|'m|'ll|'d)   2 [^\r\n\p{L}\p{N}]?\p{L}+   3 \p{N}{1,3}   4  ?[^\s\p{L}\p{N}]+[\r\n]*
//   5 \s*[\r\n]+   6 \s+(?!\S)   7 \s+
import { CharClass } from './charClasses';

/** Returns the end (exclusive, in UTF-16 units) of the piece that starts at `start`. */
export type PieceSplitter = (text: string, start: number, classes: Uint8Array) => number;

const APOSTROPHE = 0x27;
const SPACE = 0x20;

/** The class of the code point at `index`; a lone surrogate is Other, as tiktoken sees U+FFFD. */
function classAt(text: string, index: number, classes: Uint8Array): number {
	const unit = text.charCodeAt(index);
	if (unit < 0xd800 || unit > 0xdbff) {
		return classes[unit];
	}
	const low = text.charCodeAt(index + 1);
	if (low >= 0xdc00 && low <= 0xdfff) {
		return classes[((unit - 0xd800) << 10) + (low - 0xdc00) + 0x10000];
	}
	return CharClass.Other;
}

/** The index after the code point at `index`. */
function after(text: string, index: number): number {
	const unit = text.charCodeAt(index);
	if (unit >= 0xd800 && unit <= 0xdbff) {
		const low = text.charCodeAt(index + 1);
		if (low >= 0xdc00 && low <= 0xdfff) {
			return index + 2;
		}
	}
	return index + 1;
}

/** o200k's [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]. */
function isUpperSet(charClass: number): boolean {
	return charClass === CharClass.Upper || charClass === CharClass.Letter || charClass === CharClass.Mark;
}

/** o200k's [\p{Ll}\p{Lm}\p{Lo}\p{M}]. */
function isLowerSet(charClass: number): boolean {
	return charClass === CharClass.Lower || charClass === CharClass.Letter || charClass === CharClass.Mark;
}

/** \p{L}. */
function isLetter(charClass: number): boolean {
	return charClass === CharClass.Upper || charClass === CharClass.Lower || charClass === CharClass.Letter;
}

/** [^\r\n\p{L}\p{N}], the optional prefix before letters. */
function isLetterPrefix(charClass: number): boolean {
	return charClass === CharClass.Other || charClass === CharClass.Mark || charClass === CharClass.Space;
}

/** [^\s\p{L}\p{N}]. */
function isPunctuation(charClass: number): boolean {
	return charClass === CharClass.Other || charClass === CharClass.Mark;
}

/** The length of (?i:'s|'t|'re|'ve|'m|'ll|'d) at `index`, or 0. Case folding makes ſ (U+017F) match s too. */
function contractionLength(text: string, index: number): number {
	if (text.charCodeAt(index) !== APOSTROPHE) {
		return 0;
	}
	const first = text.charCodeAt(index + 1) | 0x20;
	if (first === 0x73 /* s */ || first === 0x74 /* t */ || first === 0x6d /* m */ || first === 0x64 /* d */ || text.charCodeAt(index + 1) === 0x17f) {
		return 2;
	}
	const second = text.charCodeAt(index + 2) | 0x20;
	if (((first === 0x72 /* r */ || first === 0x76) /* v */ && second === 0x65) /* e */ || (first === 0x6c /* l */ && second === 0x6c)) {
		return 3;
	}
	return 0;
}

/** o200k alternative 1 without its prefix, from `start`: [upper]*[lower]+ contraction?; -1 if it fails. */
function matchUpperThenLower(text: string, start: number, classes: Uint8Array): number {
	const length = text.length;
	let index = start;
	// Backtracking [upper]* lands on the last character that is also in [lower], so remember it going forward.
	let lastInBoth = -1;
	while (index < length) {
		const charClass = classAt(text, index, classes);
		if (!isUpperSet(charClass)) {
			break;
		}
		if (charClass !== CharClass.Upper) {
			lastInBoth = index;
		}
		index = after(text, index);
	}
	let end: number;
	if (index < length && classAt(text, index, classes) === CharClass.Lower) {
		end = index;
		while (end < length && isLowerSet(classAt(text, end, classes))) {
			end = after(text, end);
		}
	} else if (lastInBoth >= 0) {
		// Everything after lastInBoth in the run is Upper, so [lower]+ takes that one character.
		end = after(text, lastInBoth);
	} else {
		return -1;
	}
	return end + contractionLength(text, end);
}

/** o200k alternative 2 without its prefix, from `start`: [upper]+[lower]* contraction?; -1 if it fails. */
function matchUpperRun(text: string, start: number, classes: Uint8Array): number {
	const length = text.length;
	if (start >= length || !isUpperSet(classAt(text, start, classes))) {
		return -1;
	}
	let end = start;
	while (end < length && isUpperSet(classAt(text, end, classes))) {
		end = after(text, end);
	}
	while (end < length && isLowerSet(classAt(text, end, classes))) {
		end = after(text, end);
	}
	return end + contractionLength(text, end);
}

/** \p{N}{1,3} from `start`, whose class is Number. */
function numberEnd(text: string, start: number, classes: Uint8Array): number {
	let end = after(text, start);
	for (let taken = 1; taken < 3 && end < text.length && classAt(text, end, classes) === CharClass.Number; taken++) {
		end = after(text, end);
	}
	return end;
}

/** ` ?[^\s\p{L}\p{N}]+` then [\r\n]* (o200k: [\r\n/]*); -1 if it fails. */
function punctuationEnd(text: string, start: number, classes: Uint8Array, slashTrails: boolean): number {
	const length = text.length;
	let index = start;
	if (text.charCodeAt(index) === SPACE && index + 1 < length && isPunctuation(classAt(text, index + 1, classes))) {
		index++;
	} else if (!isPunctuation(classAt(text, index, classes))) {
		return -1;
	}
	while (index < length && isPunctuation(classAt(text, index, classes))) {
		index = after(text, index);
	}
	let unit = text.charCodeAt(index);
	while (unit === 0x0a || unit === 0x0d || (slashTrails && unit === 0x2f)) {
		unit = text.charCodeAt(++index);
	}
	return index;
}

/** Alternatives 5-7 from `start`, whose class is Space or Newline (all White_Space is in the BMP). */
function whitespaceEnd(text: string, start: number, classes: Uint8Array): number {
	const length = text.length;
	let end = start;
	let lastNewline = -1;
	while (end < length) {
		const charClass = classes[text.charCodeAt(end)];
		if (charClass === CharClass.Newline) {
			lastNewline = end;
		} else if (charClass !== CharClass.Space) {
			break;
		}
		end++;
	}
	if (lastNewline >= 0) {
		return lastNewline + 1; // \s*[\r\n]+
	}
	if (end === length || end - start === 1) {
		return end; // \s+(?!\S) at the end of the text, or \s+ for a lone space before a non-space
	}
	return end - 1; // \s+(?!\S) leaves the last space to prefix what follows
}

/** The o200k_base pretokenizer. */
export const splitO200k: PieceSplitter = (text, start, classes) => {
	const charClass = classAt(text, start, classes);
	const prefixed = isLetterPrefix(charClass);
	const letterStart = prefixed ? after(text, start) : start;
	let end: number;
	if (prefixed && (end = matchUpperThenLower(text, letterStart, classes)) >= 0) {
		return end;
	}
	if ((isUpperSet(charClass) || isLowerSet(charClass)) && (end = matchUpperThenLower(text, start, classes)) >= 0) {
		return end;
	}
	if (prefixed && (end = matchUpperRun(text, letterStart, classes)) >= 0) {
		return end;
	}
	if ((end = matchUpperRun(text, start, classes)) >= 0) {
		return end;
	}
	if (charClass === CharClass.Number) {
		return numberEnd(text, start, classes);
	}
	if ((end = punctuationEnd(text, start, classes, true)) >= 0) {
		return end;
	}
	return whitespaceEnd(text, start, classes);
};

/** The cl100k_base pretokenizer. */
export const splitCl100k: PieceSplitter = (text, start, classes) => {
	const contraction = contractionLength(text, start);
	if (contraction > 0) {
		return start + contraction;
	}
	const length = text.length;
	const charClass = classAt(text, start, classes);
	let letterStart = -1;
	if (isLetter(charClass)) {
		letterStart = start;
	} else if (isLetterPrefix(charClass)) {
		const next = after(text, start);
		if (next < length && isLetter(classAt(text, next, classes))) {
			letterStart = next;
		}
	}
	if (letterStart >= 0) {
		let end = letterStart;
		while (end < length && isLetter(classAt(text, end, classes))) {
			end = after(text, end);
		}
		return end;
	}
	if (charClass === CharClass.Number) {
		return numberEnd(text, start, classes);
	}
	const end = punctuationEnd(text, start, classes, false);
	return end >= 0 ? end : whitespaceEnd(text, start, classes);
};
