// The system prompt a training file teaches: its most common system message. Free of `vscode`, so
// that unit tests hold it; the local file and the files API both arrive here as chunks of bytes.

/**
 * How much of a training file is read for its system message: the first 20 MB or 10,000 records,
 * whichever comes first. A system prompt is shared by most records, so the head of the file tells
 * it, and a multi-gigabyte dataset is neither downloaded nor held to open a chat.
 */
export const SYSTEM_MESSAGE_SCAN_LIMITS = { bytes: 20 * 1024 * 1024, records: 10_000 } as const;

/** The lines of a UTF-8 byte stream, up to `maxBytes` (a line cut by the limit is dropped); stops reading there. */
export async function* linesOf(chunks: AsyncIterable<Uint8Array>, maxBytes: number = SYSTEM_MESSAGE_SCAN_LIMITS.bytes): AsyncGenerator<string, void, undefined> {
	const decoder = new TextDecoder('utf-8');
	let read = 0;
	let pending = '';
	for await (const chunk of chunks) {
		const room = maxBytes - read;
		const taken = chunk.byteLength > room ? chunk.subarray(0, room) : chunk;
		read += taken.byteLength;
		const lines = (pending + decoder.decode(taken, { stream: true })).split('\n');
		pending = lines.pop() ?? '';
		yield* lines;
		if (read >= maxBytes) {
			// Returning ends the `for await`, which closes the source (the file, or the download).
			return;
		}
	}
	pending += decoder.decode();
	if (pending !== '') {
		yield pending;
	}
}

/** The text of a message's content: a string, or the text parts of an array of parts. */
function textOf(content: unknown): string | undefined {
	if (typeof content === 'string') {
		return content;
	}
	if (Array.isArray(content)) {
		const texts = content.map((part: unknown) => (typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : undefined));
		return texts.every((text) => text !== undefined) && texts.length > 0 ? texts.join('') : undefined;
	}
	return undefined;
}

/** The system (or `developer`, its newer name) message of one record: chat (`messages`) or preference (`input.messages`). */
export function systemMessageOf(line: string): string | undefined {
	let record: unknown;
	try {
		record = JSON.parse(line);
	} catch {
		return undefined;
	}
	if (typeof record !== 'object' || record === null) {
		return undefined;
	}
	const { messages, input } = record as { messages?: unknown; input?: { messages?: unknown } };
	const list = Array.isArray(messages) ? messages : Array.isArray(input?.messages) ? input.messages : undefined;
	const system = list?.find((message: unknown) => {
		const role = typeof message === 'object' && message !== null ? (message as { role?: unknown }).role : undefined;
		return role === 'system' || role === 'developer';
	}) as { content?: unknown } | undefined;
	return system && textOf(system.content);
}

/**
 * The most common system message among the first {@link SYSTEM_MESSAGE_SCAN_LIMITS}.records records of
 * `lines`; a tie goes to the one seen first. Blank and malformed lines, and records without a system
 * message, do not count. Undefined when no record has one.
 */
export async function mostCommonSystemMessage(lines: Iterable<string> | AsyncIterable<string>, maxRecords: number = SYSTEM_MESSAGE_SCAN_LIMITS.records): Promise<string | undefined> {
	// Insertion order is first-seen order, which settles ties.
	const counts = new Map<string, number>();
	let records = 0;
	for await (const line of lines) {
		if (line.trim() === '') {
			continue;
		}
		const system = systemMessageOf(line);
		if (system !== undefined) {
			counts.set(system, (counts.get(system) ?? 0) + 1);
		}
		if (++records >= maxRecords) {
			break;
		}
	}
	let best: string | undefined;
	let bestCount = 0;
	for (const [message, count] of counts) {
		if (count > bestCount) {
			best = message;
			bestCount = count;
		}
	}
	return best;
}
