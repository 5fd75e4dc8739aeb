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

/** Splits bytes that arrive in chunks into lines at each "\n", keeping only the unfinished line. */
export class LineSplitter {
	// The chunks of the line being read: joined once when its break arrives, since joining the
	// carry with each new chunk copies a megabytes-long line over and over.
	private pending: Buffer[] = [];
	private pendingOffset = 0;

	/** @param offset where the first chunk starts in the file. */
	constructor(private offset = 0) {}

	/** Calls `onLine` with each line that `chunk` completes (without its "\n") and where it starts. */
	push(chunk: Buffer, onLine: (line: Buffer, offset: number) => void): void {
		let lineStart = 0;
		let newline = chunk.indexOf(0x0a);
		while (newline >= 0) {
			const line = chunk.subarray(lineStart, newline);
			if (this.pending.length > 0) {
				onLine(Buffer.concat([...this.pending, line]), this.pendingOffset);
				this.pending = [];
			} else {
				onLine(line, this.offset + lineStart);
			}
			lineStart = newline + 1;
			newline = chunk.indexOf(0x0a, lineStart);
		}
		if (lineStart < chunk.length) {
			if (this.pending.length === 0) {
				this.pendingOffset = this.offset + lineStart;
			}
			this.pending.push(chunk.subarray(lineStart));
		}
		this.offset += chunk.length;
	}

	/** The text after the last line break, and where it starts; empty when the bytes ended with a break. */
	rest(): { line: Buffer; offset: number } {
		return this.pending.length > 0 ? { line: Buffer.concat(this.pending), offset: this.pendingOffset } : { line: Buffer.alloc(0), offset: this.offset };
	}
}

/**
 * The lines of `file` in order, a chunk's worth at a time. A byte order mark at the start is not
 * part of the first line. The text after the last line break is a line only when it is not empty,
 * so a file that ends with a break has no empty last line.
 */
export async function* readLineBatches(file: string, signal?: AbortSignal): AsyncGenerator<FileLine[]> {
	const stream = createReadStream(file, { highWaterMark: CHUNK_BYTES, signal });
	let splitter: LineSplitter | undefined;
	for await (const chunk of stream as AsyncIterable<Buffer>) {
		const lines: FileLine[] = [];
		let bytes = chunk;
		if (!splitter) {
			const skip = BYTE_ORDER_MARK.every((byte, index) => chunk[index] === byte) ? BYTE_ORDER_MARK.length : 0;
			splitter = new LineSplitter(skip);
			bytes = chunk.subarray(skip);
		}
		splitter.push(bytes, (line, offset) => lines.push({ bytes: withoutCarriageReturn(line), offset }));
		if (lines.length > 0) {
			yield lines;
		}
	}
	const rest = splitter?.rest();
	if (rest && rest.line.length > 0) {
		yield [{ bytes: withoutCarriageReturn(rest.line), offset: rest.offset }];
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
