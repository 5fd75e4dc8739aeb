import * as vscode from 'vscode';
import type { Connections } from '../connections';
import type { FileFindings } from '../editor/diagnostics';
import type { Logger } from '../logger';
import { registerApiKeyCommands } from './apiKeyCommands';
import { registerDeleteCommands } from './deleteCommands';
import { registerFineTuneCommand } from './fineTuneCommand';
import { registerJobControlCommands } from './jobControlCommands';
import type { JobUpdates } from './jobUpdates';
import { registerUploadCommand } from './uploadCommand';

/** The API keys, uploads, the create-job wizard, and the commands that control jobs, files and models. */
export function registerJobCommands(connections: Connections, problems: FileFindings, jobUpdates: JobUpdates, log: Logger): vscode.Disposable {
	return vscode.Disposable.from(
		registerApiKeyCommands(connections, log),
		registerUploadCommand(connections, problems, log),
		registerFineTuneCommand(connections, problems, jobUpdates, log),
		registerJobControlCommands(connections, jobUpdates, log),
		registerDeleteCommands(connections, log),
	);
}
