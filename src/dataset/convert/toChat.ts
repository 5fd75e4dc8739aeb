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

/**
 * `{"prompt", "completion"}` → a user turn and the assistant's reply. Where the record follows
 * OpenAI's legacy preparation guide (a separator ends the prompt, or a stop sequence the
 * completion), the separator, the stop sequence and the completion's leading space are that
 * convention's, not the text's, and are dropped (`legacy`); otherwise both texts are kept as written.
 */
export function promptCompletionToChat(record: Record<string, unknown>): { chat: ChatRecord; legacy: boolean } | undefined {
	const { prompt, completion } = record;
	if (typeof prompt !== 'string' || typeof completion !== 'string' || prompt.trim() === '' || completion.trim() === '') {
		return undefined;
	}
	const user = withoutSeparator(prompt, PROMPT_SEPARATORS);
	const assistant = withoutSeparator(completion, STOP_SEQUENCES);
	const legacy = user !== prompt.trim() || assistant !== completion.trim();
	if (legacy && (user === '' || assistant === '')) {
		return undefined;
	}
	const messages: ChatMessage[] = legacy ? [{ role: 'user', content: user }, { role: 'assistant', content: assistant }] : [{ role: 'user', content: prompt }, { role: 'assistant', content: completion }];
	return { chat: { messages }, legacy };
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
	return chosen && rejected ? preferenceFromConversations(chosen, rejected) : undefined;
}

/** Two whole conversations that share all but their final assistant answers → a DPO record. */
function preferenceFromConversations(chosen: readonly ChatMessage[], rejected: readonly ChatMessage[]): PreferenceRecord | undefined {
	const preferred = chosen.at(-1);
	const nonPreferred = rejected.at(-1);
	if (preferred?.role !== 'assistant' || nonPreferred?.role !== 'assistant') {
		return undefined;
	}
	const input = chosen.slice(0, -1);
	if (input.length === 0 || JSON.stringify(input) !== JSON.stringify(rejected.slice(0, -1))) {
		return undefined;
	}
	return { input: { messages: input }, preferred_output: [preferred], non_preferred_output: [nonPreferred] };
}

/**
 * Hugging Face TRL's `{"prompt", "chosen", "rejected"}` → a DPO record. Each is a string or, in TRL's
 * conversational form, a list of messages; without a prompt ("implicit prompt"), chosen and
 * rejected are whole conversations that share all but their last turn.
 */
export function trlToPreference(record: Record<string, unknown>): PreferenceRecord | undefined {
	const { prompt, chosen, rejected } = record;
	if (prompt === undefined) {
		const chosenMessages = asMessages(chosen);
		const rejectedMessages = asMessages(rejected);
		return chosenMessages && rejectedMessages ? preferenceFromConversations(chosenMessages, rejectedMessages) : undefined;
	}
	const input = typeof prompt === 'string' ? (prompt.trim() === '' ? undefined : [{ role: 'user' as const, content: prompt }]) : asMessages(prompt);
	const preferred = asAnswer(chosen);
	const nonPreferred = asAnswer(rejected);
	return input && preferred && nonPreferred ? { input: { messages: input }, preferred_output: [preferred], non_preferred_output: [nonPreferred] } : undefined;
}

/** A non-empty list of text messages from system, user or assistant, or undefined. */
function asMessages(value: unknown): ChatMessage[] | undefined {
	if (!Array.isArray(value) || value.length === 0) {
		return undefined;
	}
	const messages: ChatMessage[] = [];
	for (const item of value as unknown[]) {
		const { role, content } = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
		if ((role !== 'system' && role !== 'user' && role !== 'assistant') || typeof content !== 'string') {
			return undefined;
		}
		messages.push({ role, content });
	}
	return messages;
}

/** One assistant answer: a string, or a list holding exactly one assistant message. */
function asAnswer(value: unknown): ChatMessage | undefined {
	if (typeof value === 'string') {
		return value.trim() === '' ? undefined : { role: 'assistant', content: value };
	}
	const messages = asMessages(value);
	return messages?.length === 1 && messages[0]?.role === 'assistant' ? messages[0] : undefined;
}
