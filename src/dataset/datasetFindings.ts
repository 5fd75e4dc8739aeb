// Findings that need more than one line to decide. Both the incremental in-editor linter and the
// streaming file validator build them here, so that they say the same thing.
import { severityOf, type FindingCode } from './codes';
import { FORMAT_NAMES, type Finding, type Fix, type Range, type RecordFormat } from './types';
import { modelProblem, modelProblemText } from './models';
import { plural } from './summaryText';
import { DEFAULT_LINT_TARGET, type LintTarget } from './lineLint';

/** OpenAI rejects training files with fewer examples than this. */
export const MIN_EXAMPLES = 10;

const BYTE_ORDER_MARK = '\uFEFF';

function at(line: number, start: number, end: number): Range {
	return { start: { line, character: start }, end: { line, character: end } };
}

function finding(code: FindingCode, message: string, range: Range, fixes?: readonly Fix[]): Finding {
	return { code, severity: severityOf(code), message, range, ...(fixes ? { fixes } : {}) };
}

/** Whether `text` (the first line) starts with a byte order mark. */
export function hasByteOrderMark(text: string): boolean {
	return text.startsWith(BYTE_ORDER_MARK);
}

/**
 * Where a file's byte order mark is: the first character of its text, or the encoding the editor
 * saves the text in (VS Code reads a UTF-8 file with one as "utf8bom" and drops U+FEFF from the
 * text, so no text edit removes it). Undefined when the file has none.
 */
export type ByteOrderMark = 'text' | 'encoding' | undefined;

/**
 * What a byte order mark, or the lack of one, means for `target`. Azure's docs ask for one; OpenAI's
 * say nothing of it, and strict JSON readers reject it; an unknown server's reader may go either way.
 * `hasContent` false (an empty file) leaves a missing mark unmentioned: `dataset.empty` says enough.
 */
export function byteOrderMarkFindings(target: LintTarget = DEFAULT_LINT_TARGET, mark: ByteOrderMark, firstLineLength: number, hasContent: boolean): Finding[] {
	if (target === 'azure') {
		if (mark || !hasContent) {
			return [];
		}
		return [
			finding('jsonl.missing-bom', 'Azure OpenAI\'s docs say training files "must be encoded in UTF-8 and include a byte-order mark (BOM)", and this file has none. Add one (in VS Code: click the encoding in the status bar, "Save with Encoding", "UTF-8 with BOM").', at(0, 0, Math.min(1, firstLineLength)), [
				{ title: 'Add a byte order mark', edits: [{ range: at(0, 0, 0), newText: BYTE_ORDER_MARK }] },
			]),
		];
	}
	if (!mark) {
		return [];
	}
	const how = mark === 'text' ? '' : ' (in VS Code: click the encoding in the status bar, "Save with Encoding", UTF-8)';
	const message =
		target === 'openai'
			? `The file starts with a byte order mark (U+FEFF). OpenAI's fine-tuning docs do not say whether it accepts one, and strict JSON readers reject it (Python's json.loads, which OpenAI's data-preparation notebook uses, does): save the file as UTF-8 without BOM${how}.`
			: `The file starts with a byte order mark (U+FEFF). Whether this server accepts one is unknown, and strict JSON readers reject it (Python's json.loads does): save the file as UTF-8 without BOM${how}, unless the server's docs ask for one.`;
	const found = finding('jsonl.bom', message, at(0, 0, mark === 'text' ? 1 : Math.min(1, firstLineLength)), mark === 'text' ? [{ title: 'Remove the byte order mark', edits: [{ range: at(0, 0, 1), newText: '' }] }] : undefined);
	// The code's severity is OpenAI's case; for a server we know nothing of, it is a risk, not a rejection.
	return [target === 'compatible' ? { ...found, severity: 'warning' } : found];
}

/** How many leading bytes (or code units) `isUtf16` looks at. */
export const UTF16_PROBE_LENGTH = 512;

/**
 * Whether the start of a file is UTF-16: a UTF-16 byte order mark, or NUL bytes beside most
 * characters on one side of each byte pair, as mostly-ASCII JSON has in UTF-16. Works on bytes, and
 * on text decoded as UTF-8 (where the NULs survive as U+0000).
 */
export function isUtf16(head: ArrayLike<number>): boolean {
	if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
		return true;
	}
	const pairs = Math.floor(Math.min(head.length, UTF16_PROBE_LENGTH) / 2);
	const nuls = [0, 0];
	for (let index = 0; index < pairs * 2; index++) {
		if (head[index] === 0) {
			nuls[index % 2]++;
		}
	}
	const [even = 0, odd = 0] = nuls;
	return pairs >= 2 && Math.max(even, odd) >= pairs / 2 && Math.min(even, odd) <= pairs / 10;
}

