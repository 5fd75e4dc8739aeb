import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { MissingApiKeyError, type Connections } from '../connections';
import type { ConnectionKind } from '../connections/model';
import { COMMANDS } from '../contributes';
import { Disposable } from '../dispose';
import { getSetting } from '../editor/config';
import { registerTrustedCommand } from '../jobs/trustedCommand';
import type { Logger } from '../logger';
import { renderWebviewHtml, webviewPanelOptions } from '../webviewHtml';
import type { ChatModelRef, ChatOpenRequest, Conversation, Reply, ReplyError } from './conversation';
import type { ConversationStore } from './history';
import { pickChatModel } from './modelPicker';
import { isFromWebview, type ChatViewState, type FromWebview, type ToWebview } from './protocol';
import { replyErrorOf } from './replyErrors';
import { askForReply } from './replyStream';
import { saveToDataset, type SaveRequest } from './saveToDataset';
import * as session from './session';
import { defaultSystemPrompt } from './systemPrompt';

const VIEW_TYPE = 'finetuneStudio.chat';

/** How often a streaming conversation is written to the store: the end of every reply is written at once. */
const STREAMING_SAVE_MS = 1000;
/** The least time between two posts of one streaming reply to the webview: a frame. */
const REPLY_POST_INTERVAL_MS = 16;

/** What the chat panel works with. */
export interface ChatPanelDeps {
	readonly extensionUri: vscode.Uri;
	readonly extensionVersion: string;
	readonly connections: Connections;
	readonly store: ConversationStore;
	readonly log: Logger;
}

/** The chat panel: opened by a command (optionally with a {@link ChatOpenRequest}), restored by VS Code after a reload. */
export function registerChatPanel(deps: ChatPanelDeps): vscode.Disposable {
	let current: ChatPanel | undefined;
	// Connections whose server refused to stream: asked for whole answers for the rest of the session.
	const nonStreaming = new Set<string>();

	const adopt = (webviewPanel: vscode.WebviewPanel, conversation: Conversation): ChatPanel => {
		const panel = new ChatPanel(webviewPanel, deps, nonStreaming, conversation);
		current = panel;
		webviewPanel.onDidDispose(() => {
			if (current === panel) {
				current = undefined;
			}
		});
		return panel;
	};

	return vscode.Disposable.from(
		{ dispose: () => current?.dispose() },
		registerTrustedCommand(COMMANDS.openChat, async (request?: unknown): Promise<void> => {
			const conversation = await conversationFor(session.isChatOpenRequest(request) ? request : {}, deps);
			if (current) {
				if (conversation) {
					current.show(conversation);
				}
				current.reveal();
				return;
			}
			const webviewPanel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('Fine-Tune Studio Chat'), vscode.ViewColumn.Beside, webviewPanelOptions(deps.extensionUri));
			await adopt(webviewPanel, conversation ?? session.newConversation(randomUUID(), Date.now())).ready;
		}),
		vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
			deserializeWebviewPanel: async (webviewPanel, state: unknown) => {
				webviewPanel.webview.options = webviewPanelOptions(deps.extensionUri);
				const id = (state as Partial<ChatViewState> | undefined)?.conversationId;
				const saved = typeof id === 'string' ? deps.store.get(id) : undefined;
				adopt(webviewPanel, saved ? session.settleInterrupted(saved) : session.newConversation(randomUUID(), Date.now()));
			},
		}),
	);
}

/** The conversation an Open Chat request asks for; undefined when it names none (the panel keeps its own). */
async function conversationFor(request: ChatOpenRequest, deps: ChatPanelDeps): Promise<Conversation | undefined> {
	if (request.conversationId !== undefined) {
		const saved = deps.store.get(request.conversationId);
		if (!saved) {
			void vscode.window.showWarningMessage(vscode.l10n.t('That conversation is no longer in this workspace.'));
		}
		return saved && session.settleInterrupted(saved);
	}
	const models = [...(request.model ? [request.model] : []), ...(request.compareWith ?? [])];
	if (!models.length) {
		return undefined;
	}
	const systemPrompt = (await defaultSystemPrompt(deps.connections, models[0])) ?? '';
	return session.newConversation(
		randomUUID(),
		Date.now(),
		models.map((model) => ({ model, parameters: {} })),
		systemPrompt,
	);
}

