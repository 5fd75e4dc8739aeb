import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DatasetSummary } from './stats';
import {
	blankLineFinding,
	byteOrderMarkFindings,
	duplicateFinding,
	exampleCountFindings,
	isUtf16,
	majorityFormat,
	mixedFormatFinding,
	placeFinding,
	targetModelFindings,
	UTF16_PROBE_LENGTH,
	utf16Finding,
	validationOverlapFinding,
} from './datasetFindings';
import type { LintSettings, LintTarget } from './lineLint';
import { LineSplitter } from './lineReader';
import { FORMAT_CODES, PartitionLinter, type PartitionResult } from './partition';
import { estimateTraining, tokenStats, type PriceOverrides } from './stats';
import { getRankDirectory } from './tokens';
import type { Finding, RecordFormat } from './types';

/** Options of a whole-file lint. */
export interface FileLintOptions extends LintSettings {
	readonly prices?: PriceOverrides;
	/** Skip token counting: the syntax-and-schema pass alone. */
	readonly countTokens?: boolean;
	/** Worker threads to share the file; 0 lints on the calling thread. Default: one per core, at most 4. */
	readonly workers?: number;
	/** Example hashes of the training file, when this file is its validation file. */
	readonly trainingHashes?: ReadonlySet<number>;
	/** Bytes read so far across all partitions, and the file's size. */
	readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
	readonly signal?: AbortSignal;
}

export interface FileLintResult {
	readonly findings: Finding[];
	readonly summary: DatasetSummary;
	/** Example hashes, for checking a validation file against this one. */
	readonly hashes: Set<number>;
	readonly lineCount: number;
	readonly bytes: number;
}

/** What a worker is told to lint. */
export interface PartitionJob {
	readonly file: string;
	readonly start: number;
	/** Exclusive. */
	readonly end: number;
	readonly options: { readonly model: string; readonly countTokens: boolean; readonly startsFile: boolean; readonly endsFile: boolean };
	readonly rankDirectory: string;
	/** The size of each read; tests make it small to split lines across many reads. */
	readonly chunkBytes?: number;
}

/** What a worker posts: progress now and then, then its result or an error. */
export type PartitionMessage =
	| { readonly type: 'progress'; readonly bytes: number }
	| { readonly type: 'done'; readonly result: PartitionResult }
	| { readonly type: 'error'; readonly message: string };

/** Files smaller than this are linted on one thread: a worker's start-up costs more than it saves. */
const PARALLEL_THRESHOLD_BYTES = 4 * 1024 * 1024;

/** The thrown reason when `signal` aborts a lint. */
export class LintCancelledError extends Error {
	constructor() {
		super('Validation cancelled');
		this.name = 'LintCancelledError';
	}

	static is(error: unknown): error is LintCancelledError {
		return error instanceof LintCancelledError;
	}
}

/**
 * Lints a file of any size from disk, streaming it in partitions split at line breaks, one per
 * worker thread; memory stays bounded by the findings and a few bytes per example.
 */
export async function lintFile(file: string, options: FileLintOptions): Promise<FileLintResult> {
	const { size } = await fs.promises.stat(file);
	if (isUtf16(await readHead(file))) {
		// Linted as UTF-8, every line of a UTF-16 file is garbled: one finding says why instead.
		const nothing = mergePartitions([], options);
		return { ...nothing, findings: [utf16Finding(0)], summary: { ...nothing.summary, errors: 1, warnings: 0 }, bytes: size };
	}
	const workers = size < PARALLEL_THRESHOLD_BYTES ? 0 : (options.workers ?? Math.min(4, os.availableParallelism()));
	const bounds = await partitionBounds(file, size, Math.max(1, workers));
	const progress = new Array<number>(bounds.length).fill(0);
	const report = (index: number, bytes: number): void => {
		progress[index] = bytes;
		options.onProgress?.(progress.reduce((sum, value) => sum + value, 0), size);
	};
	const partitions = await Promise.all(
		bounds.map(([start, end], index) => {
			const job: PartitionJob = {
				file,
				start,
				end,
				options: { model: options.model, countTokens: options.countTokens ?? true, startsFile: index === 0, endsFile: index === bounds.length - 1 },
				rankDirectory: getRankDirectory(),
			};
			return workers === 0 ? lintPartition(job, (bytes) => report(index, bytes), options.signal) : lintPartitionInWorker(job, (bytes) => report(index, bytes), options.signal);
		}),
	);
	return mergePartitions(partitions, options);
}

