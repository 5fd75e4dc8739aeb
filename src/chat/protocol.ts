// The messages between the chat panel's host and its webview; both sides import this file.

import type { ChatParameters, Conversation, Reply, Turn } from './conversation';

/** What the webview keeps across reloads through `vscode.setState`. */
export interface ChatViewState {
	/** The unsent text in the composer. */
	readonly draft: string;
	/** The conversation shown, which the serializer reopens from the store after a reload. */
	readonly conversationId?: string;
}

/** Host → webview. */
export type ToWebview =
	/** The answer to `ready`: what the panel needs to render. */
	| { readonly type: 'init'; readonly extensionVersion: string; readonly conversation: Conversation }
	/** Another conversation, or its columns or system prompt changed: render it all again. */
	| { readonly type: 'conversation'; readonly conversation: Conversation }
	/** A user turn was sent: append it (earlier turns stay as they are). */
	| { readonly type: 'turnAdded'; readonly turn: Turn }
	/** Edit-and-resend dropped the turns from `keep` on. */
	| { readonly type: 'turnsTruncated'; readonly keep: number }
	/** One column's reply to a turn changed: only that reply's element updates. */
	| { readonly type: 'reply'; readonly turnId: string; readonly column: number; readonly reply: Reply }
	/** What became of "Save as training example" or "Prefer this one". */
	| { readonly type: 'saveOutcome'; readonly turnId: string; readonly column: number; readonly saved: boolean; readonly message: string };

/** Webview → host. */
export type FromWebview =
	/** The webview's script has run and listens for messages; the host posts nothing before it. */
	| { readonly type: 'ready' }
	/** Send the composer's text to every column. */
	| { readonly type: 'send'; readonly text: string }
	/** Stop the streaming replies: one column's, or all when `column` is absent. */
	| { readonly type: 'stop'; readonly column?: number }
	/** Ask the last turn again: one column, or all when `column` is absent. */
	| { readonly type: 'regenerate'; readonly column?: number }
	/** Ask a failed or stopped reply again. */
	| { readonly type: 'retry'; readonly turnId: string; readonly column: number }
	/** Replace a user turn's text, drop the turns after it, and ask again. */
	| { readonly type: 'edit'; readonly turnId: string; readonly text: string }
	| { readonly type: 'systemPrompt'; readonly text: string }
	| { readonly type: 'parameters'; readonly column: number; readonly parameters: ChatParameters }
	/** Choose the model of a column (the host shows the picker). */
	| { readonly type: 'pickModel'; readonly column: number }
	/** Add a column to compare with: the host asks which model. */
	| { readonly type: 'addColumn' }
	| { readonly type: 'removeColumn'; readonly column: number }
	| { readonly type: 'newChat' }
	/** Save a reply as a training example, with the text as edited in the panel if it was. */
	| { readonly type: 'save'; readonly turnId: string; readonly column: number; readonly editedText?: string }
	/** Compare: save a preference pair, `column`'s reply preferred over `over`'s. */
	| { readonly type: 'prefer'; readonly turnId: string; readonly column: number; readonly over: number }
	/** A link in a reply: VS Code opens it after its own confirmation. */
	| { readonly type: 'openLink'; readonly url: string }
	| { readonly type: 'copy'; readonly text: string };

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null;
const isText = (value: unknown): value is string => typeof value === 'string';
const isIndex = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
const isOptionalNumber = (value: unknown): boolean => value === undefined || (typeof value === 'number' && Number.isFinite(value));

/** Whether `value` is a column's parameters: finite numbers where given, stop sequences as strings. */
export function isChatParameters(value: unknown): value is ChatParameters {
	if (!isObject(value)) {
		return false;
	}
	const { temperature, topP, maxTokens, seed, stop } = value;
	return (
		isOptionalNumber(temperature) &&
		isOptionalNumber(topP) &&
		(maxTokens === undefined || (isIndex(maxTokens) && maxTokens > 0)) &&
		(seed === undefined || Number.isInteger(seed)) &&
		(stop === undefined || (Array.isArray(stop) && stop.every(isText)))
	);
}

const FROM_WEBVIEW: { readonly [Type in FromWebview['type']]: (message: Fields) => boolean } = {
	ready: () => true,
	send: (message) => isText(message.text),
	stop: (message) => message.column === undefined || isIndex(message.column),
	regenerate: (message) => message.column === undefined || isIndex(message.column),
	retry: (message) => isText(message.turnId) && isIndex(message.column),
	edit: (message) => isText(message.turnId) && isText(message.text),
	systemPrompt: (message) => isText(message.text),
	parameters: (message) => isIndex(message.column) && isChatParameters(message.parameters),
	pickModel: (message) => isIndex(message.column),
	addColumn: () => true,
	removeColumn: (message) => isIndex(message.column),
	newChat: () => true,
	save: (message) => isText(message.turnId) && isIndex(message.column) && (message.editedText === undefined || isText(message.editedText)),
	prefer: (message) => isText(message.turnId) && isIndex(message.column) && isIndex(message.over) && message.column !== message.over,
	openLink: (message) => isText(message.url),
	copy: (message) => isText(message.text),
};

/** Guards the host boundary: anything the webview posts is checked before it is trusted. */
export function isFromWebview(value: unknown): value is FromWebview {
	if (!isObject(value) || !isText(value.type) || !Object.hasOwn(FROM_WEBVIEW, value.type)) {
		return false;
	}
	return FROM_WEBVIEW[value.type as FromWebview['type']](value);
}

const isConversation = (value: unknown): boolean => isObject(value) && isText(value.id) && Array.isArray(value.columns) && Array.isArray(value.turns) && isText(value.systemPrompt);
const isReply = (value: unknown): boolean => isObject(value) && isText(value.text) && isText(value.status);
const isTurn = (value: unknown): boolean => isObject(value) && isText(value.id) && isText(value.user) && Array.isArray(value.replies);

const TO_WEBVIEW: { readonly [Type in ToWebview['type']]: (message: Fields) => boolean } = {
	init: (message) => isText(message.extensionVersion) && isConversation(message.conversation),
	conversation: (message) => isConversation(message.conversation),
	turnAdded: (message) => isTurn(message.turn),
	turnsTruncated: (message) => isIndex(message.keep),
	reply: (message) => isText(message.turnId) && isIndex(message.column) && isReply(message.reply),
	saveOutcome: (message) => isText(message.turnId) && isIndex(message.column) && typeof message.saved === 'boolean' && isText(message.message),
};

/** Guards the webview boundary. */
export function isToWebview(value: unknown): value is ToWebview {
	if (!isObject(value) || !isText(value.type) || !Object.hasOwn(TO_WEBVIEW, value.type)) {
		return false;
	}
	return TO_WEBVIEW[value.type as ToWebview['type']](value);
}
