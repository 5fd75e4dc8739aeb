// Converters from the layouts users bring to OpenAI's chat format. Each returns undefined when the
// record does not hold what the conversion needs, so a fix is only offered where it is sound.

/** A chat message as the converters write it. */
export interface ChatMessage {
	readonly role: 'system' | 'user' | 'assistant';
	readonly content: string;
}

/** `{"messages": […]}` */
export interface ChatRecord {
	readonly messages: readonly ChatMessage[];
}

/** The suffixes OpenAI's legacy guide put at the end of each prompt ("\n\n###\n\n" is "###" in white space). */
const PROMPT_SEPARATORS = ['###', '->'];
/** The stop sequences it ended completions with; a final "\n" is white space, trimmed anyway. */
const STOP_SEQUENCES = ['###', ' END', '\nEND'];

/**
 * `text` without surrounding white space and one trailing separator. Scans from the end with
 * `trimEnd`/`endsWith` rather than a regular expression: `/\s*(…)\s*$/` backtracks cubically on
 * long runs of white space, and this runs on every prompt/completion line of a file.
 */
export function withoutSeparator(text: string, separators: readonly string[]): string {
	const trimmed = text.trimEnd();
	const separator = separators.find((candidate) => trimmed.endsWith(candidate));
	return (separator ? trimmed.slice(0, -separator.length) : trimmed).trim();
}

/** `{"prompt", "completion"}` → a user turn and the assistant's reply, legacy separators removed. */
export function promptCompletionToChat(record: Record<string, unknown>): ChatRecord | undefined {
	const { prompt, completion } = record;
	if (typeof prompt !== 'string' || typeof completion !== 'string') {
		return undefined;
	}
	const user = withoutSeparator(prompt, PROMPT_SEPARATORS);
	const assistant = withoutSeparator(completion, STOP_SEQUENCES);
	if (user === '' || assistant === '') {
		return undefined;
	}
	return { messages: [{ role: 'user', content: user }, { role: 'assistant', content: assistant }] };
}

/** Alpaca `{"instruction", "input"?, "output"}` → chat. */
export function alpacaToChat(record: Record<string, unknown>): ChatRecord | undefined {
	const { instruction, input, output } = record;
	if (typeof instruction !== 'string' || typeof output !== 'string' || (input !== undefined && typeof input !== 'string')) {
		return undefined;
	}
	const user = input ? `${instruction}\n\n${input}` : instruction;
	return { messages: [{ role: 'user', content: user }, { role: 'assistant', content: output }] };
}

const SHAREGPT_ROLES: Record<string, ChatMessage['role']> = { system: 'system', human: 'user', user: 'user', gpt: 'assistant', assistant: 'assistant', chatgpt: 'assistant', bing: 'assistant' };

/** ShareGPT `{"conversations": [{"from", "value"}]}` → chat. */
export function shareGptToChat(record: Record<string, unknown>): ChatRecord | undefined {
	const { conversations } = record;
	if (!Array.isArray(conversations)) {
		return undefined;
	}
	const messages: ChatMessage[] = [];
	for (const turn of conversations as unknown[]) {
		const from = typeof turn === 'object' && turn !== null ? (turn as Record<string, unknown>).from : undefined;
		const value = typeof turn === 'object' && turn !== null ? (turn as Record<string, unknown>).value : undefined;
		const role = typeof from === 'string' ? SHAREGPT_ROLES[from.toLowerCase()] : undefined;
		if (!role || typeof value !== 'string') {
			return undefined;
		}
		messages.push({ role, content: value });
	}
	return messages.some((message) => message.role === 'assistant') ? { messages } : undefined;
}

/** An Anthropic HH transcript ("\n\nHuman: …\n\nAssistant: …") → chat messages. */
export function transcriptToMessages(transcript: string): ChatMessage[] | undefined {
	const turns = transcript.split(/\n\n(?=(?:Human|Assistant): )/).filter((turn) => turn.trim() !== '');
	const messages: ChatMessage[] = [];
	for (const turn of turns) {
		const match = /^\s*(Human|Assistant): ([\s\S]*)$/.exec(turn);
		if (!match) {
			return undefined;
		}
		messages.push({ role: match[1] === 'Human' ? 'user' : 'assistant', content: (match[2] ?? '').trim() });
	}
	return messages.length > 0 ? messages : undefined;
}

/** Anthropic HH `{"chosen", "rejected"}` → the chosen conversation as a chat record. */
export function anthropicHhToChat(record: Record<string, unknown>): ChatRecord | undefined {
	const messages = typeof record.chosen === 'string' ? transcriptToMessages(record.chosen) : undefined;
	return messages?.at(-1)?.role === 'assistant' ? { messages } : undefined;
}

/** A preference record as OpenAI's DPO wants it. */
export interface PreferenceRecord {
	readonly input: { readonly messages: readonly ChatMessage[] };
	readonly preferred_output: readonly ChatMessage[];
	readonly non_preferred_output: readonly ChatMessage[];
}

/** Anthropic HH `{"chosen", "rejected"}` → a DPO record: the shared turns, then the two final answers. */
export function anthropicHhToPreference(record: Record<string, unknown>): PreferenceRecord | undefined {
	const chosen = typeof record.chosen === 'string' ? transcriptToMessages(record.chosen) : undefined;
	const rejected = typeof record.rejected === 'string' ? transcriptToMessages(record.rejected) : undefined;
	const preferred = chosen?.at(-1);
	const nonPreferred = rejected?.at(-1);
	if (!chosen || !rejected || preferred?.role !== 'assistant' || nonPreferred?.role !== 'assistant') {
		return undefined;
	}
	const input = chosen.slice(0, -1);
	if (input.length === 0 || JSON.stringify(input) !== JSON.stringify(rejected.slice(0, -1))) {
		return undefined;
	}
	return { input: { messages: input }, preferred_output: [preferred], non_preferred_output: [nonPreferred] };
}
