import {
	blankLineFinding,
	byteOrderMarkFindings,
	duplicateFinding,
	duplicateKey,
	exampleCountFindings,
	hasByteOrderMark,
	majorityFormat,
	mixedFormatFinding,
	isUtf16,
	placeFinding,
	targetModelFindings,
	UTF16_PROBE_LENGTH,
	utf16Finding,
	validationOverlapFinding,
} from './datasetFindings';
import { LineLinter, type LineResult, type LintSettings } from './lineLint';
import type { ExampleLine } from './report';
import { TextMap } from './textMap';
import { estimateTraining, tokenStats, type DatasetSummary, type PriceOverrides } from './stats';
import type { Finding, Range, RecordFormat } from './types';

/** How many lines `setTextInSlices` lints between pauses: a few milliseconds' work. */
export const LINES_PER_SLICE = 500;
/** …or how many characters, whichever comes first, so that a file of long lines pauses as often. */
export const CHARACTERS_PER_SLICE = 2 * 1024 * 1024;

/** The examples that share one text; lines point at it so that no check re-hashes the text. */
interface DuplicateGroup {
	count: number;
}

interface Line {
	readonly text: string;
	readonly result: LineResult;
	/** Set for examples: what an exact duplicate shares. */
	readonly key?: string;
	/** Whether a byte order mark was dropped because this was the first line. */
	readonly strippedByteOrderMark: boolean;
	group?: DuplicateGroup;
}

/** The example keys of a training file (see `trainingKeysOf`). */
export type TrainingKeys = Pick<TextMap<unknown>, 'has'>;

/** Options of a dataset linter. */
export interface DatasetLinterOptions extends LintSettings {
	readonly prices?: PriceOverrides;
	/** The encoding the editor decoded the text from and saves it in (VS Code's `TextDocument.encoding`, e.g. "utf16le"). */
	readonly encoding?: string;
}

/**
 * A dataset kept line by line: an edit re-lints only the lines it touches and updates the totals
 * in place; the file-level checks (counts, formats, duplicates) read those totals.
 */
export class DatasetLinter {
	/** Lints single lines with this dataset's settings (the hover counts tokens with it). */
	readonly lineLinter: LineLinter;
	private lines: Line[] = [];
	private byteOrderMark = false;
	private examples = 0;
	private readonly formatCounts = new Map<RecordFormat, number>();
	private readonly groups = new TextMap<DuplicateGroup>();
	private trainingKeys: TrainingKeys | undefined;
	private encoding: string | undefined;
	/** Both computed on demand and kept until the next change: the status bar and the CodeLens read them each. */
	private cached: { findings?: Finding[]; summary?: DatasetSummary } = {};

	constructor(private readonly options: DatasetLinterOptions) {
		this.lineLinter = new LineLinter(options);
		this.encoding = options.encoding;
	}

	/** Records the encoding the editor now reads and saves the text in; returns whether it changed. */
	setEncoding(encoding: string | undefined): boolean {
		if (encoding === this.encoding) {
			return false;
		}
		this.encoding = encoding;
		this.cached = {};
		return true;
	}

	/** The number of lines, counting a last empty line after the final line break, as editors do. */
	get lineCount(): number {
		return this.lines.length;
	}

	/** Replaces the whole text; lines whose text did not change keep their results. */
	setText(text: string): void {
		const slices = this.relint(text);
		while (!slices.next().done) {
			// A synchronous pass takes every slice at once.
		}
	}

	/**
	 * Like `setText`, but awaits `pause()` after each slice of lines, so that a large document does
	 * not block the thread it is linted on. Read nothing from the linter until it settles.
	 */
	async setTextInSlices(text: string, pause: () => Promise<void>): Promise<void> {
		const slices = this.relint(text);
		while (!slices.next().done) {
			await pause();
		}
	}

	private *relint(text: string): Generator<void> {
		const previous = new TextMap<Line>();
		for (const line of this.lines) {
			previous.set(line.text, line);
		}
		this.clearTotals();
		const lines: Line[] = [];
		// Lines are cut from the text as the pass reaches them, so that no slice has to split all of it.
		for (let start = 0, index = 0, sliceStart = 0, sliceLines = 0; ; index++) {
			const newline = text.indexOf('\n', start);
			const end = newline < 0 ? text.length : newline;
			const lineText = text.charCodeAt(end - 1) === 0x0d && end > start ? text.slice(start, end - 1) : text.slice(start, end);
			if (index === 0) {
				this.byteOrderMark = hasByteOrderMark(lineText);
			}
			const reused = index > 0 ? previous.get(lineText) : undefined;
			const line = reused && !reused.strippedByteOrderMark ? reused : this.lintLine(lineText, index);
			this.count(line, 1);
			lines.push(line);
			if (newline < 0) {
				break;
			}
			start = newline + 1;
			if (++sliceLines === LINES_PER_SLICE || start - sliceStart >= CHARACTERS_PER_SLICE) {
				sliceLines = 0;
				sliceStart = start;
				yield;
			}
		}
		this.lines = lines;
		this.cached = {};
	}

