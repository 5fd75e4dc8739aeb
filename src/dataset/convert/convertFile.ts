// Converting a whole file, streamed line by line through convertRecord.
import { exampleBatches, isBlankLine, readLineBatches } from '../lineReader';
import { isObject } from '../rules/context';
import { isUnconvertible, unconvertible } from './toChat';
import { convertRecord, detectLayout, type ConversionTarget, type SourceLayout } from './records';

/** Lines kept per skip reason: enough to find and fix them, bounded on a file where every line fails. */
export const MAX_LINES_PER_REASON = 1000;

/** The lines skipped for one reason. */
export interface SkipGroup {
	readonly reason: string;
	readonly count: number;
	/** 1-based line numbers, the first {@link MAX_LINES_PER_REASON}. */
	readonly lines: readonly number[];
}

/** What a conversion did. */
export interface ConvertSummary {
	/** Non-blank lines read. */
	readonly records: number;
	/** Records written, including those kept as they were. */
	readonly converted: number;
	/** Records that were in the target layout already and were written as they were. */
	readonly unchanged: number;
	/** Converted records by the layout they came from. */
	readonly bySource: ReadonlyMap<SourceLayout, number>;
	readonly skipped: readonly SkipGroup[];
	/** What the conversion dropped or kept unused, with how many records it concerned. */
	readonly notes: ReadonlyMap<string, number>;
}

/** Where converted lines go: a safe writer, or standard output. */
export interface LineSink {
	write(text: string): Promise<void>;
}

/** Options of {@link convertFile}. */
export interface ConvertOptions {
	readonly from: SourceLayout | 'auto';
	readonly to: ConversionTarget;
	readonly signal?: AbortSignal;
}

/**
 * Converts each record of `file` (one JSON value a line) and writes the converted records to
 * `sink`, one a line, in the file's order; blank lines are left out, and records that cannot be
 * converted are skipped and reported by reason.
 */
export async function convertFile(file: string, options: ConvertOptions, sink: LineSink): Promise<ConvertSummary> {
	let records = 0;
	let converted = 0;
	let unchanged = 0;
	let lineNumber = 0;
	const bySource = new Map<SourceLayout, number>();
	const skipped = new Map<string, { count: number; lines: number[] }>();
	const notes = new Map<string, number>();
	for await (const batch of readLineBatches(file, options.signal)) {
		let output = '';
		for (const line of batch) {
			lineNumber++;
			if (isBlankLine(line.bytes)) {
				continue;
			}
			records++;
			const result = convertLine(line.bytes.toString('utf8'), options);
			if (isUnconvertible(result)) {
				const group = skipped.get(result.unconvertible) ?? { count: 0, lines: [] };
				group.count++;
				if (group.lines.length < MAX_LINES_PER_REASON) {
					group.lines.push(lineNumber);
				}
				skipped.set(result.unconvertible, group);
				continue;
			}
			converted++;
			unchanged += result.unchanged ? 1 : 0;
			bySource.set(result.from, (bySource.get(result.from) ?? 0) + 1);
			for (const note of result.notes) {
				notes.set(note, (notes.get(note) ?? 0) + 1);
			}
			output += `${JSON.stringify(result.record)}\n`;
		}
		if (output !== '') {
			await sink.write(output);
		}
	}
	return { records, converted, unchanged, bySource, skipped: [...skipped].map(([reason, group]) => ({ reason, ...group })), notes };
}

function convertLine(text: string, options: ConvertOptions): ReturnType<typeof convertRecord> {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return unconvertible('the line is not valid JSON');
	}
	return convertRecord(value, options.from, options.to);
}

/**
 * The layout of the file's first record, as a hint before converting (each record's own layout is
 * detected as it is converted); undefined for an empty file or a first line that converts from none.
 */
export async function firstRecordLayout(file: string, signal?: AbortSignal): Promise<SourceLayout | undefined> {
	for await (const [first] of exampleBatches(file, signal)) {
		if (first === undefined) {
			continue;
		}
		try {
			const value: unknown = JSON.parse(first.bytes.toString('utf8'));
			return isObject(value) ? detectLayout(value) : undefined;
		} catch {
			return undefined;
		}
	}
	return undefined;
}
