import type { Reply, ReplyStatus } from '../../chat/conversation';
import type { FromWebview } from '../../chat/protocol';
import { button, element, withClass, withIcon } from '../dom';
import { createMarkdownView, type MarkdownView } from './markdownView';

/** Where a reply sits: its turn, its column, and how many columns the conversation compares. */
export interface ReplyPlace {
	readonly turnId: string;
	readonly column: number;
	readonly columns: number;
	/** The model's name, shown above the reply in Compare. */
	readonly modelName: string;
}

const STATUS_TEXT: Record<ReplyStatus, string> = { streaming: 'Answering…', done: '', stopped: 'Stopped', failed: 'Failed' };

/** "first token 180 ms · 2.4 s · 24 in, 120 out tokens" */
export function metaText(reply: Reply): string {
	const parts: string[] = [];
	const { firstTokenMs, totalMs } = reply.timing ?? {};
	if (firstTokenMs !== undefined) {
		parts.push(`first token ${firstTokenMs} ms`);
	}
	if (totalMs !== undefined) {
		parts.push(totalMs < 1000 ? `${totalMs} ms` : `${(totalMs / 1000).toFixed(1)} s`);
	}
	if (reply.usage) {
		parts.push(`${reply.usage.promptTokens} in, ${reply.usage.completionTokens} out tokens`);
	}
	return parts.join(' · ');
}

/**
 * One column's reply to a turn. Only its own elements change as it streams; the buttons that fit
 * its status show through the `data-status` attribute (see media/chat.css).
 */
export class ReplyView {
	readonly element: HTMLElement;
	private readonly markdown: MarkdownView;
	private readonly editor: HTMLTextAreaElement;
	private readonly status: HTMLElement;
	private readonly meta: HTMLElement;
	private readonly error: HTMLElement;
	private readonly outcome: HTMLElement;
	private text = '';

	constructor(
		private readonly place: ReplyPlace,
		private readonly post: (message: FromWebview) => void,
	) {
		this.element = element('article', 'reply');
		this.element.dataset['column'] = String(place.column);
		this.element.setAttribute('aria-label', place.columns > 1 ? `Reply of ${place.modelName}` : 'Reply');
		const body = element('div', 'text');
		this.markdown = createMarkdownView(body, {
			openLink: (url) => post({ type: 'openLink', url }),
			copy: (text) => post({ type: 'copy', text }),
		});
		this.editor = element('textarea', 'reply-editor');
		this.editor.rows = 6;
		this.editor.hidden = true;
		this.editor.setAttribute('aria-label', 'Edited reply, saved as the training example');
		this.status = element('span', 'status');
		this.meta = element('span', 'meta');
		this.error = element('div', 'error');
		this.error.setAttribute('role', 'alert');
		this.outcome = element('span', 'outcome');
		this.outcome.setAttribute('role', 'status');

		const { turnId, column } = place;
		const actions = element('div', 'actions');
		actions.append(
			withIcon('debug-stop', withClass('stop', button('Stop', () => post({ type: 'stop', column }), 'Stop this reply'))),
			withIcon('debug-restart', withClass('retry', button('Retry', () => post({ type: 'retry', turnId, column }), 'Ask for this reply again'))),
			withIcon('refresh', withClass('regenerate', button('Regenerate', () => post({ type: 'regenerate', column }), 'Regenerate this reply'))),
			withIcon('edit', withClass('edit-reply', button('Edit reply', () => this.toggleEditor(), 'Edit this reply before saving it as a training example'))),
			withIcon('save', withClass('save', button('Save as training example', () => this.saveExample(), 'Save this reply as a training example'))),
			...(place.columns > 1 ? [withIcon('thumbsup', withClass('prefer', button('Prefer this one', () => post({ type: 'prefer', turnId, column, over: column === 0 ? 1 : 0 }), 'Prefer this reply: save a preference pair')))] : []),
			this.outcome,
		);

		const footer = element('div', 'reply-footer');
		footer.append(this.status, this.meta);
		const heading = place.columns > 1 ? [withIcon('sparkle', element('div', 'reply-model', place.modelName))] : [];
		this.element.append(...heading, body, this.editor, this.error, footer, actions);
	}

	update(reply: Reply): void {
		const final = reply.status !== 'streaming';
		if (reply.text !== this.text || final) {
			this.text = reply.text;
			this.markdown.update(reply.text, final);
		}
		if (this.element.dataset['status'] !== reply.status) {
			this.element.dataset['status'] = reply.status;
			this.element.setAttribute('aria-busy', String(!final));
			this.status.textContent = STATUS_TEXT[reply.status];
		}
		this.element.dataset['hasText'] = String(reply.text.length > 0);
		if (final) {
			this.meta.textContent = metaText(reply);
			this.error.textContent = reply.error?.message ?? '';
			this.outcome.textContent = '';
		}
	}

	showOutcome(message: string): void {
		this.outcome.textContent = message;
	}

	private toggleEditor(): void {
		this.editor.hidden = !this.editor.hidden;
		if (!this.editor.hidden) {
			this.editor.value = this.text;
			this.editor.focus();
		}
	}

	private saveExample(): void {
		const edited = !this.editor.hidden && this.editor.value !== this.text;
		this.post({ type: 'save', turnId: this.place.turnId, column: this.place.column, ...(edited && { editedText: this.editor.value }) });
	}
}
