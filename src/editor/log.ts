import type * as vscode from 'vscode';

/** The logging surface the pure modules receive; the editor layer backs it with the output channel. */
export interface Logger {
	info(message: string): void;
	warn(message: string): void;
	error(message: string): void;
}

/** A logger that writes to `channel` with a `[prefix]` before each line, e.g. `[lint]`. */
export function createLogger(channel: vscode.LogOutputChannel, prefix: string): Logger {
	return {
		info: (message) => channel.info(`[${prefix}] ${message}`),
		warn: (message) => channel.warn(`[${prefix}] ${message}`),
		error: (message) => channel.error(`[${prefix}] ${message}`),
	};
}
