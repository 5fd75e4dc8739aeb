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
 * help and the caller says how. When OpenAI no longer lets the organisation fine-tune, it offers the
 * ways on instead. A cancellation is only logged. Does not wait for the user's answer.
 */
export function showFailure(what: string, error: unknown, log: Logger, retry?: () => Promise<unknown>): void {
	if (ApiError.is(error, 'cancelled')) {
		log.info(`${what}: cancelled`);
		return;
	}
	if (ApiError.is(error, 'fine-tuning-closed')) {
		void offerWaysOn(what, error, log);
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

/**
 * OpenAI refused fine-tuning to the organisation (the wind-down): says so, and offers an Azure OpenAI
 * connection (Azure keeps fine-tuning) and an export of the user's data.
 */
async function offerWaysOn(what: string, error: ApiError, log: Logger): Promise<void> {
	log.error(`${what}: ${error.message}`);
	const addAzure = vscode.l10n.t('Add an Azure OpenAI connection');
	const exportData = vscode.l10n.t('Export my fine-tuning data');
	const choice = await vscode.window.showErrorMessage(
		escapeNotificationLinks(
			vscode.l10n.t(
				'{0}: {1} OpenAI is winding down self-serve fine-tuning; your fine-tuned models keep answering until their base models shut down, and Azure OpenAI still fine-tunes these models.',
				what,
				error.message,
			),
		),
		addAzure,
		exportData,
	);
	if (choice === addAzure) {
		await vscode.commands.executeCommand(COMMANDS.addConnection, 'azure');
	} else if (choice === exportData) {
		await vscode.commands.executeCommand(COMMANDS.exportFineTuningData);
	}
}