/** The first bytes of `file`, enough to tell its encoding. */
async function readHead(file: string): Promise<Uint8Array> {
	const handle = await fs.promises.open(file, 'r');
	try {
		const head = Buffer.alloc(UTF16_PROBE_LENGTH);
		const { bytesRead } = await handle.read(head, 0, head.length, 0);
		return head.subarray(0, bytesRead);
	} finally {
		await handle.close();
	}
}

/** Splits `[0, size)` into `count` ranges that each start right after a `\n`. */
async function partitionBounds(file: string, size: number, count: number): Promise<[number, number][]> {
	const starts = [0];
	const handle = await fs.promises.open(file, 'r');
	try {
		const probe = Buffer.alloc(64 * 1024);
		for (let index = 1; index < count; index++) {
			let position = Math.max(Math.floor((size * index) / count), starts.at(-1) as number);
			let found = -1;
			while (found < 0 && position < size) {
				const { bytesRead } = await handle.read(probe, 0, probe.length, position);
				const newline = probe.subarray(0, bytesRead).indexOf(0x0a);
				if (newline >= 0) {
					found = position + newline + 1;
				}
				position += bytesRead;
				if (bytesRead === 0) {
					break;
				}
			}
			if (found < 0 || found >= size) {
				break;
			}
			starts.push(found);
		}
	} finally {
		await handle.close();
	}
	return starts.map((start, index) => [start, starts[index + 1] ?? size]);
}

/** Lints one partition on this thread, streaming it from disk. */
export async function lintPartition(job: PartitionJob, onProgress: (bytes: number) => void, signal?: AbortSignal): Promise<PartitionResult> {
	const linter = new PartitionLinter({ model: job.options.model, countTokens: job.options.countTokens, startsFile: job.options.startsFile });
	if (job.end <= job.start) {
		linter.pushLine(new Uint8Array(0));
		return linter.finish();
	}
	const stream = fs.createReadStream(job.file, { start: job.start, end: job.end - 1, highWaterMark: job.chunkBytes ?? 1024 * 1024 });
	const splitter = new LineSplitter();
	const pushLine = (line: Buffer): void => linter.pushLine(line);
	let read = 0;
	let lastReport = 0;
	for await (const chunk of stream as AsyncIterable<Buffer>) {
		if (signal?.aborted) {
			stream.destroy();
			throw new LintCancelledError();
		}
		read += chunk.length;
		splitter.push(chunk, pushLine);
		if (read - lastReport >= 4 * 1024 * 1024) {
			lastReport = read;
			onProgress(read);
			// Let an abort from the caller land between chunks.
			await new Promise((resolve) => setImmediate(resolve));
		}
	}
	// The text after the file's last line break is a line too: the empty last line of a file that
	// ends with a break, or a last line without one. Other partitions end right after a break.
	const rest = splitter.rest().line;
	if (rest.length > 0 || job.options.endsFile) {
		linter.pushLine(rest);
	}
	onProgress(read);
	return linter.finish();
}

function lintPartitionInWorker(job: PartitionJob, onProgress: (bytes: number) => void, signal?: AbortSignal): Promise<PartitionResult> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(path.join(__dirname, 'fileLintWorker.js'), { workerData: job });
		const abort = (): void => {
			void worker.terminate();
			reject(new LintCancelledError());
		};
		signal?.addEventListener('abort', abort, { once: true });
		const settle = (): void => signal?.removeEventListener('abort', abort);
		worker.on('message', (message: PartitionMessage) => {
			switch (message.type) {
				case 'progress':
					onProgress(message.bytes);
					break;
				case 'done':
					settle();
					resolve(message.result);
					void worker.terminate();
					break;
				case 'error':
					settle();
					reject(new Error(message.message));
					void worker.terminate();
					break;
			}
		});
		worker.once('error', (error) => {
			settle();
			reject(error);
		});
	});
}

