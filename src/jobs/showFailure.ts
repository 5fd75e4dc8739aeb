import * as vscode from 'vscode';
import { COMMANDS } from '../contributes';
import { escapeNotificationLinks } from '../editor/markdown';
import type { Logger } from '../logger';
import { ApiError, type ApiErrorKind } from '../openai/errors';
import { ChatOnlyConnectionError, MissingApiKeyError } from '../connections';

// Failures that may go away by themselves; the others need the user to change something first.
const RETRYABLE_KINDS: ReadonlySet<ApiErrorKind> = new Set(['network', 'server', 'rate-limited', 'unknown']);

/**
 * Tells the user that `what` failed and why, in words that never contain the key (ApiError messages
 * are scrubbed): "Set API Key" for a missing or rejected key, and "Retry" where trying again can
 * help and the caller says how. A cancellation is only logged. Does not wait for the user's answer.
 */
export function showFailure(what: string, error: unknown, log: Logger, retry?: () => Promise<unknown>): void {
	if (ApiError.is(error, 'cancelled')) {
		log.info(`${what}: cancelled`);
		return;
	}
	const setApiKey = vscode.l10n.t('Set API Key');
	const retryAction = vscode.l10n.t('Retry');
	const actions: string[] = [];
	let reason: string;
	// Set API Key goes to the connection that lacks one, when the error knows which.
	let keyFor: string | undefined;
	if (MissingApiKeyError.is(error)) {
		reason = vscode.l10n.t('no API key is set for {0}.', error.connectionName);
		keyFor = error.connectionName;
		actions.push(setApiKey);
	} else if (ChatOnlyConnectionError.is(error)) {
		reason = vscode.l10n.t('{0} serves chat only: it has no fine-tuning endpoint.', error.connectionName);
	} else if (ApiError.is(error)) {
		reason = error.message;
		if (error.kind === 'auth') {
			actions.push(setApiKey);
		}
		if (retry && RETRYABLE_KINDS.has(error.kind)) {
			actions.push(retryAction);
		}
	} else {
		reason = error instanceof Error ? error.message : String(error);
		if (retry) {
			actions.push(retryAction);
		}
	}
	log.error(`${what}: ${reason}`);
	void vscode.window.showErrorMessage(escapeNotificationLinks(vscode.l10n.t('{0}: {1}', what, reason)), ...actions).then(async (choice) => {
		if (choice === setApiKey) {
			await vscode.commands.executeCommand(COMMANDS.setApiKey, undefined, keyFor);
		} else if (choice === retryAction && retry) {
			await retry();
		}
	});
}
