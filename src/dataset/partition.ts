import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { severityOf } from './codes';
import { hasByteOrderMark, placeFinding } from './datasetFindings';
import { LineLinter, type LintSettings } from './lineLint';
import type { Finding, RecordFormat } from './types';

/** Formats by a small number, so that a partition can keep one byte per example. */
export const FORMAT_CODES: readonly RecordFormat[] = ['chat', 'prompt-completion', 'preference', 'reinforcement'];

/**
 * What one stretch of a file's lines (a partition) yields: its own findings with partition-relative
 * line numbers, and the compact per-example facts the file-level checks need after all partitions
 * are in. Memory grows with findings and by a few bytes per example, never with the text.
 */
export interface PartitionResult {
	readonly lineCount: number;
	readonly findings: Finding[];
	/** Partition-relative line of each example. */
	readonly exampleLines: Uint32Array;
	/** `FORMAT_CODES` index of each example. */
	readonly exampleFormats: Uint8Array;
	readonly exampleTokens: Uint32Array;
	/** A 52-bit hash of each example's trimmed text, for duplicates and validation overlap. */
	readonly exampleHashes: Float64Array;
	/** Each example line's length in UTF-16 code units, for findings that span the line. */
	readonly exampleLengths: Uint32Array;
	/** Whether the partition starts the file with a byte order mark. */
	readonly hasByteOrderMark: boolean;
	/** Partition-relative lines that are blank, with their lengths. */
	readonly blankLines: readonly { line: number; length: number }[];
	/** The length of the partition's first line, where the file-level findings sit. */
	readonly firstLineLength: number;
	/** The length of the partition's last line, which may be the file's closing empty line. */
	readonly lastLineLength: number;
	readonly bytes: number;
}

/** Options of a partition linter. */
export interface PartitionOptions extends LintSettings {
	/** Skip token counting: the syntax-and-schema pass alone. */
	readonly countTokens?: boolean;
	/** Whether this partition starts the file (where a byte order mark may sit). */
	readonly startsFile: boolean;
}

/** A typed array that doubles as it fills: a few bytes per example, however many there are. */
export class GrowableArray<T extends Uint32Array | Uint8Array | Float64Array> {
	private length = 0;
	constructor(private array: T) {}
	push(value: number): void {
		if (this.length === this.array.length) {
			const grown = new (this.array.constructor as new (length: number) => T)(this.array.length * 2);
			grown.set(this.array);
			this.array = grown;
		}
		this.array[this.length++] = value;
	}
	toArray(): T {
		return this.array.slice(0, this.length) as T;
	}
}

/** A 52-bit hash (safe in a double) of `bytes` with surrounding ASCII white space trimmed. */
export function exampleHash(bytes: Uint8Array): number {
	let start = 0;
	let end = bytes.length;
	while (start < end && isAsciiSpace(bytes[start] as number)) {
		start++;
	}
	while (end > start && isAsciiSpace(bytes[end - 1] as number)) {
		end--;
	}
	const digest = createHash('md5').update(bytes.subarray(start, end)).digest();
	return digest.readUIntBE(0, 6) * 16 + (digest[6] as number) % 16;
}

function isAsciiSpace(byte: number): boolean {
	return byte === 0x20 || byte === 0x09 || byte === 0x0d;
}

/** Lints a partition line by line from raw bytes (split at `\n`, one call per line). */
export class PartitionLinter {
	private readonly lineLinter: LineLinter;
	private line = 0;
	private bytes = 0;
	private firstLineLength = 0;
	private lastLineLength = 0;
	private readonly findings: Finding[] = [];
	private readonly blankLines: { line: number; length: number }[] = [];
	private readonly exampleLines = new GrowableArray(new Uint32Array(1024));
	private readonly exampleFormats = new GrowableArray(new Uint8Array(1024));
	private readonly exampleTokens = new GrowableArray(new Uint32Array(1024));
	private readonly exampleHashes = new GrowableArray(new Float64Array(1024));
	private readonly exampleLengths = new GrowableArray(new Uint32Array(1024));
	private byteOrderMark = false;

	constructor(private readonly options: PartitionOptions) {
		this.lineLinter = new LineLinter(options, { countTokens: options.countTokens ?? true });
	}

	/** Lints one line given as bytes without its `\n` (a trailing `\r` is dropped here). */
	pushLine(raw: Uint8Array): void {
		const line = this.line++;
		this.bytes += raw.length + 1;
		const bytes = raw.length > 0 && raw[raw.length - 1] === 0x0d ? raw.subarray(0, raw.length - 1) : raw;
		// Buffer's native decoder replaces bad bytes with U+FFFD; isUtf8 says whether it had to.
		const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
		if (!isUtf8(bytes)) {
			this.findings.push({
				code: 'jsonl.invalid-utf8',
				severity: severityOf('jsonl.invalid-utf8'),
				message: 'This line has bytes that are not valid UTF-8 (shown as �); re-save the file as UTF-8.',
				range: { start: { line, character: 0 }, end: { line, character: text.length } },
			});
		}
		this.lastLineLength = text.length;
		if (line === 0) {
			this.firstLineLength = text.length;
		}
		const offset = line === 0 && this.options.startsFile && hasByteOrderMark(text) ? 1 : 0;
		this.byteOrderMark ||= offset === 1;
		const result = this.lineLinter.lint(offset ? text.slice(1) : text);
		for (const lineFinding of result.findings) {
			this.findings.push(placeFinding(lineFinding, line, offset));
		}
		if (result.kind === 'blank') {
			this.blankLines.push({ line, length: text.length });
		} else if (result.kind === 'record' && result.format) {
			this.exampleLines.push(line);
			this.exampleFormats.push(FORMAT_CODES.indexOf(result.format));
			this.exampleTokens.push(result.tokens);
			this.exampleHashes.push(exampleHash(offset ? bytes.subarray(3) : bytes));
			this.exampleLengths.push(text.length);
		}
	}

	finish(): PartitionResult {
		return {
			lineCount: this.line,
			findings: this.findings,
			exampleLines: this.exampleLines.toArray(),
			exampleFormats: this.exampleFormats.toArray(),
			exampleTokens: this.exampleTokens.toArray(),
			exampleHashes: this.exampleHashes.toArray(),
			exampleLengths: this.exampleLengths.toArray(),
			hasByteOrderMark: this.byteOrderMark,
			blankLines: this.blankLines,
			firstLineLength: this.firstLineLength,
			lastLineLength: this.lastLineLength,
			bytes: this.bytes,
		};
	}
}
