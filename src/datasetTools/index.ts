import type * as vscode from 'vscode';
import type { Logger } from '../logger';
import { registerConvertDataset } from './convertDataset';

/** The commands over the dataset tools (conversion), working on local files, in Restricted Mode too. */
export function registerDatasetTools(log: Logger): vscode.Disposable {
	return registerConvertDataset(log);
}