/** Joins partitions in file order and adds the file-level findings. */
export function mergePartitions(partitions: readonly PartitionResult[], options: { readonly model: string; readonly target?: LintTarget; readonly prices?: PriceOverrides; readonly trainingHashes?: ReadonlySet<number> }): FileLintResult {
	const findings: Finding[] = [];
	const formatCounts = new Map<RecordFormat, number>();
	const hashes = new Map<number, number>();
	const tokens: number[] = [];
	let lineOffset = 0;
	let bytes = 0;
	const lineCount = partitions.reduce((sum, partition) => sum + partition.lineCount, 0);
	const lastPartition = partitions.at(-1);
	const lastLineIsClosingBreak = lastPartition !== undefined && lastPartition.lastLineLength === 0;

	for (const partition of partitions) {
		for (const found of partition.findings) {
			findings.push(lineOffset === 0 ? found : placeFinding(found, lineOffset));
		}
		for (const blank of partition.blankLines) {
			const line = lineOffset + blank.line;
			const isLast = line === lineCount - 1;
			if (!(isLast && lastLineIsClosingBreak)) {
				findings.push(blankLineFinding(line, blank.length, isLast));
			}
		}
		for (let index = 0; index < partition.exampleFormats.length; index++) {
			const format = FORMAT_CODES[partition.exampleFormats[index] as number] as RecordFormat;
			formatCounts.set(format, (formatCounts.get(format) ?? 0) + 1);
			tokens.push(partition.exampleTokens[index] as number);
		}
		lineOffset += partition.lineCount;
		bytes += partition.bytes;
	}

	const majority = majorityFormat(formatCounts);
	const majorityCount = majority ? (formatCounts.get(majority) ?? 0) : 0;
	lineOffset = 0;
	for (const partition of partitions) {
		for (let index = 0; index < partition.exampleLines.length; index++) {
			const line = lineOffset + (partition.exampleLines[index] as number);
			const format = FORMAT_CODES[partition.exampleFormats[index] as number] as RecordFormat;
			const length = partition.exampleLengths[index] as number;
			if (majority && format !== majority) {
				findings.push(mixedFormatFinding(line, length, format, majority, majorityCount));
			}
			const hash = partition.exampleHashes[index] as number;
			const first = hashes.get(hash);
			if (first === undefined) {
				hashes.set(hash, line);
			} else {
				findings.push(duplicateFinding(line, length, first));
			}
			if (options.trainingHashes?.has(hash)) {
				findings.push(validationOverlapFinding(line, length));
			}
		}
		lineOffset += partition.lineCount;
	}

	const first = partitions[0];
	const firstLineLength = first?.firstLineLength ?? 0;
	const hasContent = partitions.some((partition) => partition.lineCount > partition.blankLines.length);
	findings.unshift(
		...byteOrderMarkFindings(options.target, first?.hasByteOrderMark ? 'text' : undefined, firstLineLength, hasContent),
		...targetModelFindings(options.model, firstLineLength),
		...exampleCountFindings(tokens.length, firstLineLength, hasContent),
	);
	// Stable: within a line, the line's own findings stay before the file-level ones.
	findings.sort((a, b) => a.range.start.line - b.range.start.line);

	let errors = 0;
	let warnings = 0;
	for (const found of findings) {
		errors += found.severity === 'error' ? 1 : 0;
		warnings += found.severity === 'warning' ? 1 : 0;
	}
	const summary: DatasetSummary = {
		model: options.model,
		...(majority ? { format: majority } : {}),
		examples: tokens.length,
		tokens: tokenStats(tokens),
		estimate: estimateTraining(tokens, options.model, options.prices),
		errors,
		warnings,
	};
	return { findings, summary, hashes: new Set(hashes.keys()), lineCount, bytes };
}
