import * as vscode from 'vscode';
import type { Connections } from '../connections';
import { isOnThisMachine } from '../connections/model';

/** Context keys the views' `viewsWelcome` entries choose their text by. */
export const WELCOME_CONTEXT = {
	/** Nothing is configured and OpenAI has no key: the views invite the user to connect. */
	noConnection: 'finetuneStudio.noConnection',
	/** The views list a single connection that is a server on this machine, such as the emulator. */
	connectionOnThisMachine: 'finetuneStudio.connectionOnThisMachine',
} as const;

/** Keeps the welcome context keys in step with the connections and their keys. */
export function trackWelcomeContext(connections: Connections): vscode.Disposable {
	const update = async (): Promise<void> => {
		const all = connections.all();
		await vscode.commands.executeCommand('setContext', WELCOME_CONTEXT.noConnection, await connections.awaitsFirstConnection());
		await vscode.commands.executeCommand('setContext', WELCOME_CONTEXT.connectionOnThisMachine, all.length === 1 && all.every(isOnThisMachine));
	};
	void update();
	return connections.onDidChange(() => void update());
}
