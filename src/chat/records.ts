// Turns a chat panel conversation into fine-tuning records: a chat example (or, for a legacy
// completions model, a prompt/completion pair) from one reply, a preference (DPO) record from two
// replies to the same turn in Compare, and a whole conversation for export. Plain data in and out, so
// that the records are unit-tested against the real linter without VS Code.
import { splitLines } from '../dataset/dataset';
import { duplicateFinding, duplicateKey, hasByteOrderMark, majorityFormat, mixedFormatFinding } from '../dataset/datasetFindings';
import { LineLinter, type LintSettings } from '../dataset/lineLint';
import type { Finding, RecordFormat } from '../dataset/types';
import type { Conversation, Reply, ReplyStatus, Turn } from './conversation';

/** A message of a chat record as OpenAI's fine-tuning format has it. */
export interface RecordMessage {
	readonly role: 'system' | 'user' | 'assistant';
	readonly content: string;
}

/** A supervised chat example: `{"messages": [system?, user, assistant, …]}`. */
export interface ChatExample {
	readonly messages: readonly RecordMessage[];
}

/** A legacy supervised example for `babbage-002` / `davinci-002`. */
export interface PromptCompletionExample {
	readonly prompt: string;
	readonly completion: string;
}

/** OpenAI's preference (DPO) record: the conversation up to the judged user turn, and the better and the worse answer. */
export interface PreferencePair {
	readonly input: { readonly messages: readonly RecordMessage[] };
	readonly preferred_output: readonly [{ readonly role: 'assistant'; readonly content: string }];
	readonly non_preferred_output: readonly [{ readonly role: 'assistant'; readonly content: string }];
}

export type TrainingExample = ChatExample | PromptCompletionExample;
export type TrainingRecord = TrainingExample | PreferencePair;

/** Why no record can be made; the panel words it. Turn and column numbers are zero-based. */
export type Refusal =
	| { readonly kind: 'no-such-turn'; readonly turnIndex: number }
	| { readonly kind: 'no-such-column'; readonly column: number }
	/** The reply to save is missing, failed, still streaming or empty. */
	| { readonly kind: 'no-reply'; readonly turnIndex: number; readonly column: number; readonly status?: ReplyStatus }
	| { readonly kind: 'empty-edit' }
	| { readonly kind: 'same-column' }
	/** Preference records are chat records; a legacy completions model has none. */
	| { readonly kind: 'completions-preference'; readonly column: number };

/**
 * A record, or why there is none. `omittedTurns` are the earlier turns left out because this column
 * has no usable reply to them (it failed, or the user moved on while it streamed): an unanswered user
 * message would put two user messages in a row and teach the model to ignore a question, and the
 * failed request's text is not what the conversation continued from.
 */
export type Built<T> = { readonly record: T; readonly omittedTurns: readonly number[] } | { readonly refusal: Refusal };

/** Whether `reply` is an answer a record can hold: finished (or stopped by the user) and not empty. */
export function isUsableReply(reply: Reply | undefined): reply is Reply {
	return reply !== undefined && (reply.status === 'done' || reply.status === 'stopped') && reply.text.trim() !== '';
}

/**
 * The supervised example that teaches `column`'s reply to turn `turnIndex` (or `editedText` in its
 * place): for a chat model the system prompt (when not empty), the earlier turns with this column's
 * replies, and this turn; for a legacy completions model, this turn's prompt and completion.
 */
export function trainingExampleOf(conversation: Conversation, turnIndex: number, column: number, editedText?: string): Built<TrainingExample> {
	const refusal = checkTurn(conversation, turnIndex) ?? checkColumn(conversation, column);
	if (refusal) {
		return { refusal };
	}
	const answer = answerOf(conversation, turnIndex, column, editedText);
	if (typeof answer !== 'string') {
		return { refusal: answer };
	}
	const turn = conversation.turns[turnIndex] as Turn;
	if (conversation.columns[column]?.model.api === 'completions') {
		return { record: { prompt: turn.user, completion: answer }, omittedTurns: [] };
	}
	const history = historyOf(conversation, turnIndex, column);
	return { record: { messages: [...history.messages, { role: 'assistant', content: answer }] }, omittedTurns: history.omittedTurns };
}

/**
 * The preference record saying that `preferredColumn`'s reply to turn `turnIndex` beats
 * `otherColumn`'s. The input is the conversation as the preferred column had it (its own earlier
 * replies), since that is the context the preferred answer continues.
 */
export function preferencePairOf(conversation: Conversation, turnIndex: number, preferredColumn: number, otherColumn: number): Built<PreferencePair> {
	const refusal = checkTurn(conversation, turnIndex) ?? checkColumn(conversation, preferredColumn) ?? checkColumn(conversation, otherColumn);
	if (refusal) {
		return { refusal };
	}
	if (preferredColumn === otherColumn) {
		return { refusal: { kind: 'same-column' } };
	}
	const legacy = [preferredColumn, otherColumn].find((column) => conversation.columns[column]?.model.api === 'completions');
	if (legacy !== undefined) {
		return { refusal: { kind: 'completions-preference', column: legacy } };
	}
	const preferred = answerOf(conversation, turnIndex, preferredColumn);
	if (typeof preferred !== 'string') {
		return { refusal: preferred };
	}
	const other = answerOf(conversation, turnIndex, otherColumn);
	if (typeof other !== 'string') {
		return { refusal: other };
	}
	const history = historyOf(conversation, turnIndex, preferredColumn);
	return {
		record: {
			input: { messages: history.messages },
			preferred_output: [{ role: 'assistant', content: preferred }],
			non_preferred_output: [{ role: 'assistant', content: other }],
		},
		omittedTurns: history.omittedTurns,
	};
}