	/** Replaces `deleteCount` lines from `start` with `texts` (each without its line break). */
	replaceLines(start: number, deleteCount: number, texts: readonly string[]): void {
		const inserted = texts.map((text, offset) => this.lintLine(text, start + offset));
		const removed = this.lines.splice(start, deleteCount, ...inserted);
		for (const line of removed) {
			this.count(line, -1);
		}
		for (const line of inserted) {
			this.count(line, 1);
		}
		if (start === 0) {
			// A line with a byte order mark means something else at the top of the file than below it.
			for (const index of [0, inserted.length]) {
				const line = this.lines[index];
				if (line && hasByteOrderMark(line.text) && line.strippedByteOrderMark !== (index === 0)) {
					const relinted = this.lintLine(line.text, index);
					this.count(line, -1);
					this.count(relinted, 1);
					this.lines[index] = relinted;
				}
			}
			this.byteOrderMark = hasByteOrderMark(this.lines[0]?.text ?? '');
		}
		this.cached = {};
	}

	/** Marks this file as a validation file of a training file whose example keys are given. */
	setTrainingKeys(keys: TrainingKeys | undefined): void {
		this.trainingKeys = keys;
		this.cached = {};
	}

	/** The examples, in file order: what the dataset report is built from. */
	*exampleLines(): Generator<ExampleLine> {
		for (let index = 0; index < this.lines.length; index++) {
			const { text, result, strippedByteOrderMark } = this.lines[index] as Line;
			if (result.kind === 'record' && result.format) {
				yield { line: index, text: strippedByteOrderMark ? text.slice(1) : text, format: result.format, tokens: result.tokens };
			}
		}
	}

	/** What line `index` is, or undefined past the end. */
	lineResult(index: number): LineResult | undefined {
		return this.lines[index]?.result;
	}

	/** Every finding, with document positions, sorted by line. */
	findings(): readonly Finding[] {
		this.cached.findings ??= this.collectFindings();
		return this.cached.findings;
	}

	/**
	 * `findings()` with the fixes of those `wanted` built. The linting pass only marks a finding
	 * `fixable`, since most fixes are never asked for; here its line is linted again, fixes included.
	 */
	findingsWithFixes(wanted: (finding: Finding) => boolean): Finding[] {
		const relinted = new Map<number, readonly Finding[]>();
		return this.findings().map((found) => {
			if (!found.fixable || !wanted(found)) {
				return found;
			}
			const index = found.range.start.line;
			let lineFindings = relinted.get(index);
			if (!lineFindings) {
				lineFindings = this.lintLineWithFixes(index);
				relinted.set(index, lineFindings);
			}
			return lineFindings.find((candidate) => candidate.code === found.code && candidate.message === found.message && sameRange(candidate.range, found.range)) ?? found;
		});
	}

	summary(): DatasetSummary {
		this.cached.summary ??= this.computeSummary();
		return this.cached.summary;
	}

	private computeSummary(): DatasetSummary {
		const tokens: number[] = [];
		for (const line of this.lines) {
			if (line.result.kind === 'record') {
				tokens.push(line.result.tokens);
			}
		}
		let errors = 0;
		let warnings = 0;
		for (const found of this.findings()) {
			errors += found.severity === 'error' ? 1 : 0;
			warnings += found.severity === 'warning' ? 1 : 0;
		}
		const format = majorityFormat(this.formatCounts);
		return {
			model: this.options.model,
			...(format ? { format } : {}),
			examples: this.examples,
			tokens: tokenStats(tokens),
			estimate: estimateTraining(tokens, this.options.model, this.options.prices),
			errors,
			warnings,
		};
	}

