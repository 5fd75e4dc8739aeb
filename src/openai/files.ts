import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { toStreamingFile, type OpenAI } from 'openai';
import type { FileDeleted, FileObject, FilePurpose } from 'openai/resources/files';
import type { Upload } from 'openai/resources/uploads/uploads';
import type { Logger } from '../logger';
import { openSafeWrite, type WhenExists } from '../safeWrite';
import { ApiError, callApi, errorContextOf, toApiError, type ErrorContext } from './errors';
import { collectAll } from './paging';
import { withRetries, type RetryPolicy } from './retry';
import { withOwnSignal } from './signals';

const MIB = 1024 * 1024;

/** Files up to this size go through the Files API in one request; larger ones through the Uploads API. */
export const DEFAULT_MULTIPART_THRESHOLD_BYTES = 100 * MIB;
/**
 * OpenAI's limit for one Uploads API part is "64 MB". Read as decimal megabytes it is the
 * stricter of the two readings, so parts are never allowed above it.
 */
export const MAX_PART_SIZE_BYTES = 64 * 1000 * 1000;
// Half the limit: a failed part costs less to resend, and three in flight stay under 100 MB of buffers at worst.
const DEFAULT_PART_SIZE_BYTES = 32 * MIB;
const DEFAULT_PART_CONCURRENCY = 3;
const DEFAULT_ATTEMPTS = 4;
const DEFAULT_RETRY_BASE_DELAY_MS = 1_000;
// The client's 60 s suits JSON calls, not 32 MB bodies on a slow uplink; the SDK's timeout runs until response headers.
const UPLOAD_TIMEOUT_MS = 15 * 60_000;
const READ_CHUNK_BYTES = 256 * 1024;

/** Tuning of {@link FilesService}; the defaults suit OpenAI, tests shrink the sizes. */
export interface FilesServiceOptions {
	readonly logger?: Logger;
	/** Files larger than this go through the Uploads API in parts. */
	readonly multipartThresholdBytes?: number;
	/** Size of each Uploads API part (the last may be smaller); at most {@link MAX_PART_SIZE_BYTES}. */
	readonly partSizeBytes?: number;
	/** Parts sent at the same time. */
	readonly partConcurrency?: number;
	/** Tries per request whose body is the file (the SDK cannot retry streamed bodies itself). */
	readonly attempts?: number;
	/** The wait before the first retry of a failed part; it doubles each time. */
	readonly retryBaseDelayMs?: number;
}

/** Options of {@link FilesService.upload}. */
export interface UploadOptions {
	/** Defaults to `fine-tune`. */
	readonly purpose?: FilePurpose;
	/** The name OpenAI shows; defaults to the file's base name. */
	readonly filename?: string;
	/**
	 * Told as file bytes are handed to the connection. `bytesSent` can go down when a failed
	 * part is sent again, and reaches `totalBytes` only once OpenAI has the whole file.
	 */
	readonly onProgress?: (bytesSent: number, totalBytes: number) => void;
	/** Aborting stops the transfer and, for the Uploads API, cancels the upload on the server. */
	readonly signal?: AbortSignal;
}

/** Further options of {@link FilesService.download}. */
export interface DownloadOptions {
	/** Told as bytes reach the file, with the count so far. */
	readonly onProgress?: (bytesReceived: number) => void;
	/** The size the file object gives: a download of any other length is discarded as an error. */
	readonly expectedBytes?: number;
}

/** Uploads, lists, downloads and deletes files through the official SDK. */
export class FilesService {
	private readonly context: ErrorContext;
	private readonly multipartThresholdBytes: number;
	private readonly partSizeBytes: number;
	private readonly partConcurrency: number;
	private readonly attempts: number;
	private readonly retryBaseDelayMs: number;

	constructor(
		private readonly client: OpenAI,
		private readonly options: FilesServiceOptions = {},
	) {
		this.context = errorContextOf(client);
		this.multipartThresholdBytes = options.multipartThresholdBytes ?? DEFAULT_MULTIPART_THRESHOLD_BYTES;
		this.partSizeBytes = options.partSizeBytes ?? DEFAULT_PART_SIZE_BYTES;
		this.partConcurrency = options.partConcurrency ?? DEFAULT_PART_CONCURRENCY;
		this.attempts = options.attempts ?? DEFAULT_ATTEMPTS;
		this.retryBaseDelayMs = options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS;
		if (!(this.partSizeBytes > 0 && this.partSizeBytes <= MAX_PART_SIZE_BYTES)) {
			throw new RangeError(`partSizeBytes must be between 1 and ${MAX_PART_SIZE_BYTES}`);
		}
		if (!(this.partConcurrency >= 1)) {
			throw new RangeError('partConcurrency must be at least 1');
		}
	}