/** The one finding of a UTF-16 file, in place of a line-by-line report of garbled text. */
export function utf16Finding(firstLineLength: number): Finding {
	return finding('jsonl.utf16', 'This file is UTF-16: save it as UTF-8 (in VS Code: click the encoding in the status bar, "Save with Encoding", UTF-8). OpenAI reads training files as UTF-8.', at(0, 0, Math.min(1, firstLineLength)));
}

/**
 * A blank line that is not the file's closing line break. Its fix deletes the line with its
 * break; `isLast` marks a last line of white space, whose own text is removed instead.
 */
export function blankLineFinding(line: number, length: number, isLast: boolean): Finding {
	const range = isLast ? at(line, 0, length) : { start: { line, character: 0 }, end: { line: line + 1, character: 0 } };
	return finding('jsonl.blank-line', 'Blank line: JSON Lines has one example per line; remove it.', at(line, 0, length), [{ title: 'Remove the blank line', edits: [{ range, newText: '' }] }]);
}

/**
 * The file-level findings about the number of examples, on the first character of the file: a
 * squiggle under the whole first line would blame that example. A file with lines but no examples
 * (all of them Alpaca records, say) is not called empty: each line's own finding says what it is.
 */
export function exampleCountFindings(examples: number, firstLineLength: number, hasContent: boolean): Finding[] {
	const place = at(0, 0, Math.min(1, firstLineLength));
	if (examples === 0) {
		return hasContent ? [] : [finding('dataset.empty', 'The file is empty: add one example, a JSON object, per line.', place)];
	}
	if (examples < MIN_EXAMPLES) {
		return [finding('dataset.too-few-examples', `Only ${plural(examples, 'example')}: OpenAI requires at least ${MIN_EXAMPLES} (50–100 well-made ones is a good first run).`, place)];
	}
	return [];
}

/** A warning on the first character of the file when the target model is empty or unknown. */
export function targetModelFindings(model: string, firstLineLength: number): Finding[] {
	const problem = modelProblem(model);
	return problem ? [finding('dataset.unknown-model', modelProblemText(model, problem), at(0, 0, Math.min(1, firstLineLength)))] : [];
}

const FORMAT_PRIORITY: readonly RecordFormat[] = ['chat', 'preference', 'reinforcement', 'prompt-completion'];

/** The format most examples have; ties go to the chat formats. */
export function majorityFormat(counts: ReadonlyMap<RecordFormat, number>): RecordFormat | undefined {
	let best: RecordFormat | undefined;
	for (const format of FORMAT_PRIORITY) {
		if ((counts.get(format) ?? 0) > (best ? (counts.get(best) ?? 0) : 0)) {
			best = format;
		}
	}
	return best;
}

export function mixedFormatFinding(line: number, length: number, format: RecordFormat, majority: RecordFormat, majorityCount: number): Finding {
	return finding('dataset.mixed-formats', `This ${FORMAT_NAMES[format]} example sits in a file of ${plural(majorityCount, `${FORMAT_NAMES[majority]} example`)}; a file holds one format. Convert it or move it to its own file.`, at(line, 0, length));
}

export function duplicateFinding(line: number, length: number, firstLine: number): Finding {
	return finding('dataset.duplicate', `This example repeats line ${firstLine + 1} exactly; duplicates over-weight it in training. Remove one.`, at(line, 0, length), [
		{ title: 'Remove the duplicate example', edits: [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' }] },
	]);
}

export function validationOverlapFinding(line: number, length: number): Finding {
	return finding('dataset.validation-overlap', 'This validation example also appears in the training file, so validation loss overstates how well the model generalises. Remove it from one of the files.', at(line, 0, length));
}

/** The key two examples share when they are exact duplicates. */
export function duplicateKey(text: string): string {
	return text.trim();
}

/** Moves a line-relative finding (line 0) to `line`, shifted right by `characterOffset` on that line. */
export function placeFinding(lineFinding: Finding, line: number, characterOffset = 0): Finding {
	const move = (range: Range): Range => ({
		start: { line: line + range.start.line, character: range.start.character + (range.start.line === 0 ? characterOffset : 0) },
		end: { line: line + range.end.line, character: range.end.character + (range.end.line === 0 ? characterOffset : 0) },
	});
	return {
		...lineFinding,
		range: move(lineFinding.range),
		...(lineFinding.fixes ? { fixes: lineFinding.fixes.map((fix) => ({ title: fix.title, edits: fix.edits.map((edit) => ({ range: move(edit.range), newText: edit.newText })) })) } : {}),
	};
}
