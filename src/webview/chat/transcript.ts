import type { Conversation, Reply, Turn } from '../../chat/conversation';
import type { FromWebview } from '../../chat/protocol';
import { button, element, withClass, withIcon } from '../dom';
import { ReplyView } from './replyView';

/** A user turn and its replies; the user text can be edited and sent again. */
class TurnView {
	readonly element: HTMLElement;
	readonly replies: ReplyView[];
	private readonly user: HTMLElement;

	constructor(
		private readonly turn: Turn,
		modelNames: readonly string[],
		private readonly post: (message: FromWebview) => void,
	) {
		this.element = element('section', 'turn');
		this.element.dataset['turnId'] = turn.id;
		this.user = element('div', 'user');
		this.showUserText();
		const replies = element('div', 'replies');
		replies.style.setProperty('--columns', String(Math.max(1, modelNames.length)));
		this.replies = modelNames.map((modelName, column) => new ReplyView({ turnId: turn.id, column, columns: modelNames.length, modelName }, post));
		turn.replies.forEach((reply, column) => reply && this.replies[column]?.update(reply));
		replies.append(...this.replies.map((view) => view.element));
		this.element.append(this.user, replies);
	}

	private showUserText(): void {
		const text = element('div', 'user-text', this.turn.user);
		const edit = withIcon('edit', withClass('edit-turn', button('Edit', () => this.showEditor(), 'Edit this message and send it again (drops the turns after it)')));
		this.user.replaceChildren(text, edit);
	}

	private showEditor(): void {
		const editor = element('textarea', 'turn-editor');
		editor.value = this.turn.user;
		editor.rows = Math.min(10, Math.max(2, this.turn.user.split('\n').length));
		editor.setAttribute('aria-label', 'Edited message');
		const resend = (): void => {
			if (editor.value.trim()) {
				this.post({ type: 'edit', turnId: this.turn.id, text: editor.value });
			}
		};
		editor.addEventListener('keydown', (event) => {
			if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
				event.preventDefault();
				resend();
			} else if (event.key === 'Escape') {
				event.stopPropagation();
				this.showUserText();
			}
		});
		const actions = element('div', 'turn-editor-actions');
		actions.append(withIcon('send', withClass('resend', button('Send again', resend, 'Send the edited message again'))), withIcon('close', button('Cancel', () => this.showUserText(), 'Cancel editing')));
		this.user.replaceChildren(editor, actions);
		editor.focus();
	}
}

/**
 * The conversation's turns. A new turn is appended and a streaming reply updates only its own
 * element: earlier turns are never rendered again while the conversation grows.
 */
export class TranscriptView {
	readonly element: HTMLElement;
	private turns: TurnView[] = [];
	private readonly byId = new Map<string, TurnView>();
	private modelNames: readonly string[] = [];

	constructor(private readonly post: (message: FromWebview) => void) {
		this.element = element('div', 'transcript');
		this.element.setAttribute('role', 'log');
		this.element.setAttribute('aria-label', 'Conversation');
	}

	/** Renders a whole conversation (on opening it, or when its columns change). */
	render(conversation: Conversation): void {
		this.element.dataset['conversationId'] = conversation.id;
		this.modelNames = conversation.columns.map((column) => column.model.model);
		this.turns = conversation.turns.map((turn) => new TurnView(turn, this.modelNames, this.post));
		this.byId.clear();
		this.turns.forEach((view, index) => this.byId.set(conversation.turns[index].id, view));
		this.element.replaceChildren(...this.turns.map((view) => view.element));
	}

	append(turn: Turn): void {
		const view = new TurnView(turn, this.modelNames, this.post);
		this.turns.push(view);
		this.byId.set(turn.id, view);
		this.element.append(view.element);
		view.element.scrollIntoView({ block: 'start' });
	}

	/** Keeps the first `keep` turns. */
	truncate(keep: number): void {
		for (const view of this.turns.splice(keep)) {
			view.element.remove();
			this.byId.delete(view.element.dataset['turnId'] ?? '');
		}
	}

	updateReply(turnId: string, column: number, reply: Reply): void {
		this.replyView(turnId, column)?.update(reply);
	}

	showOutcome(turnId: string, column: number, message: string): void {
		this.replyView(turnId, column)?.showOutcome(message);
	}

	private replyView(turnId: string, column: number): ReplyView | undefined {
		return this.byId.get(turnId)?.replies[column];
	}
}
