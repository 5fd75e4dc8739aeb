// The commands on the saved conversations: open one in the chat panel, rename, delete, and export
// some as JSONL in OpenAI's chat format. Each takes the conversation's id (the panel passes its
// own) and otherwise lets the user pick.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../contributes';
import { escapeNotificationLinks } from '../editor/markdown';
import { confirmReplace } from '../jobs/confirmReplace';
import type { ValueItem } from '../jobs/quickInput';
import { registerTrustedCommand } from '../jobs/trustedCommand';
import type { Logger } from '../logger';
import { writeFileSafely, type WhenExists } from '../safeWrite';
import type { ChatOpenRequest, Conversation } from './conversation';
import type { ConversationStore } from './history';
import { conversationToJsonl } from './records';

/** Registers the history commands on `store`. */
export function registerChatHistory(store: ConversationStore, log: Logger): vscode.Disposable {
	return vscode.Disposable.from(
		registerTrustedCommand(COMMANDS.openConversation, (id?: unknown) => openConversation(store, id)),
		registerTrustedCommand(COMMANDS.renameConversation, (id?: unknown) => renameConversation(store, id)),
		registerTrustedCommand(COMMANDS.deleteConversation, (id?: unknown) => deleteConversation(store, id)),
		registerTrustedCommand(COMMANDS.exportConversation, (ids?: unknown, destination?: unknown) => exportConversations(store, log, ids, destination)),
	);
}

/** Opens conversation `id`, or the one the user picks, in the chat panel. Returns the id opened. */
export async function openConversation(store: ConversationStore, id?: unknown): Promise<string | undefined> {
	const [conversation] = await conversationsOf(store, id, { title: vscode.l10n.t('Open Chat Conversation'), many: false });
	if (!conversation) {
		return undefined;
	}
	const request: ChatOpenRequest = { conversationId: conversation.id };
	await vscode.commands.executeCommand(COMMANDS.openChat, request);
	return conversation.id;
}

/** Renames conversation `id`, or the one the user picks; an empty name goes back to its first message. Returns the new title. */
export async function renameConversation(store: ConversationStore, id?: unknown): Promise<string | undefined> {
	const [conversation] = await conversationsOf(store, id, { title: vscode.l10n.t('Rename Chat Conversation'), many: false });
	if (!conversation) {
		return undefined;
	}
	const title = await vscode.window.showInputBox({
		title: vscode.l10n.t('Rename Chat Conversation'),
		value: conversation.title,
		prompt: vscode.l10n.t('The new name; empty for the first message.'),
		ignoreFocusOut: true,
	});
	if (title === undefined || !(await store.rename(conversation.id, title))) {
		return undefined;
	}
	return store.get(conversation.id)?.title;
}

/** Deletes conversation `id`, or the one the user picks, once the user confirms. Returns whether it was deleted. */
export async function deleteConversation(store: ConversationStore, id?: unknown): Promise<boolean> {
	const [conversation] = await conversationsOf(store, id, { title: vscode.l10n.t('Delete Chat Conversation'), many: false });
	if (!conversation) {
		return false;
	}
	const remove = vscode.l10n.t('Delete');
	const choice = await vscode.window.showWarningMessage(
		escapeNotificationLinks(vscode.l10n.t('Delete the conversation "{0}"?', conversation.title)),
		{ modal: true, detail: vscode.l10n.t('Its messages and replies cannot be restored; records saved from it stay in their datasets.') },
		remove,
	);
	return choice === remove && (await store.delete(conversation.id)) > 0;
}

/**
 * Exports conversations `ids` (one id or several), or those the user picks, to one JSONL file: a chat
 * record per conversation (a prompt/completion record per turn for a legacy completions model). For a
 * Compare conversation the user picks whose replies go. `destination` is for automation; people pick
 * the file in the save dialog. Returns the path written.
 */
