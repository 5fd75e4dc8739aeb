// Reading a JSON Lines file of any size a chunk at a time, for the dataset tools (convert, split,
// dedupe, sample, shuffle): memory holds a chunk and the line being read, never the file.
import { createReadStream } from 'node:fs';

/** One line of a file: its bytes without the line break (nor a "\r" before it), and where they start. */
export interface FileLine {
	readonly bytes: Buffer;
	/** The byte offset of the line's first byte in the file. */
	readonly offset: number;
}

const CHUNK_BYTES = 1024 * 1024;
const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf];

/**
 * The lines of `file` in order, a chunk's worth at a time. A byte order mark at the start is not
 * part of the first line. The text after the last line break is a line only when it is not empty,
 * so a file that ends with a break has no empty last line.
 */
export async function* readLineBatches(file: string, signal?: AbortSignal): AsyncGenerator<FileLine[]> {
	const stream = createReadStream(file, { highWaterMark: CHUNK_BYTES, signal });
	// The chunks of the line being read: joined once when its break arrives, since joining the
	// carry with each new chunk copies a megabytes-long line over and over.
	let pending: Buffer[] = [];
	let pendingOffset = 0;
	let chunkOffset = 0;
	for await (const chunk of stream as AsyncIterable<Buffer>) {
		const lines: FileLine[] = [];
		let lineStart = chunkOffset === 0 && BYTE_ORDER_MARK.every((byte, index) => chunk[index] === byte) ? BYTE_ORDER_MARK.length : 0;
		if (chunkOffset === 0) {
			pendingOffset = lineStart;
		}
		let newline = chunk.indexOf(0x0a, lineStart);
		while (newline >= 0) {
			const line = chunk.subarray(lineStart, newline);
			const offset = pending.length > 0 ? pendingOffset : chunkOffset + lineStart;
			lines.push({ bytes: withoutCarriageReturn(pending.length > 0 ? Buffer.concat([...pending, line]) : line), offset });
			pending = [];
			lineStart = newline + 1;
			newline = chunk.indexOf(0x0a, lineStart);
		}
		if (lineStart < chunk.length) {
			if (pending.length === 0) {
				pendingOffset = chunkOffset + lineStart;
			}
			pending.push(chunk.subarray(lineStart));
		}
		chunkOffset += chunk.length;
		if (lines.length > 0) {
			yield lines;
		}
	}
	if (pending.length > 0) {
		yield [{ bytes: withoutCarriageReturn(Buffer.concat(pending)), offset: pendingOffset }];
	}
}

function withoutCarriageReturn(bytes: Buffer): Buffer {
	return bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, bytes.length - 1) : bytes;
}

/** Whether a line holds nothing but white space (and so is no example). */
export function isBlankLine(bytes: Uint8Array): boolean {
	for (const byte of bytes) {
		if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) {
			return false;
		}
	}
	return true;
}

/** An example: a non-blank line, with its 1-based line number. */
export interface FileExample extends FileLine {
	readonly line: number;
}

/** The examples of `file` (its non-blank lines) in order, a chunk's worth at a time. */
export async function* exampleBatches(file: string, signal?: AbortSignal): AsyncGenerator<FileExample[]> {
	let line = 0;
	for await (const batch of readLineBatches(file, signal)) {
		const examples: FileExample[] = [];
		for (const fileLine of batch) {
			line++;
			if (!isBlankLine(fileLine.bytes)) {
				examples.push({ ...fileLine, line });
			}
		}
		if (examples.length > 0) {
			yield examples;
		}
	}
}
