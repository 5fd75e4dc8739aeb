import * as vscode from 'vscode';
import type { Logger } from '../logger';
import { registerConnectionCommands } from './commands';
import { Connections } from './connections';
import { EntraTokens } from './entra';
import { ConnectionKeyStore } from './keyStore';

export { ChatOnlyConnectionError } from './capabilities';
export { Connections, MissingApiKeyError, type ConnectionServices, type Purpose } from './connections';
export { EntraSignInError } from './entra';
export { NotDeployableError } from './management';
export type { Connection } from './model';

/**
 * The connections of this window (settings, keys in `context.secrets`, services, capabilities) and the
 * commands that manage them; `disposable` ends both.
 */
export function registerConnections(context: vscode.ExtensionContext, log: Logger): { readonly connections: Connections; readonly disposable: vscode.Disposable } {
	const connections = new Connections(new ConnectionKeyStore(context.secrets), new EntraTokens(), context.globalState, log);
	return { connections, disposable: vscode.Disposable.from(connections, registerConnectionCommands(connections, log)) };
}