export async function exportConversations(store: ConversationStore, log: Logger, ids?: unknown, destination?: unknown): Promise<string | undefined> {
	const conversations = await conversationsOf(store, ids, { title: vscode.l10n.t('Export Chat Conversations'), many: true });
	if (conversations.length === 0) {
		return undefined;
	}
	let text = '';
	const empty: string[] = [];
	for (const conversation of conversations) {
		const column = await columnToExport(conversation);
		if (column === undefined) {
			return undefined;
		}
		const records = conversationToJsonl(conversation, column);
		if (records === '') {
			empty.push(conversation.title);
		}
		text += records;
	}
	if (text === '') {
		void vscode.window.showWarningMessage(vscode.l10n.t('Nothing to export: no model answered in these conversations.'));
		return undefined;
	}
	const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
	const name = `${conversations.length === 1 ? fileNameOf((conversations[0] as Conversation).title) : 'conversations'}.jsonl`;
	const target =
		destination instanceof vscode.Uri
			? destination
			: await vscode.window.showSaveDialog({
					title: vscode.l10n.t('Export Chat Conversations'),
					filters: { [vscode.l10n.t('JSON Lines')]: ['jsonl'] },
					...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
				});
	if (!target) {
		return undefined;
	}
	// The save dialog asked about an existing file already: its answer is the consent to replace.
	// A destination given by a caller was agreed to by no one, so an existing file is asked about.
	const whenExists: WhenExists = destination instanceof vscode.Uri ? confirmReplace : async () => 'replace';
	try {
		const written = await writeFileSafely(target.fsPath, text, { whenExists });
		log.info(`exported ${conversations.length} conversations to ${path.basename(written)}`);
		const count = conversations.length - empty.length;
		const exported = count === 1 ? vscode.l10n.t('Exported 1 conversation to {0}.', path.basename(written)) : vscode.l10n.t('Exported {0} conversations to {1}.', count, path.basename(written));
		void vscode.window.showInformationMessage(
			escapeNotificationLinks(empty.length === 0 ? exported : vscode.l10n.t('{0} Left out, with no answer to export: {1}.', exported, empty.join(', '))),
		);
		return written;
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		log.error(`could not export the conversations: ${reason}`);
		void vscode.window.showErrorMessage(escapeNotificationLinks(vscode.l10n.t('Could not export the conversations: {0}', reason)));
		return undefined;
	}
}

/**
 * The conversations an argument names (an id or a list of them, from the panel or automation), or
 * else those the user picks, newest first. Empty when none is found or the user cancels.
 */
async function conversationsOf(store: ConversationStore, ids: unknown, pick: { readonly title: string; readonly many: boolean }): Promise<Conversation[]> {
	const given = typeof ids === 'string' ? [ids] : Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
	if (given.length > 0) {
		const found = given.flatMap((id) => store.get(id) ?? []);
		if (found.length === 0) {
			void vscode.window.showWarningMessage(vscode.l10n.t('That conversation is no longer saved.'));
		}
		return found;
	}
	const saved = [...store.list()].sort((a, b) => b.updatedAt - a.updatedAt);
	if (saved.length === 0) {
		void vscode.window.showInformationMessage(vscode.l10n.t('No chat conversations are saved in this workspace yet.'));
		return [];
	}
	const items: ValueItem<Conversation>[] = saved.map((conversation) => ({
		label: conversation.title,
		description: conversation.columns.map((column) => column.model.model).join(' · '),
		detail: vscode.l10n.t('{0} · {1} messages', new Date(conversation.updatedAt).toLocaleString(), conversation.turns.length),
		value: conversation,
	}));
	const options = { title: pick.title, placeHolder: vscode.l10n.t('Pick a conversation'), matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true };
	if (pick.many) {
		const picked = await vscode.window.showQuickPick(items, { ...options, canPickMany: true, placeHolder: vscode.l10n.t('Pick the conversations') });
		return (picked ?? []).flatMap((item) => item.value ?? []);
	}
	const picked = await vscode.window.showQuickPick(items, options);
	return picked?.value ? [picked.value] : [];
}

/** The column whose replies are exported: the only one, or the one the user picks in a Compare conversation. */
async function columnToExport(conversation: Conversation): Promise<number | undefined> {
	if (conversation.columns.length <= 1) {
		return 0;
	}
	const picked = await vscode.window.showQuickPick(
		conversation.columns.map((column, index): ValueItem<number> => ({ label: column.model.model, description: column.model.connection, value: index })),
		{ title: vscode.l10n.t('Export "{0}"', conversation.title), placeHolder: vscode.l10n.t('Whose replies go into the export?'), ignoreFocusOut: true },
	);
	return picked?.value;
}

/** A file name from a conversation title: letters, digits, dots, dashes and underscores; "conversation" when nothing is left. */
function fileNameOf(title: string): string {
	const name = title
		.replace(/[^\p{L}\p{N}._-]+/gu, '-')
		.replace(/^[-.]+|-+$/g, '')
		.slice(0, 60);
	return name === '' ? 'conversation' : name;
}
