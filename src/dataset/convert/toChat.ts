// Converters from the layouts users bring to OpenAI's chat format. Each returns the converted
// record, or why the record does not hold what the conversion needs (so a quick fix is only offered
// where it is sound, and a whole-file conversion can say why it skipped a line).

/** A chat message as the converters write it. */
export interface ChatMessage {
	readonly role: 'system' | 'user' | 'assistant';
	readonly content: string;
}

/** `{"messages": […]}` */
export interface ChatRecord {
	readonly messages: readonly ChatMessage[];
}

/** Why a record cannot be converted, worded for the user (without line numbers or record text, so that reasons group). */
export interface Unconvertible {
	readonly unconvertible: string;
}

/** A converted record, or why there is none. */
export type Converted<T> = T | Unconvertible;

export function unconvertible(reason: string): Unconvertible {
	return { unconvertible: reason };
}

export function isUnconvertible(value: unknown): value is Unconvertible {
	return typeof value === 'object' && value !== null && typeof (value as Partial<Unconvertible>).unconvertible === 'string';
}

/** `converted` put through `map`, unless it is a reason already. */
export function mapConverted<T, U>(converted: Converted<T>, map: (value: T) => Converted<U>): Converted<U> {
	return isUnconvertible(converted) ? converted : map(converted);
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
export function promptCompletionToChat(record: Record<string, unknown>): Converted<{ chat: ChatRecord; legacy: boolean }> {
	const { prompt, completion } = record;
	if (typeof prompt !== 'string' || typeof completion !== 'string') {
		return unconvertible('"prompt" and "completion" must both be text');
	}
	if (prompt.trim() === '' || completion.trim() === '') {
		return unconvertible(`the ${prompt.trim() === '' ? 'prompt' : 'completion'} is empty`);
	}
	const user = withoutSeparator(prompt, PROMPT_SEPARATORS);
	const assistant = withoutSeparator(completion, STOP_SEQUENCES);
	const legacy = user !== prompt.trim() || assistant !== completion.trim();
	if (legacy && (user === '' || assistant === '')) {
		return unconvertible(`nothing is left of the ${user === '' ? 'prompt' : 'completion'} without its legacy ${user === '' ? 'separator' : 'stop sequence'}`);
	}
	const messages: ChatMessage[] = legacy ? [{ role: 'user', content: user }, { role: 'assistant', content: assistant }] : [{ role: 'user', content: prompt }, { role: 'assistant', content: completion }];
	return { chat: { messages }, legacy };
}

/** Alpaca `{"instruction", "input"?, "output"}` → chat. */
export function alpacaToChat(record: Record<string, unknown>): Converted<ChatRecord> {
	const { instruction, input, output } = record;
	if (typeof instruction !== 'string' || typeof output !== 'string' || (input !== undefined && input !== null && typeof input !== 'string')) {
		return unconvertible('"instruction", "input" and "output" must be text');
	}
	if (instruction.trim() === '' || output.trim() === '') {
		return unconvertible(`the ${instruction.trim() === '' ? 'instruction' : 'output'} is empty`);
	}
	const user = input ? `${instruction}\n\n${input}` : instruction;
	return { messages: [{ role: 'user', content: user }, { role: 'assistant', content: output }] };
}

const SHAREGPT_ROLES: Record<string, ChatMessage['role']> = { system: 'system', human: 'user', user: 'user', gpt: 'assistant', assistant: 'assistant', chatgpt: 'assistant', bing: 'assistant' };

/** ShareGPT `{"conversations": [{"from", "value"}]}` → chat. */
export function shareGptToChat(record: Record<string, unknown>): Converted<ChatRecord> {
	const { conversations } = record;
	if (!Array.isArray(conversations)) {
		return unconvertible('"conversations" must be a list of {"from", "value"} turns');
	}
	const messages: ChatMessage[] = [];
	for (const turn of conversations as unknown[]) {
		const from = typeof turn === 'object' && turn !== null ? (turn as Record<string, unknown>).from : undefined;
		const value = typeof turn === 'object' && turn !== null ? (turn as Record<string, unknown>).value : undefined;
		const role = typeof from === 'string' ? SHAREGPT_ROLES[from.toLowerCase()] : undefined;
		if (!role) {
			// The sender is quoted, cut short: the few ShareGPT variants ("function_call", "observation", …) group.
			return unconvertible(typeof from === 'string' ? `a turn is from ${JSON.stringify(from.slice(0, 40))}, which has no chat role (system, human, gpt)` : 'a turn has no "from"');
		}
		if (typeof value !== 'string') {
			return unconvertible('a turn\'s "value" is not text');
		}
		messages.push({ role, content: value });
	}
	return messages.some((message) => message.role === 'assistant') ? { messages } : unconvertible('the conversation has no turn from the assistant (gpt)');
}

/** An Anthropic HH transcript ("\n\nHuman: …\n\nAssistant: …") → chat messages; a turn may be empty ("\n\nAssistant:" at the end). */
export function transcriptToMessages(transcript: string): ChatMessage[] | undefined {
	const turns = transcript.split(/\n\n(?=(?:Human|Assistant):(?: |$))/).filter((turn) => turn.trim() !== '');
	const messages: ChatMessage[] = [];
	for (const turn of turns) {
		const match = /^\s*(Human|Assistant):(?: ([\s\S]*))?$/.exec(turn);
		if (!match) {
			return undefined;
		}
		messages.push({ role: match[1] === 'Human' ? 'user' : 'assistant', content: (match[2] ?? '').trim() });
	}
	return messages.length > 0 ? messages : undefined;
}

/** Anthropic HH `{"chosen", "rejected"}` → the chosen conversation as a chat record. */
export function anthropicHhToChat(record: Record<string, unknown>): Converted<ChatRecord> {
	return mapConverted(transcriptOf(record, 'chosen'), (messages) => {
		const answer = messages.at(-1);
		if (answer?.role !== 'assistant') {
			return unconvertible('the chosen transcript does not end with an "Assistant:" turn');
		}
		return answer.content === '' ? unconvertible('the chosen answer is empty') : { messages };
	});
}

/** The messages of the transcript under `key`, or why it is not one. */
function transcriptOf(record: Record<string, unknown>, key: 'chosen' | 'rejected'): Converted<ChatMessage[]> {
	const transcript = record[key];
	if (typeof transcript !== 'string') {
		return unconvertible(`"${key}" must be a transcript (text)`);
	}
	return transcriptToMessages(transcript) ?? unconvertible(`the ${key} transcript is not a series of "\\n\\nHuman:" and "\\n\\nAssistant:" turns`);
}

/** A preference record as OpenAI's DPO wants it. */
export interface PreferenceRecord {
	readonly input: { readonly messages: readonly ChatMessage[] };
	readonly preferred_output: readonly ChatMessage[];
	readonly non_preferred_output: readonly ChatMessage[];
}

/** Anthropic HH `{"chosen", "rejected"}` → a DPO record: the shared turns, then the two final answers. */
export function anthropicHhToPreference(record: Record<string, unknown>): Converted<PreferenceRecord> {
	return mapConverted(transcriptOf(record, 'chosen'), (chosen) => mapConverted(transcriptOf(record, 'rejected'), (rejected) => preferenceFromConversations(chosen, rejected)));
}

/** Two whole conversations that share all but their final assistant answers → a DPO record. */
function preferenceFromConversations(chosen: readonly ChatMessage[], rejected: readonly ChatMessage[]): Converted<PreferenceRecord> {
	const preferred = chosen.at(-1);
	const nonPreferred = rejected.at(-1);
	if (preferred?.role !== 'assistant' || nonPreferred?.role !== 'assistant') {
		return unconvertible(`the ${preferred?.role !== 'assistant' ? 'chosen' : 'rejected'} conversation does not end with an assistant turn`);
	}
	const input = chosen.slice(0, -1);
	if (input.length === 0) {
		return unconvertible('there is no conversation before the two answers');
	}
	if (JSON.stringify(input) !== JSON.stringify(rejected.slice(0, -1))) {
		return unconvertible('the chosen and rejected conversations differ before their last answers');
	}
	return preferencePair(input, preferred, nonPreferred);
}

/** A DPO record of a conversation and two answers, unless the answers give DPO nothing to learn from. */
function preferencePair(input: readonly ChatMessage[], preferred: ChatMessage, nonPreferred: ChatMessage): Converted<PreferenceRecord> {
	if (preferred.content.trim() === '' || nonPreferred.content.trim() === '') {
		return unconvertible(`the ${preferred.content.trim() === '' ? 'chosen' : 'rejected'} answer is empty`);
	}
	if (preferred.content === nonPreferred.content) {
		return unconvertible('the chosen and rejected answers are the same');
	}
	return { input: { messages: input }, preferred_output: [preferred], non_preferred_output: [nonPreferred] };
}

/**
 * Hugging Face TRL's `{"prompt", "chosen", "rejected"}` → a DPO record. Each is a string or, in TRL's
 * conversational form, a list of messages; without a prompt ("implicit prompt"), chosen and
 * rejected are whole conversations that share all but their last turn.
 */
export function trlToPreference(record: Record<string, unknown>): Converted<PreferenceRecord> {
	const { prompt, chosen, rejected } = record;
	if (prompt === undefined) {
		const chosenMessages = asMessages(chosen);
		const rejectedMessages = asMessages(rejected);
		if (!chosenMessages || !rejectedMessages) {
			return unconvertible(`without a "prompt", "${chosenMessages ? 'rejected' : 'chosen'}" must be a list of system, user and assistant messages with text`);
		}
		return preferenceFromConversations(chosenMessages, rejectedMessages);
	}
	const input = typeof prompt === 'string' ? (prompt.trim() === '' ? undefined : [{ role: 'user' as const, content: prompt }]) : asMessages(prompt);
	if (!input) {
		return unconvertible('"prompt" must be non-empty text or a list of system, user and assistant messages with text');
	}
	const preferred = asAnswer(chosen);
	const nonPreferred = asAnswer(rejected);
	if (!preferred || !nonPreferred) {
		return unconvertible(`"${preferred ? 'rejected' : 'chosen'}" must be non-empty text or exactly one assistant message with text`);
	}
	return preferencePair(input, preferred, nonPreferred);
}

/** The preferred conversation of a DPO record as a chat record: its input, then the preferred answer. */
export function preferredConversation(preference: PreferenceRecord): ChatRecord {
	return { messages: [...preference.input.messages, ...preference.preferred_output] };
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
