import type * as vscode from 'vscode';
import type { Conversation } from './conversation';

const KEY = 'finetuneStudio.chat.conversations';

/** How long a title taken from the first user message may be before it is cut. */
const DEFAULT_TITLE_LENGTH = 60;

/** The title a conversation gets until the user names it: its first user message on one line, cut short. */
export function defaultTitle(conversation: Pick<Conversation, 'turns'>): string {
	const first = conversation.turns[0]?.user.replace(/\s+/g, ' ').trim() ?? '';
	// Cut between code points, so that an emoji is not split into half a surrogate pair.
	const characters = [...first];
	return characters.length > DEFAULT_TITLE_LENGTH ? `${characters.slice(0, DEFAULT_TITLE_LENGTH - 1).join('').trimEnd()}…` : first;
}

/**
 * The workspace's saved conversations, newest first, kept in a `Memento` (the workspace state).
 * Free of the `vscode` module at run time, so that it is unit-tested with a plain memento.
 */
export class ConversationStore {
	private readonly listeners = new Set<() => void>();

	/** Fires after a conversation is saved, renamed or deleted. */
	readonly onDidChange: vscode.Event<void> = (listener, thisArgs, disposables) => {
		const bound = () => listener.call(thisArgs);
		this.listeners.add(bound);
		const subscription = { dispose: () => void this.listeners.delete(bound) };
		disposables?.push(subscription);
		return subscription;
	};

	constructor(private readonly memento: vscode.Memento) {}

	list(): readonly Conversation[] {
		return this.memento.get<Conversation[]>(KEY, []);
	}

	get(id: string): Conversation | undefined {
		return this.list().find((conversation) => conversation.id === id);
	}

	/** Saves `conversation` as the newest; an empty title becomes {@link defaultTitle}. */
	async save(conversation: Conversation): Promise<void> {
		const titled = conversation.title.trim() === '' ? { ...conversation, title: defaultTitle(conversation) } : conversation;
		await this.write([titled, ...this.list().filter((other) => other.id !== conversation.id)]);
	}

	/**
	 * Renames conversation `id` in place (its place in the list and `updatedAt` are kept: a name is not
	 * a new message); an empty title goes back to {@link defaultTitle}. False when there is no such conversation.
	 */
	async rename(id: string, title: string): Promise<boolean> {
		const conversations = this.list();
		const index = conversations.findIndex((conversation) => conversation.id === id);
		const conversation = conversations[index];
		if (!conversation) {
			return false;
		}
		const renamed = { ...conversation, title: title.trim() === '' ? defaultTitle(conversation) : title.trim() };
		await this.write(conversations.map((other, at) => (at === index ? renamed : other)));
		return true;
	}

	/** Deletes the conversations `ids`; returns how many there were. */
	async delete(...ids: string[]): Promise<number> {
		const doomed = new Set(ids);
		const conversations = this.list();
		const kept = conversations.filter((conversation) => !doomed.has(conversation.id));
		if (kept.length === conversations.length) {
			return 0;
		}
		await this.write(kept);
		return conversations.length - kept.length;
	}

	dispose(): void {
		this.listeners.clear();
	}

	private async write(conversations: readonly Conversation[]): Promise<void> {
		await this.memento.update(KEY, conversations);
		for (const listener of [...this.listeners]) {
			listener();
		}
	}
}
