import type * as vscode from 'vscode';
import type { Logger } from '../logger';

/** A logger that writes to `channel` with a `[prefix]` before each line, e.g. `[lint]`. */
export function createLogger(channel: vscode.LogOutputChannel, prefix: string): Logger {
	return {
		info: (message) => channel.info(`[${prefix}] ${message}`),
		warn: (message) => channel.warn(`[${prefix}] ${message}`),
		error: (message) => channel.error(`[${prefix}] ${message}`),
	};
}