/**
 * The conversation as `column` had it, for export: one chat record holding every answered turn, or,
 * for a legacy completions model, one prompt/completion record per answered turn. Empty when the
 * column answered nothing.
 */
export function conversationRecords(conversation: Conversation, column: number): TrainingExample[] {
	if (checkColumn(conversation, column)) {
		return [];
	}
	const answered = conversation.turns.flatMap((turn) => {
		const reply = turn.replies[column];
		return isUsableReply(reply) ? [{ user: turn.user, answer: reply.text }] : [];
	});
	if (conversation.columns[column]?.model.api === 'completions') {
		return answered.map(({ user, answer }) => ({ prompt: user, completion: answer }));
	}
	if (answered.length === 0) {
		return [];
	}
	return [{ messages: [...systemMessages(conversation), ...answered.flatMap(({ user, answer }): RecordMessage[] => [{ role: 'user', content: user }, { role: 'assistant', content: answer }])] }];
}

/** {@link conversationRecords} as JSONL: one line each, every line ending in a line break. */
export function conversationToJsonl(conversation: Conversation, column: number): string {
	return conversationRecords(conversation, column)
		.map((record) => `${toJsonLine(record)}\n`)
		.join('');
}

/** A record as one JSONL line, without its line break. `JSON.stringify` escapes every line break inside strings. */
export function toJsonLine(record: TrainingRecord): string {
	return JSON.stringify(record);
}

/**
 * What the linter finds in `record` for the target model and service when it is appended to a file
 * whose text is `existing`: the record's own findings, and the file's about the new line (a format
 * unlike the file's records, an exact duplicate of one of them). Errors and warnings only:
 * information, such as the legacy advice on a completion's leading space, does not stop a save.
 */
export function recordFindings(record: TrainingRecord, settings: LintSettings, existing = ''): Finding[] {
	const line = toJsonLine(record);
	const own = new LineLinter(settings).lint(line);
	const found = [...own.findings];
	if (existing !== '') {
		// The schema pass alone: the file's formats and texts, without counting its tokens.
		const schema = new LineLinter(settings, { countTokens: false });
		const lines = splitLines(existing);
		const counts = new Map<RecordFormat, number>();
		let duplicateOf: number | undefined;
		lines.forEach((text, index) => {
			const result = schema.lint(index === 0 && hasByteOrderMark(text) ? text.slice(1) : text);
			if (result.kind === 'record' && result.format) {
				counts.set(result.format, (counts.get(result.format) ?? 0) + 1);
				if (duplicateOf === undefined && duplicateKey(text) === duplicateKey(line)) {
					duplicateOf = index;
				}
			}
		});
		const index = lines.at(-1) === '' ? lines.length - 1 : lines.length;
		const majority = majorityFormat(counts);
		if (majority && own.format && own.format !== majority) {
			found.push(mixedFormatFinding(index, line.length, own.format, majority, counts.get(majority) ?? 0));
		}
		if (duplicateOf !== undefined) {
			found.push(duplicateFinding(index, line.length, duplicateOf));
		}
	}
	return found.filter((finding) => finding.severity !== 'info');
}

function checkTurn(conversation: Conversation, turnIndex: number): Refusal | undefined {
	return Number.isInteger(turnIndex) && turnIndex >= 0 && turnIndex < conversation.turns.length ? undefined : { kind: 'no-such-turn', turnIndex };
}

function checkColumn(conversation: Conversation, column: number): Refusal | undefined {
	return Number.isInteger(column) && column >= 0 && column < conversation.columns.length ? undefined : { kind: 'no-such-column', column };
}

/** The text the record teaches for `column`'s reply to the turn: the edit, else the reply itself. */
function answerOf(conversation: Conversation, turnIndex: number, column: number, editedText?: string): string | Refusal {
	if (editedText !== undefined) {
		return editedText.trim() === '' ? { kind: 'empty-edit' } : editedText;
	}
	const reply = conversation.turns[turnIndex]?.replies[column];
	const status = reply?.status;
	return isUsableReply(reply) ? reply.text : { kind: 'no-reply', turnIndex, column, ...(status ? { status } : {}) };
}

function systemMessages(conversation: Conversation): RecordMessage[] {
	return conversation.systemPrompt.trim() === '' ? [] : [{ role: 'system', content: conversation.systemPrompt }];
}

/** The system prompt, the turns before `turnIndex` that `column` answered, and turn `turnIndex`'s user message. */
function historyOf(conversation: Conversation, turnIndex: number, column: number): { messages: RecordMessage[]; omittedTurns: number[] } {
	const messages = systemMessages(conversation);
	const omittedTurns: number[] = [];
	conversation.turns.slice(0, turnIndex).forEach((turn, index) => {
		const reply = turn.replies[column];
		if (isUsableReply(reply)) {
			messages.push({ role: 'user', content: turn.user }, { role: 'assistant', content: reply.text });
		} else {
			omittedTurns.push(index);
		}
	});
	messages.push({ role: 'user', content: (conversation.turns[turnIndex] as Turn).user });
	return { messages, omittedTurns };
}
