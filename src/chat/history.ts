import * as vscode from 'vscode';
import type { Conversation } from './conversation';

const KEY = 'finetuneStudio.chat.conversations';

// CONTRACT STUB (issue 10): the store's shape; list/rename/delete/export commands come with it.
/** The workspace's saved conversations, newest first. */
export class ConversationStore {
	private readonly changed = new vscode.EventEmitter<void>();
	readonly onDidChange = this.changed.event;

	constructor(private readonly memento: vscode.Memento) {}

	list(): readonly Conversation[] {
		return this.memento.get<Conversation[]>(KEY, []);
	}

	get(id: string): Conversation | undefined {
		return this.list().find((conversation) => conversation.id === id);
	}

	async save(conversation: Conversation): Promise<void> {
		await this.memento.update(KEY, [conversation, ...this.list().filter((other) => other.id !== conversation.id)]);
		this.changed.fire();
	}

	dispose(): void {
		this.changed.dispose();
	}
}