	/**
	 * Uploads the file at `filePath`, streaming it from disk: through the Files API when it is at
	 * most the multipart threshold, otherwise through the Uploads API in parts.
	 * @returns the created file, ready to use as a training or validation file.
	 */
	async upload(filePath: string, options: UploadOptions = {}): Promise<FileObject> {
		const source = await this.inspect(filePath);
		const target: UploadTarget = {
			filePath,
			filename: options.filename ?? path.basename(filePath),
			purpose: options.purpose ?? 'fine-tune',
			source,
		};
		const progress = new UploadProgress(source.size, options.onProgress);
		const file =
			source.size <= this.multipartThresholdBytes ? await this.uploadWhole(target, progress, options.signal) : await this.uploadInParts(target, progress, options.signal);
		progress.finish();
		return file;
	}

	/** All files, optionally only those with `purpose`; follows every page. */
	async list(options: { purpose?: FilePurpose; signal?: AbortSignal } = {}): Promise<FileObject[]> {
		const query = options.purpose ? { purpose: options.purpose } : {};
		return collectAll(this.context, this.client.files.list(query, { signal: options.signal }));
	}

	/** The file's metadata: name, size, purpose and processing status. */
	async retrieve(fileId: string, signal?: AbortSignal): Promise<FileObject> {
		return callApi(this.context, () => this.client.files.retrieve(fileId, { signal }));
	}

	/** Deletes the file from OpenAI. */
	async delete(fileId: string, signal?: AbortSignal): Promise<FileDeleted> {
		return callApi(this.context, () => this.client.files.delete(fileId, { signal }));
	}

	/** The file's content in memory; for small files such as a job's result CSV. */
	async readContent(fileId: string, signal?: AbortSignal): Promise<Buffer> {
		return callApi(this.context, async () => {
			const response = await this.client.files.content(fileId, { signal });
			return Buffer.from(await response.arrayBuffer());
		});
	}

