import * as vscode from 'vscode';
import type { Connections } from '../connections';
import { usesLegacyCompletions } from '../openai/chat';
import type { ChatModelRef } from './conversation';

// CONTRACT STUB (issue 10): replaced by the grouped picker across connections.
/** Asks which model to chat with; `current` is preselected. Undefined when dismissed. */
export async function pickChatModel(connections: Connections, current?: ChatModelRef): Promise<ChatModelRef | undefined> {
	const connection = connections.defaultName();
	const model = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Model id'), value: current?.model });
	return model ? { connection, model, api: usesLegacyCompletions(model) ? 'completions' : 'chat' } : undefined;
}
