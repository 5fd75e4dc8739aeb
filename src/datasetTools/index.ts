import * as vscode from 'vscode';
import type { Logger } from '../logger';
import { registerConvertDataset } from './convertDataset';
import { registerReshapeCommands } from './reshapeCommands';

/** The commands over the dataset tools (convert, deduplicate, sample, shuffle), working on local files, in Restricted Mode too. */
export function registerDatasetTools(log: Logger): vscode.Disposable {
	return vscode.Disposable.from(registerConvertDataset(log), registerReshapeCommands(log));
}