/** A column's connection was removed or renamed since the model was chosen. */
class ConnectionGoneError extends Error {
	constructor(readonly connectionName: string) {
		super(`The connection ${connectionName} no longer exists`);
		this.name = 'ConnectionGoneError';
	}

	static is(error: unknown): error is ConnectionGoneError {
		return error instanceof ConnectionGoneError;
	}
}

/** What a failed reply says: the connection's own problems here, the API's through {@link replyErrorOf}. */
function failureOf(error: unknown, connectionKind: ConnectionKind, model: ChatModelRef): ReplyError {
	if (ConnectionGoneError.is(error)) {
		return { kind: 'connection-gone', message: vscode.l10n.t('The connection "{0}" no longer exists: choose the model again.', error.connectionName) };
	}
	if (MissingApiKeyError.is(error)) {
		return { kind: 'no-key', message: vscode.l10n.t('No API key is set for {0}: set one with "Fine-Tune Studio: Set API Key", then Retry.', error.connectionName) };
	}
	return replyErrorOf(error, connectionKind, { model: model.model });
}

class ChatPanel extends Disposable {
	/** Settles when the webview has said `ready` and received `init`. */
	readonly ready: Promise<void>;
	private conversation: Conversation;
	/** The requests in flight, by turn id and column. */
	private readonly runs = new Map<string, AbortController>();
	private saveTimer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		private readonly panel: vscode.WebviewPanel,
		private readonly deps: ChatPanelDeps,
		private readonly nonStreaming: Set<string>,
		conversation: Conversation,
	) {
		super();
		this.conversation = conversation;
		const webview = panel.webview;
		let settleReady: () => void = () => undefined;
		// Also settles when the panel closes first, so that nobody waits on a webview that is gone.
		this.ready = new Promise<void>((resolve) => (settleReady = resolve));
		this._register(
			webview.onDidReceiveMessage(async (message: unknown) => {
				if (!isFromWebview(message)) {
					deps.log.warn('ignored a malformed message from the chat webview');
					return;
				}
				if (message.type === 'ready') {
					this.post({ type: 'init', extensionVersion: deps.extensionVersion, conversation: this.conversation });
					settleReady();
					return;
				}
				try {
					await this.handle(message);
				} catch (error) {
					deps.log.error(`${message.type} failed: ${error instanceof Error ? error.message : String(error)}`);
				}
			}),
		);
		this._register(
			panel.onDidDispose(() => {
				settleReady();
				this.stop();
				this.saveNow();
				super.dispose();
			}),
		);
		webview.html = renderWebviewHtml(webview, deps.extensionUri, { title: vscode.l10n.t('Fine-Tune Studio Chat'), script: 'chat.js', styles: ['dist/webview/codicon.css', 'media/webview.css', 'media/chat.css', 'media/chatMarkdown.css'] });
	}

	reveal(): void {
		this.panel.reveal();
	}

	/** Shows another conversation; the current one stops and is saved. */
	show(conversation: Conversation): void {
		this.stop();
		this.saveNow();
		this.conversation = conversation;
		this.post({ type: 'conversation', conversation });
	}

	/** Closes the panel; its listeners go when VS Code reports it closed. */
	override dispose(): void {
		this.panel.dispose();
	}

	private async handle(message: Exclude<FromWebview, { type: 'ready' }>): Promise<void> {
		const now = Date.now();
		switch (message.type) {
			case 'send':
				return this.send(message.text);
			case 'stop':
				return this.stop(message.column);
			case 'regenerate': {
				const last = this.conversation.turns.at(-1);
				if (last) {
					for (const column of this.conversation.columns.keys()) {
						if (message.column === undefined || message.column === column) {
							void this.ask(last.id, column);
						}
					}
				}
				return;
			}
			case 'retry':
				return this.ask(message.turnId, message.column);
			case 'edit': {
				const keep = session.turnIndexOf(this.conversation, message.turnId);
				if (keep < 0) {
					return;
				}
				this.stop();
				this.conversation = session.editTurn(this.conversation, message.turnId, randomUUID(), message.text, now);
				this.post({ type: 'turnsTruncated', keep });
				return this.askAll();
			}
			case 'systemPrompt':
				this.conversation = session.setSystemPrompt(this.conversation, message.text, now);
				return this.saveSoon();
			case 'parameters':
				if (message.column < this.conversation.columns.length) {
					this.conversation = session.setParameters(this.conversation, message.column, message.parameters, now);
					this.saveSoon();
				}
				return;
			case 'pickModel':
				await this.pickModel(message.column);
				return;
			case 'addColumn':
				await this.pickModel(this.conversation.columns.length);
				return;
			case 'removeColumn':
				if (message.column < this.conversation.columns.length && this.conversation.columns.length > 1) {
					this.stop();
					this.replace(session.removeColumn(this.conversation, message.column, now));
				}
				return;
			case 'newChat':
				this.show(session.newConversation(randomUUID(), now, this.conversation.columns, this.conversation.systemPrompt));
				return;
			case 'save':
				return this.save({ kind: 'example', conversation: this.conversation, turnIndex: session.turnIndexOf(this.conversation, message.turnId), column: message.column, ...(message.editedText !== undefined && { editedText: message.editedText }) }, message);
			case 'prefer':
				return this.save({ kind: 'preference', conversation: this.conversation, turnIndex: session.turnIndexOf(this.conversation, message.turnId), preferredColumn: message.column, otherColumn: message.over }, message);
			case 'openLink':
				return this.openLink(message.url);
			case 'copy':
				await vscode.env.clipboard.writeText(message.text);
				return;
		}
	}

	/** Sends the user's text to every column; with no model yet, asks for one first (the draft stays if none is picked). */
	private async send(text: string): Promise<void> {
		if (!text.trim() || session.isStreaming(this.conversation)) {
			return;
		}
		if (!this.conversation.columns.length && !(await this.pickModel(0))) {
			return;
		}
		this.conversation = session.addTurn(this.conversation, randomUUID(), text, Date.now());
		this.askAll();
	}

	/** Asks every column for its reply to the last turn, which the webview is told of first. */
	private askAll(): void {
		const turn = this.conversation.turns.at(-1);
		if (turn) {
			this.post({ type: 'turnAdded', turn });
			this.conversation.columns.forEach((_, column) => void this.ask(turn.id, column));
		}
	}

	/** Lets the user choose the model of `column` (one past the last adds a column). Whether one was chosen. */
	private async pickModel(column: number): Promise<boolean> {
		const columns = this.conversation.columns;
		const model = await pickChatModel(this.deps.connections, columns[column]?.model ?? columns[0]?.model);
		if (!model) {
			return false;
		}
		const now = Date.now();
		if (column < columns.length) {
			this.stop(column);
			this.replace(session.setModel(this.conversation, column, model, now));
			return true;
		}
		const first = !columns.length && !this.conversation.turns.length && !this.conversation.systemPrompt;
		const systemPrompt = first ? await defaultSystemPrompt(this.deps.connections, model) : undefined;
		const added = session.addColumn(this.conversation, { model, parameters: columns[0]?.parameters ?? {} }, now);
		this.replace(systemPrompt ? session.setSystemPrompt(added, systemPrompt, now) : added);
		return true;
	}

	/** A change of columns or prompt: the webview renders the conversation again. */
	private replace(conversation: Conversation): void {
		this.conversation = conversation;
		this.post({ type: 'conversation', conversation });
		this.saveSoon();
	}

	/** Stops the requests in flight: one column's, or all. Each reply keeps its text as `stopped`. */
	private stop(column?: number): void {
		for (const [key, controller] of this.runs) {
			if (column === undefined || key.endsWith(`/${column}`)) {
				controller.abort();
			}
		}
	}

	/** Asks `column` (again) for its reply to a turn, streaming it into the conversation. */
	private async ask(turnId: string, column: number): Promise<void> {
		const chatColumn = this.conversation.columns.at(column);
		if (!chatColumn || session.turnIndexOf(this.conversation, turnId) < 0) {
			return;
		}
		const { model } = chatColumn;
		const key = `${turnId}/${column}`;
		this.runs.get(key)?.abort();
		const controller = new AbortController();
		this.runs.set(key, controller);
		const started = performance.now();
		let firstTokenMs: number | undefined;
		let text = '';
		const timing = () => ({ ...(firstTokenMs !== undefined && { firstTokenMs }), totalMs: Math.round(performance.now() - started) });
		// A streaming reply is posted whole; at most once a frame, so that a long or hostile answer in
		// thousands of tiny chunks costs the webview one render a frame, not one a chunk.
		let lastPostAt = -Infinity;
		let pendingPost: ReturnType<typeof setTimeout> | undefined;
		const postReply = (): void => {
			clearTimeout(pendingPost);
			pendingPost = undefined;
			lastPostAt = performance.now();
			const reply = this.conversation.turns.find((turn) => turn.id === turnId)?.replies[column];
			if (reply) {
				this.post({ type: 'reply', turnId, column, reply });
			}
		};
		const update = (reply: Reply): void => {
			const turnIndex = session.turnIndexOf(this.conversation, turnId);
			if (turnIndex < 0 || this.conversation.columns[column]?.model !== model) {
				return;
			}
			this.conversation = session.setReply(this.conversation, turnId, column, reply, Date.now());
			const sinceLastPost = performance.now() - lastPostAt;
			if (reply.status !== 'streaming' || sinceLastPost >= REPLY_POST_INTERVAL_MS) {
				postReply();
			} else {
				pendingPost ??= setTimeout(postReply, REPLY_POST_INTERVAL_MS - sinceLastPost);
			}
		};
		update(session.STREAMING);
		const connection = this.deps.connections.all().find((candidate) => candidate.name === model.connection);
		try {
			if (!connection) {
				throw new ConnectionGoneError(model.connection);
			}
			const services = await this.deps.connections.servicesOf(connection);
			const turnIndex = session.turnIndexOf(this.conversation, turnId);
			const ask = session.replyRequestOf(this.conversation, turnIndex, column, { store: getSetting('chat.store'), signal: controller.signal });
			const answer = await askForReply(services.chat, ask, !this.nonStreaming.has(connection.name), (whole) => {
				firstTokenMs ??= Math.round(performance.now() - started);
				text = whole;
				if (!controller.signal.aborted) {
					update({ text, status: 'streaming' });
					this.saveSoon();
				}
			});
			if (answer.streamingRefused) {
				this.nonStreaming.add(connection.name);
				this.deps.log.info(`${connection.name} does not stream: asking it for whole answers from now on`);
			}
			update({ text: answer.text, status: 'done', timing: timing(), ...(answer.usage && { usage: answer.usage }) });
		} catch (error) {
			if (controller.signal.aborted) {
				update({ text, status: 'stopped', timing: timing() });
			} else {
				const replyError = failureOf(error, connection?.kind ?? 'openai', model);
				this.deps.log.warn(`${model.model}: ${replyError.message}`);
				update({ text, status: 'failed', error: replyError, timing: timing() });
			}
		} finally {
			if (this.runs.get(key) === controller) {
				this.runs.delete(key);
			}
			this.saveNow();
		}
	}

	private async save(request: SaveRequest, reply: { readonly turnId: string; readonly column: number }): Promise<void> {
		if (request.turnIndex < 0) {
			return;
		}
		const outcome = await saveToDataset(this.deps.connections, request);
		const message = !outcome.saved
			? vscode.l10n.t('Not saved: {0}', outcome.reason)
			: outcome.inEditor
				? // Not on disk yet: the user still has to save the file's editor.
					vscode.l10n.t('Added to {0} in its editor, unsaved', vscode.workspace.asRelativePath(outcome.file))
				: vscode.l10n.t('Saved to {0}', vscode.workspace.asRelativePath(outcome.file));
		this.post({ type: 'saveOutcome', turnId: reply.turnId, column: reply.column, saved: outcome.saved, message });
	}

	/** Opens a link of a reply outside VS Code, which asks the user first for domains they have not trusted. */
	private async openLink(url: string): Promise<void> {
		const uri = vscode.Uri.parse(url, true);
		// Never a command: or file: link: model output is not to run commands or open local files.
		if (uri.scheme === 'http' || uri.scheme === 'https' || uri.scheme === 'mailto') {
			await vscode.env.openExternal(uri);
		} else {
			this.deps.log.warn(`did not open a ${uri.scheme}: link from a reply`);
		}
	}

	/** Writes the conversation soon: streaming writes once a second, not once a token. */
	private saveSoon(): void {
		this.saveTimer ??= setTimeout(() => this.saveNow(), STREAMING_SAVE_MS);
	}

	private saveNow(): void {
		clearTimeout(this.saveTimer);
		this.saveTimer = undefined;
		// A chat with nothing said stays out of the history.
		if (this.conversation.turns.length) {
			this.deps.store.save(this.conversation).catch((error: unknown) => this.deps.log.error(`could not save the conversation: ${error instanceof Error ? error.message : String(error)}`));
		}
	}

	private post(message: ToWebview): void {
		if (!this.isDisposed) {
			void this.panel.webview.postMessage(message);
		}
	}
}
