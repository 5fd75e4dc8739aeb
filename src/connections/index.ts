import type * as vscode from 'vscode';
import type { Logger } from '../logger';
import { Connections } from './connections';
import { ConnectionKeyStore } from './keyStore';

export { ChatOnlyConnectionError } from './capabilities';
export { Connections, MissingApiKeyError, type ConnectionServices, type Purpose } from './connections';
export type { Connection } from './model';

/** The connections of this window: settings, keys (in `context.secrets`), services and capabilities. */
export function createConnections(context: vscode.ExtensionContext, log: Logger): Connections {
	return new Connections(new ConnectionKeyStore(context.secrets), context.globalState, log);
}
