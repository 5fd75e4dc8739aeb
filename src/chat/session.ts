// The operations on a conversation, as pure functions from one immutable Conversation to the next,
// and the requests they make: what the panel does, testable without VS Code or a server.

import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ChatRequest, LegacyCompletionRequest } from '../openai/chat';
import type { ChatColumn, ChatModelRef, ChatOpenRequest, ChatParameters, Conversation, Reply, Turn } from './conversation';

/** How long a title taken from the first message may be. */
const TITLE_LENGTH = 60;

/** The reply a column starts with when it is asked. */
export const STREAMING: Reply = { text: '', status: 'streaming' };

/** A conversation with nothing said yet. */
export function newConversation(id: string, now: number, columns: readonly ChatColumn[] = [], systemPrompt = ''): Conversation {
	return { id, title: '', createdAt: now, updatedAt: now, systemPrompt, columns, turns: [] };
}

/** The title of a conversation: its first message, on one line and cut short. */
export function titleOf(text: string): string {
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1)}…` : line;
}

/** Appends a user turn whose replies are all streaming. */
export function addTurn(conversation: Conversation, turnId: string, text: string, now: number): Conversation {
	const turn: Turn = { id: turnId, user: text, replies: conversation.columns.map(() => STREAMING) };
	return { ...conversation, title: conversation.title || titleOf(text), updatedAt: now, turns: [...conversation.turns, turn] };
}

/** The index of a turn, or -1. */
export function turnIndexOf(conversation: Conversation, turnId: string): number {
	return conversation.turns.findIndex((turn) => turn.id === turnId);
}

/** Sets one column's reply to a turn; a turn that is gone (dropped by an edit) leaves it unchanged. */
export function setReply(conversation: Conversation, turnId: string, column: number, reply: Reply, now: number): Conversation {
	const index = turnIndexOf(conversation, turnId);
	if (index < 0 || column >= conversation.columns.length) {
		return conversation;
	}
	const turns = conversation.turns.map((turn, at) => (at === index ? { ...turn, replies: conversation.columns.map((_, c) => (c === column ? reply : turn.replies[c])) } : turn));
	return { ...conversation, updatedAt: now, turns };
}

/**
 * Edit-and-resend: the turn gets `text` and a new id (so that answers still arriving for the old one
 * are dropped), every column streams again, and the turns after it go.
 */
export function editTurn(conversation: Conversation, turnId: string, newTurnId: string, text: string, now: number): Conversation {
	const index = turnIndexOf(conversation, turnId);
	if (index < 0) {
		return conversation;
	}
	const kept = { ...conversation, turns: conversation.turns.slice(0, index) };
	return { ...addTurn(kept, newTurnId, text, now), title: index === 0 ? titleOf(text) : conversation.title };
}

/** Adds a column; earlier turns have no reply from it. */
export function addColumn(conversation: Conversation, column: ChatColumn, now: number): Conversation {
	return { ...conversation, updatedAt: now, columns: [...conversation.columns, column], turns: conversation.turns.map((turn) => ({ ...turn, replies: [...turn.replies, undefined] })) };
}

/** Removes a column and its replies. */
export function removeColumn(conversation: Conversation, column: number, now: number): Conversation {
	const without = <T>(items: readonly T[]): T[] => items.filter((_, at) => at !== column);
	return { ...conversation, updatedAt: now, columns: without(conversation.columns), turns: conversation.turns.map((turn) => ({ ...turn, replies: without(turn.replies) })) };
}

/** Points a column at another model, keeping its parameters. */
export function setModel(conversation: Conversation, column: number, model: ChatModelRef, now: number): Conversation {
	return { ...conversation, updatedAt: now, columns: conversation.columns.map((existing, at) => (at === column ? { ...existing, model } : existing)) };
}

export function setParameters(conversation: Conversation, column: number, parameters: ChatParameters, now: number): Conversation {
	return { ...conversation, updatedAt: now, columns: conversation.columns.map((existing, at) => (at === column ? { ...existing, parameters } : existing)) };
}

export function setSystemPrompt(conversation: Conversation, systemPrompt: string, now: number): Conversation {
	return { ...conversation, updatedAt: now, systemPrompt };
}

/** Replies left streaming by a panel that closed mid-answer: they stopped where they were. */
export function settleInterrupted(conversation: Conversation): Conversation {
	const interrupted = conversation.turns.some((turn) => turn.replies.some((reply) => reply?.status === 'streaming'));
	if (!interrupted) {
		return conversation;
	}
	return { ...conversation, turns: conversation.turns.map((turn) => ({ ...turn, replies: turn.replies.map((reply) => (reply?.status === 'streaming' ? { ...reply, status: 'stopped' } : reply)) })) };
}

/** Whether any reply is still streaming. */
export function isStreaming(conversation: Conversation): boolean {
	return conversation.turns.some((turn) => turn.replies.some((reply) => reply?.status === 'streaming'));
}

/**
 * The chat messages that ask `column` for its reply to turn `turnIndex`: the system prompt, the
 * earlier turns with that column's answers, and the turn's user text.
 */
export function chatMessagesOf(conversation: Conversation, turnIndex: number, column: number): ChatCompletionMessageParam[] {
	const messages: ChatCompletionMessageParam[] = conversation.systemPrompt.trim() ? [{ role: 'system', content: conversation.systemPrompt }] : [];
	conversation.turns.slice(0, turnIndex + 1).forEach((turn, at) => {
		messages.push({ role: 'user', content: turn.user });
		const answer = turn.replies[column]?.text;
		if (at < turnIndex && answer) {
			messages.push({ role: 'assistant', content: answer });
		}
	});
	return messages;
}

/** A column's sampling parameters as the chat service takes them. */
function samplingOf(column: ChatColumn, signal: AbortSignal): Omit<ChatRequest, 'messages'> {
	const { temperature, topP, maxTokens, seed, stop } = column.parameters;
	return {
		model: column.model.model,
		signal,
		...(temperature !== undefined && { temperature }),
		...(topP !== undefined && { topP }),
		...(maxTokens !== undefined && { maxTokens }),
		...(seed !== undefined && { seed }),
		...(stop !== undefined && stop.length > 0 && { stop }),
	};
}

/** What to ask a column's model for its reply to a turn: chat messages, or (legacy completions) the turn's text as the prompt. */
export type ReplyRequest = { readonly api: 'chat'; readonly request: ChatRequest } | { readonly api: 'completions'; readonly request: LegacyCompletionRequest };

export function replyRequestOf(conversation: Conversation, turnIndex: number, column: number, options: { readonly store: boolean; readonly signal: AbortSignal }): ReplyRequest {
	const chatColumn = conversation.columns[column];
	const sampling = samplingOf(chatColumn, options.signal);
	if (chatColumn.model.api === 'completions') {
		return { api: 'completions', request: { ...sampling, prompt: conversation.turns[turnIndex].user } };
	}
	return { api: 'chat', request: { ...sampling, messages: chatMessagesOf(conversation, turnIndex, column), store: options.store } };
}

const isModelRef = (value: unknown): value is ChatModelRef => {
	const ref = value as Partial<Record<keyof ChatModelRef, unknown>> | null;
	return typeof ref === 'object' && ref !== null && typeof ref.connection === 'string' && typeof ref.model === 'string' && (ref.api === 'chat' || ref.api === 'completions');
};

/** Whether a command argument is a {@link ChatOpenRequest} (a menu may pass a tree node instead). */
export function isChatOpenRequest(value: unknown): value is ChatOpenRequest {
	if (typeof value !== 'object' || value === null) {
		return false;
	}
	const { model, compareWith, conversationId } = value as Partial<Record<keyof ChatOpenRequest, unknown>>;
	return (
		(model === undefined || isModelRef(model)) &&
		(compareWith === undefined || (Array.isArray(compareWith) && compareWith.every(isModelRef))) &&
		(conversationId === undefined || typeof conversationId === 'string') &&
		(model !== undefined || compareWith !== undefined || conversationId !== undefined)
	);
}