	private lintLine(text: string, index: number): Line {
		const strippedByteOrderMark = index === 0 && hasByteOrderMark(text);
		const lintedText = strippedByteOrderMark ? text.slice(1) : text;
		const result = this.lineLinter.lint(lintedText);
		return result.kind === 'record' ? { text, result, key: duplicateKey(lintedText), strippedByteOrderMark } : { text, result, strippedByteOrderMark };
	}

	/** Line `index`'s own findings, fixes built, placed in the document. */
	private lintLineWithFixes(index: number): Finding[] {
		const line = this.lines[index];
		if (!line) {
			return [];
		}
		const offset = line.strippedByteOrderMark ? 1 : 0;
		return this.lineLinter.lint(offset ? line.text.slice(1) : line.text, true).findings.map((found) => placeFinding(found, index, offset));
	}

	private clearTotals(): void {
		this.examples = 0;
		this.formatCounts.clear();
		this.groups.clear();
	}

	private count(line: Line, delta: 1 | -1): void {
		const { result, key } = line;
		if (result.kind !== 'record' || !result.format) {
			return;
		}
		this.examples += delta;
		this.formatCounts.set(result.format, (this.formatCounts.get(result.format) ?? 0) + delta);
		if (key === undefined) {
			return;
		}
		if (delta === 1) {
			let group = this.groups.get(key);
			if (!group) {
				group = { count: 0 };
				this.groups.set(key, group);
			}
			line.group = group;
			group.count++;
		} else if (line.group && --line.group.count === 0 && this.groups.get(key) === line.group) {
			this.groups.delete(key);
		}
	}

	private collectFindings(): Finding[] {
		const firstLine = this.lines[0]?.text ?? '';
		if (isUtf16(Uint16Array.from(firstLine.slice(0, UTF16_PROBE_LENGTH), (char) => char.charCodeAt(0)))) {
			// UTF-16 read as UTF-8: every line is garbled, and one finding says why.
			return [utf16Finding(firstLine.length)];
		}
		// Decoded from UTF-16 by the editor, the text lints as it is, but the file on disk is not UTF-8.
		const utf16 = this.encoding?.startsWith('utf16') ?? false;
		const findings: Finding[] = utf16 ? [utf16Finding(firstLine.length)] : [];
		const hasContent = this.examples > 0 || this.lines.some((line) => line.result.kind !== 'blank');
		if (!utf16) {
			// VS Code keeps a UTF-8 file's byte order mark out of the text and names the encoding "utf8bom".
			const mark = this.byteOrderMark ? 'text' : this.encoding === 'utf8bom' ? 'encoding' : undefined;
			findings.push(...byteOrderMarkFindings(this.options.target, mark, firstLine.length, hasContent));
		}
		findings.push(...targetModelFindings(this.options.model, firstLine.length));
		findings.push(...exampleCountFindings(this.examples, firstLine.length, hasContent));
		const majority = majorityFormat(this.formatCounts);
		const majorityCount = majority ? (this.formatCounts.get(majority) ?? 0) : 0;
		const firstLineOfKey = new TextMap<number>();
		const lastIndex = this.lines.length - 1;

		this.lines.forEach((line, index) => {
			const { result, text, key } = line;
			const offset = index === 0 && this.byteOrderMark ? 1 : 0;
			for (const lineFinding of result.findings) {
				findings.push(placeFinding(lineFinding, index, offset));
			}
			if (result.kind === 'blank' && !(index === lastIndex && text === '')) {
				findings.push(blankLineFinding(index, text.length, index === lastIndex));
			}
			if (result.kind !== 'record') {
				return;
			}
			if (majority && result.format && result.format !== majority) {
				findings.push(mixedFormatFinding(index, text.length, result.format, majority, majorityCount));
			}
			if (key !== undefined && (line.group?.count ?? 0) > 1) {
				const first = firstLineOfKey.get(key);
				if (first === undefined) {
					firstLineOfKey.set(key, index);
				} else {
					findings.push(duplicateFinding(index, text.length, first));
				}
			}
			if (key !== undefined && this.trainingKeys?.has(key)) {
				findings.push(validationOverlapFinding(index, text.length));
			}
		});
		return findings;
	}
}

function sameRange(a: Range, b: Range): boolean {
	return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Splits text into lines without their breaks (`\n` or `\r\n`), keeping a last empty line. */
export function splitLines(text: string): string[] {
	const lines = text.split('\n');
	for (let index = 0; index < lines.length; index++) {
		const line = lines[index] as string;
		if (line.endsWith('\r')) {
			lines[index] = line.slice(0, -1);
		}
	}
	return lines;
}
