import * as vscode from 'vscode';
import type { FileFindings } from '../editor/diagnostics';
import { ApiKeyStore } from '../editor/secrets';
import type { Logger } from '../logger';
import { registerApiKeyCommands } from './apiKeyCommands';
import { OpenAIConnection } from './connection';
import { registerDeleteCommands } from './deleteCommands';
import { registerFineTuneCommand } from './fineTuneCommand';
import { registerJobControlCommands } from './jobControlCommands';
import { registerUploadCommand } from './uploadCommand';

/** The API key, uploads, the create-job wizard, and the commands that control jobs, files and models. */
export function registerJobCommands(secrets: vscode.SecretStorage, problems: FileFindings, log: Logger): vscode.Disposable {
	const keys = new ApiKeyStore(secrets);
	const connection = new OpenAIConnection(keys, log);
	return vscode.Disposable.from(
		connection,
		registerApiKeyCommands(keys, connection, log),
		registerUploadCommand(connection, problems, log),
		registerFineTuneCommand(connection, problems, log),
		registerJobControlCommands(connection, log),
		registerDeleteCommands(connection, log),
	);
}
