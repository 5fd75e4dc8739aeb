import type { Conversation, Reply } from '../../chat/conversation';
import { isToWebview, type ChatViewState, type FromWebview, type ToWebview } from '../../chat/protocol';
import { button, element, withClass, withIcon } from '../dom';
import { vscodeApi } from '../vscodeApi';
import { columnsBar } from './columnsBar';
import { TranscriptView } from './transcript';

const vscode = vscodeApi<FromWebview, ChatViewState>();
const post = (message: FromWebview): void => vscode.postMessage(message);
let state: ChatViewState = vscode.getState() ?? { draft: '' };
const saveState = (change: Partial<ChatViewState>): void => {
	state = { ...state, ...change };
	vscode.setState(state);
};

/** How long the system prompt field waits for typing to pause before telling the host. */
const SYSTEM_PROMPT_DELAY_MS = 400;

const app = document.getElementById('app') as HTMLElement;
// Replies announce themselves through the transcript's log role; the page as a whole does not.
app.removeAttribute('aria-live');

const toolbar = element('div', 'toolbar');
toolbar.setAttribute('role', 'toolbar');
toolbar.append(
	withIcon('add', withClass('new-chat', button('New chat', () => post({ type: 'newChat' }), 'Start a new conversation with the same models'))),
	withIcon('split-horizontal', withClass('add-column', button('Add model to compare', () => post({ type: 'addColumn' }), 'Add a model to compare: the same prompt goes to each'))),
);

let columns = columnsBar([], post);

const systemPrompt = element('textarea', 'system-prompt');
systemPrompt.id = 'system-prompt';
systemPrompt.rows = 2;
systemPrompt.placeholder = 'Optional: who the assistant is and how it answers, as in your training examples';
const systemPromptLabel = element('label', '', 'System prompt');
systemPromptLabel.htmlFor = systemPrompt.id;
const systemPromptField = element('div', 'field system-prompt-field');
systemPromptField.append(systemPromptLabel, systemPrompt);
let systemPromptTimer: ReturnType<typeof setTimeout> | undefined;
/** Tells the host the system prompt now if typing in it has not paused yet. */
const flushSystemPrompt = (): void => {
	if (systemPromptTimer !== undefined) {
		clearTimeout(systemPromptTimer);
		systemPromptTimer = undefined;
		post({ type: 'systemPrompt', text: systemPrompt.value });
	}
};
systemPrompt.addEventListener('input', () => {
	clearTimeout(systemPromptTimer);
	systemPromptTimer = setTimeout(flushSystemPrompt, SYSTEM_PROMPT_DELAY_MS);
});

const transcript = new TranscriptView(post);

const draft = element('textarea', 'draft');
draft.id = 'draft';
draft.rows = 3;
draft.setAttribute('aria-label', 'Message');
draft.value = state.draft;
draft.addEventListener('input', () => saveState({ draft: draft.value }));
const send = (): void => {
	if (draft.value.trim() && !streaming.size) {
		// A system prompt typed just before must reach the host ahead of the message it applies to.
		flushSystemPrompt();
		post({ type: 'send', text: draft.value });
	}
};
draft.addEventListener('keydown', (event) => {
	if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
		event.preventDefault();
		send();
	}
});
const sendButton = withIcon('send', withClass('send', button('Send', send, 'Send (Enter); Shift+Enter adds a new line')));
sendButton.id = 'send';
const stopButton = withIcon('debug-stop', withClass('stop-all', button('Stop', () => post({ type: 'stop' }), 'Stop all replies (Escape)')));
stopButton.id = 'stop';
const composer = element('div', 'composer');
composer.append(draft, element('div', 'composer-actions'));
composer.lastElementChild?.append(sendButton, stopButton);

const footer = element('footer', 'version');

app.replaceChildren(toolbar, columns, systemPromptField, transcript.element, composer, footer);

// The replies streaming now, by turn and column: Send waits for them, Escape and Stop end them.
const streaming = new Set<string>();
function track(turnId: string, column: number, reply: Reply | undefined): void {
	const key = `${turnId}/${column}`;
	if (reply?.status === 'streaming') {
		streaming.add(key);
	} else {
		streaming.delete(key);
	}
	showStreaming();
}

function showStreaming(): void {
	document.body.dataset['streaming'] = String(streaming.size > 0);
	sendButton.disabled = streaming.size > 0;
}

document.addEventListener('keydown', (event) => {
	if (event.key === 'Escape' && streaming.size) {
		post({ type: 'stop' });
	}
});

function show(conversation: Conversation): void {
	saveState({ conversationId: conversation.id });
	const next = columnsBar(conversation.columns, post);
	columns.replaceWith(next);
	columns = next;
	if (document.activeElement !== systemPrompt) {
		systemPrompt.value = conversation.systemPrompt;
	}
	const legacyOnly = conversation.columns.length > 0 && conversation.columns.every((column) => column.model.api === 'completions');
	draft.placeholder = legacyOnly ? 'Prompt for the completion model…' : 'Message (Enter sends, Shift+Enter adds a line, Escape stops)';
	document.body.dataset['compare'] = String(conversation.columns.length > 1);
	streaming.clear();
	conversation.turns.forEach((turn) => turn.replies.forEach((reply, column) => track(turn.id, column, reply)));
	showStreaming();
	transcript.render(conversation);
}

function receive(message: ToWebview): void {
	switch (message.type) {
		case 'init':
			footer.textContent = `Fine-Tune Studio ${message.extensionVersion}`;
			show(message.conversation);
			draft.focus();
			break;
		case 'conversation':
			show(message.conversation);
			break;
		case 'turnAdded':
			transcript.append(message.turn);
			message.turn.replies.forEach((reply, column) => track(message.turn.id, column, reply));
			// The message went out: the composer is free for the next one (an edited turn leaves it as it is).
			if (draft.value === message.turn.user) {
				draft.value = '';
				saveState({ draft: '' });
			}
			break;
		case 'turnsTruncated':
			transcript.truncate(message.keep);
			break;
		case 'reply':
			transcript.updateReply(message.turnId, message.column, message.reply);
			track(message.turnId, message.column, message.reply);
			break;
		case 'saveOutcome':
			transcript.showOutcome(message.turnId, message.column, message.message);
			break;
	}
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
	if (isToWebview(event.data)) {
		receive(event.data);
	}
});

post({ type: 'ready' });