	/**
	 * The file's content as it arrives, for a reader that may stop early: ending the iteration (a
	 * `break`, or a `return` of the generator) closes the download.
	 */
	async *contentChunks(fileId: string, signal?: AbortSignal): AsyncGenerator<Uint8Array, void, undefined> {
		const response = await callApi(this.context, () => this.client.files.content(fileId, { signal }));
		if (!response.body) {
			throw new ApiError('server', 'OpenAI returned no content for the file');
		}
		try {
			for await (const chunk of Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>)) {
				yield chunk as Uint8Array;
			}
		} catch (error) {
			throw toApiError(error, this.context);
		}
	}

	/**
	 * Streams the file's content to `destinationPath` without holding it in memory, through the safe
	 * writer (an existing file is handled as `whenExists` says); on failure or abort nothing is left.
	 * Pass the file object's `bytes` as `expectedBytes`, so that a body cut short is never kept as the file.
	 * @returns the path written (a fresh name when asked for one) and the number of bytes.
	 */
	async download(fileId: string, destinationPath: string, whenExists: WhenExists, signal?: AbortSignal, options: DownloadOptions = {}): Promise<{ path: string; bytes: number }> {
		const { onProgress, expectedBytes } = options;
		return callApi(this.context, async () => {
			const response = await this.client.files.content(fileId, { signal });
			if (!response.body) {
				throw new ApiError('server', 'OpenAI returned no content for the file');
			}
			const destination = await openSafeWrite(destinationPath, { whenExists });
			try {
				let received = 0;
				const brokenOff = (): ApiError =>
					new ApiError('network', `The download of ${fileId} broke off after ${received}${expectedBytes === undefined ? '' : ` of ${expectedBytes}`} bytes`, { retryable: true });
				const counted = async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
					for await (const chunk of source) {
						received += chunk.length;
						onProgress?.(received);
						yield chunk;
					}
				};
				const source = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
				// Whichever end fails first fails the pipeline, and the other is then destroyed with its error.
				let failedFirst: 'connection' | 'file' | undefined;
				source.once('error', () => (failedFirst ??= 'connection'));
				destination.stream.once('error', () => (failedFirst ??= 'file'));
				try {
					await pipeline(source, counted, destination.stream, { signal });
				} catch (error) {
					// The SDK retries only until the headers arrive; a body cut off later fails here.
					throw failedFirst === 'connection' && !signal?.aborted ? brokenOff() : error;
				}
				// A connection closed early without an error would otherwise publish a cut file as complete.
				if (expectedBytes !== undefined && received !== expectedBytes) {
					throw brokenOff();
				}
				return { path: await destination.commit(), bytes: received };
			} catch (error) {
				await destination.abort();
				throw error;
			}
		});
	}

	private async inspect(filePath: string): Promise<SourceFile> {
		try {
			const stats = await stat(filePath);
			return { size: stats.size, modifiedMs: stats.mtimeMs };
		} catch (error) {
			throw new ApiError('invalid-request', `Can't read ${filePath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
		}
	}

	private async uploadWhole(target: UploadTarget, progress: UploadProgress, signal: AbortSignal | undefined): Promise<FileObject> {
		return withRetries(this.context, this.retryPolicy(signal, 'upload'), () => {
			progress.restartPart(0);
			const data = readRange(target.filePath, 0, target.source.size, signal, (bytes) => progress.add(0, bytes));
			return this.client.files.create(
				{ file: toStreamingFile(data, target.filename, { type: mimeTypeFor(target.filename) }), purpose: target.purpose },
				{ signal, maxRetries: 0, timeout: UPLOAD_TIMEOUT_MS },
			);
		});
	}

	private async uploadInParts(target: UploadTarget, progress: UploadProgress, signal: AbortSignal | undefined): Promise<FileObject> {
		const { size } = target.source;
		const upload = await callApi(this.context, () =>
			this.client.uploads.create({ bytes: size, filename: target.filename, mime_type: mimeTypeFor(target.filename), purpose: target.purpose }, { signal }),
		);
		this.options.logger?.info(`[upload] ${target.filename}: ${size} bytes in ${Math.ceil(size / this.partSizeBytes)} parts (${upload.id})`);

		// One controller for everything in flight, so a failed part or the caller's abort stops all of it.
		const inFlight = new AbortController();
		const abortInFlight = () => inFlight.abort(signal?.reason);
		signal?.addEventListener('abort', abortInFlight, { once: true });
		try {
			const [partIds, md5] = await Promise.all([this.sendParts(upload.id, target, progress, inFlight.signal), md5Of(target.filePath, inFlight.signal)]);
			await this.ensureUnchanged(target);
			const completed = await callApi(this.context, () => this.client.uploads.complete(upload.id, { part_ids: partIds, md5 }, { signal }));
			return verifyCompleted(completed, size);
		} catch (thrown) {
			inFlight.abort();
			const error = toApiError(thrown, this.context);
			await this.cancelUpload(upload.id);
			throw error;
		} finally {
			signal?.removeEventListener('abort', abortInFlight);
		}
	}

	/** Sends every part, a few at a time. @returns the part ids in file order, whatever order they finished in. */
	private async sendParts(uploadId: string, target: UploadTarget, progress: UploadProgress, signal: AbortSignal): Promise<string[]> {
		const partCount = Math.ceil(target.source.size / this.partSizeBytes);
		const partIds = new Array<string>(partCount);
		let nextIndex = 0;
		const worker = async () => {
			while (nextIndex < partCount) {
				const index = nextIndex++;
				partIds[index] = await this.sendPart(uploadId, target, index, partCount, progress, signal);
			}
		};
		await Promise.all(Array.from({ length: Math.min(this.partConcurrency, partCount) }, worker));
		return partIds;
	}

	private async sendPart(uploadId: string, target: UploadTarget, index: number, partCount: number, progress: UploadProgress, upload: AbortSignal): Promise<string> {
		const start = index * this.partSizeBytes;
		const end = Math.min(start + this.partSizeBytes, target.source.size);
		return withOwnSignal(upload, async (signal) => {
			const part = await withRetries(this.context, this.retryPolicy(signal, `part ${index + 1}/${partCount}`), () => {
				progress.restartPart(index);
				const data = readRange(target.filePath, start, end, signal, (bytes) => progress.add(index, bytes));
				return this.client.uploads.parts.create(uploadId, { data: toStreamingFile(data, target.filename) }, { signal, maxRetries: 0, timeout: UPLOAD_TIMEOUT_MS });
			});
			return part.id;
		});
	}

	/** Parts read the file at different times: a file edited meanwhile would be assembled from two versions. */
	private async ensureUnchanged(target: UploadTarget): Promise<void> {
		const now = await this.inspect(target.filePath);
		if (now.size !== target.source.size || now.modifiedMs !== target.source.modifiedMs) {
			throw new ApiError('invalid-request', `${target.filename} changed during the upload: upload it again`);
		}
	}

	/** Best effort: an upload left pending only expires after an hour, but nothing depends on the cancel succeeding. */
	private async cancelUpload(uploadId: string): Promise<void> {
		try {
			await this.client.uploads.cancel(uploadId, { maxRetries: 1, timeout: 15_000 });
			this.options.logger?.info(`[upload] cancelled ${uploadId}`);
		} catch (thrown) {
			this.options.logger?.warn(`[upload] could not cancel ${uploadId}: ${toApiError(thrown, this.context).message}`);
		}
	}

	private retryPolicy(signal: AbortSignal | undefined, what: string): RetryPolicy {
		return {
			attempts: this.attempts,
			baseDelayMs: this.retryBaseDelayMs,
			signal,
			onRetry: (error, attempt, delayMs) => this.options.logger?.warn(`[upload] ${what} failed (${error.message}); try ${attempt + 1} of ${this.attempts} in ${delayMs} ms`),
		};
	}
}

interface SourceFile {
	readonly size: number;
	readonly modifiedMs: number;
}

interface UploadTarget {
	readonly filePath: string;
	readonly filename: string;
	readonly purpose: FilePurpose;
	readonly source: SourceFile;
}

/** Sums the bytes sent per part, so a retried part starts again from zero instead of counting twice. */
class UploadProgress {
	private readonly sentByPart = new Map<number, number>();
	private sent = 0;

	constructor(
		private readonly total: number,
		private readonly report: ((bytesSent: number, totalBytes: number) => void) | undefined,
	) {}

	restartPart(index: number): void {
		this.sent -= this.sentByPart.get(index) ?? 0;
		this.sentByPart.set(index, 0);
	}

	add(index: number, bytes: number): void {
		this.sentByPart.set(index, (this.sentByPart.get(index) ?? 0) + bytes);
		this.sent += bytes;
		this.report?.(this.sent, this.total);
	}

	finish(): void {
		this.report?.(this.total, this.total);
	}
}

/** Streams bytes [start, end) of the file, telling `onRead` about each chunk; never holds more than a chunk. */
async function* readRange(filePath: string, start: number, end: number, signal: AbortSignal | undefined, onRead: (bytes: number) => void): AsyncGenerator<Buffer> {
	if (end <= start) {
		return;
	}
	const stream = createReadStream(filePath, { start, end: end - 1, highWaterMark: READ_CHUNK_BYTES });
	try {
		for await (const chunk of stream as AsyncIterable<Buffer>) {
			signal?.throwIfAborted();
			onRead(chunk.length);
			yield chunk;
		}
	} finally {
		stream.destroy();
	}
}

/** The file's MD5, which `uploads.complete` checks against the assembled parts. */
async function md5Of(filePath: string, signal: AbortSignal): Promise<string> {
	const hash = createHash('md5');
	for await (const chunk of createReadStream(filePath, { highWaterMark: READ_CHUNK_BYTES, signal }) as AsyncIterable<Buffer>) {
		hash.update(chunk);
	}
	return hash.digest('hex');
}

function verifyCompleted(upload: Upload, expectedBytes: number): FileObject {
	if (upload.status !== 'completed' || !upload.file) {
		throw new ApiError('server', `OpenAI did not complete the upload (status ${upload.status}): try again`);
	}
	if (upload.bytes !== expectedBytes || upload.file.bytes !== expectedBytes) {
		throw new ApiError('server', `OpenAI assembled ${upload.file.bytes} bytes but the file has ${expectedBytes}: try again`);
	}
	return upload.file;
}

function mimeTypeFor(filename: string): string {
	switch (path.extname(filename).toLowerCase()) {
		case '.jsonl':
			return 'text/jsonl';
		case '.json':
			return 'application/json';
		case '.csv':
			return 'text/csv';
		default:
			return 'application/octet-stream';
	}
}
