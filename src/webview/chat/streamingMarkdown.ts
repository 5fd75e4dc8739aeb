// What of a reply's last, still growing block can be shown while it streams. Pure text in, text out (no
// DOM), so it runs the same in the webview and in unit tests.
//
// Markdown read a character at a time says things it takes back: `**wor` shows two asterisks until
// `d**` arrives, `[docs](https://exa` shows brackets until `)`, a lone `-` under a line makes it a
// heading until the list item's text follows. The text shown for the open block therefore holds such
// a construct back until it is complete, or closes it early where the end is certain (emphasis and
// code spans that already have text). An unterminated code fence needs nothing: CommonMark closes it at
// the end of the text, so it shows as a code block from its first line on.

const FENCE_OPENING = /^ {0,3}(`{3,}|~{3,})(.*)$/;
/** A last line that could still become a block marker, a setext underline or a fence: shown once its line ends. */
const PENDING_MARKER_LINE = /^ {0,3}(?:[-+*]|\d{1,9}[.)]?|#{1,6}|[-=_*]{2,}|`{1,2}|~{1,2})[ \t]*$/;
/** Lines that start a new inline context (list item, quote, heading): emphasis does not carry over them. */
const CONTAINER_START = /^[ \t]*(?:[-+*][ \t]|\d{1,9}[.)][ \t]|>|#{1,6}[ \t])/;
const TABLE_ROW = /^ {0,3}\|/;
const TABLE_DELIMITER_SO_FAR = /^ {0,3}\|?[ \t:|-]*$/;

/** `text`, a reply's open (last) block as it stands mid-stream, as it may be shown now. */
export function displayableWhileStreaming(text: string): string {
	const lineStart = text.lastIndexOf('\n') + 1;
	const head = text.slice(0, lineStart);
	const last = text.slice(lineStart);
	const fence = openFence(head);
	if (fence !== undefined) {
		// Inside a code block only a closing fence in the making is held back; the code itself is text.
		const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}+[ \\t]*$`);
		return closing.test(last) ? head : text;
	}
	if (PENDING_MARKER_LINE.test(last)) {
		return head;
	}
	if (isTableHeaderAlone(head, last)) {
		return '';
	}
	if (FENCE_OPENING.test(last)) {
		return text;
	}
	const lines = text.split('\n');
	let regionStart = 0;
	for (let index = lines.length - 1; index >= 0; index--) {
		const line = lines[index] as string;
		if (line.trim() === '' && index < lines.length - 1) {
			regionStart = index + 1;
			break;
		}
		if (CONTAINER_START.test(line)) {
			regionStart = index;
			break;
		}
	}
	const offset = lines.slice(0, regionStart).reduce((sum, line) => sum + line.length + 1, 0);
	return text.slice(0, offset) + closeInline(text.slice(offset));
}

/** The code fence still open at the end of `lines`, if one is: its marker and the line it opened on. */
function openFenceIn(lines: readonly string[]): { marker: string; line: number } | undefined {
	let open: { marker: string; line: number } | undefined;
	lines.forEach((line, index) => {
		const match = FENCE_OPENING.exec(line);
		if (!match) {
			return;
		}
		const [, marker = '', info = ''] = match;
		if (open === undefined) {
			// A backtick fence's info string may not hold a backtick (then it is inline code, not a fence).
			if (!(marker[0] === '`' && info.includes('`'))) {
				open = { marker, line: index };
			}
		} else if (marker[0] === open.marker[0] && marker.length >= open.marker.length && info.trim() === '') {
			open = undefined;
		}
	});
	return open;
}

function openFence(completeLines: string): string | undefined {
	return openFenceIn(completeLines.split('\n'))?.marker;
}

/**
 * `text` (as `displayableWhileStreaming` gave it) when it is one code fence still open, from its
 * first line and not indented: its opening line and its code so far, which markdown-it would show as is.
 */
export function streamingCodeFence(text: string): { opening: string; code: string } | undefined {
	const firstLineEnd = text.indexOf('\n');
	if (firstLineEnd < 0 || text[0] === ' ' || openFenceIn(text.split('\n'))?.line !== 0) {
		return undefined;
	}
	return { opening: text.slice(0, firstLineEnd + 1), code: text.slice(firstLineEnd + 1) };
}

/** A table's header row with no delimiter row yet would show as a paragraph of pipes. */
function isTableHeaderAlone(head: string, last: string): boolean {
	const lines = head.split('\n').slice(0, -1);
	if (lines.length === 0 && TABLE_ROW.test(last)) {
		return true;
	}
	return lines.length === 1 && TABLE_ROW.test(lines[0] as string) && TABLE_DELIMITER_SO_FAR.test(last);
}

const TRAILING_PARTIALS = [
	/[*_~`]+$/, // a delimiter run that may be longer or an opener with no text yet
	/(?<!\\)\\$/, // an escape waiting for its character
	/&#?[A-Za-z0-9]{0,31}$/, // an entity being spelled
	/<[A-Za-z][^\s<>]*$/, // an autolink being spelled
	/!?\[$/, // a link or image with no text yet
];

/**
 * An inline region (one paragraph, list item or heading so far) with its incomplete end taken away
 * and its open emphasis and code spans closed.
 */
export function closeInline(region: string): string {
	let text = region;
	for (let changed = true; changed; ) {
		changed = false;
		for (const partial of TRAILING_PARTIALS) {
			const stripped = text.replace(partial, '');
			if (stripped !== text) {
				text = stripped;
				changed = true;
			}
		}
	}
	text = holdBackOpenLink(text);
	return text + closersOf(text);
}

/** `[text](https://exa` shows as `text`, `![alt](…` as nothing, `[text` and `[text]` (a link that may follow) as `text`. */
function holdBackOpenLink(text: string): string {
	const brackets: { start: number; image: boolean }[] = [];
	let lastClosed: { start: number; end: number; image: boolean } | undefined;
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (char === '\\') {
			index++;
		} else if (char === '`') {
			const run = backtickRunAt(text, index);
			const close = text.indexOf(run, index + run.length);
			if (close < 0) {
				break;
			}
			index = close + run.length - 1;
		} else if (char === '[') {
			brackets.push({ start: text[index - 1] === '!' ? index - 1 : index, image: text[index - 1] === '!' });
		} else if (char === ']' && brackets.length > 0) {
			const open = brackets.pop() as { start: number; image: boolean };
			lastClosed = { ...open, end: index };
			if (text[index + 1] === '(') {
				const destinationEnd = closingParenthesis(text, index + 2);
				if (destinationEnd < 0) {
					const label = text.slice(open.start + (open.image ? 2 : 1), index);
					return text.slice(0, open.start) + (open.image ? '' : label);
				}
				index = destinationEnd;
				lastClosed = undefined;
			}
		}
	}
	if (lastClosed && lastClosed.end === text.length - 1 && brackets.length === 0) {
		return text.slice(0, lastClosed.start) + (lastClosed.image ? '' : text.slice(lastClosed.start + (lastClosed.image ? 2 : 1), lastClosed.end));
	}
	const unclosed = brackets[0];
	if (unclosed) {
		const label = text.slice(unclosed.start + (unclosed.image ? 2 : 1));
		return text.slice(0, unclosed.start) + (unclosed.image ? '' : label);
	}
	return text;
}

function backtickRunAt(text: string, index: number): string {
	let end = index;
	while (text[end] === '`') {
		end++;
	}
	return text.slice(index, end);
}

/** Where the link destination starting at `from` ends (its `)`), or -1 while it goes on. */
function closingParenthesis(text: string, from: number): number {
	let depth = 0;
	for (let index = from; index < text.length; index++) {
		const char = text[index];
		if (char === '\\') {
			index++;
		} else if (char === '(') {
			depth++;
		} else if (char === ')') {
			if (depth === 0) {
				return index;
			}
			depth--;
		}
	}
	return -1;
}

const isWordCharacter = (char: string | undefined): boolean => char !== undefined && /[\p{L}\p{N}]/u.test(char);
const isSpace = (char: string | undefined): boolean => char === undefined || /\s/.test(char);

/** The markers that close what `text` left open: an inline code span, emphasis, strikethrough. */
function closersOf(text: string): string {
	const open: string[] = [];
	for (let index = 0; index < text.length; index++) {
		const char = text[index] as string;
		if (char === '\\') {
			index++;
			continue;
		}
		if (char === '`') {
			const run = backtickRunAt(text, index);
			const close = text.indexOf(run, index + run.length);
			if (close < 0) {
				// The rest is code: nothing in it opens emphasis.
				return run + [...open].reverse().join('');
			}
			index = close + run.length - 1;
			continue;
		}
		if (char !== '*' && char !== '_' && char !== '~') {
			continue;
		}
		let end = index;
		while (text[end] === char) {
			end++;
		}
		const run = text.slice(index, end);
		const before = text[index - 1];
		const after = text[end];
		index = end - 1;
		if (char === '~' && run.length !== 2) {
			continue;
		}
		const top = open.at(-1);
		const canClose = !isSpace(before) && (char !== '_' || !isWordCharacter(after));
		if (top === run && canClose) {
			open.pop();
			continue;
		}
		// Openers start a word: `2*3` and snake_case are not emphasis.
		const canOpen = !isSpace(after) && !isWordCharacter(before);
		if (canOpen && run.length <= 3) {
			open.push(run);
		}
	}
	return [...open].reverse().join('');
}
