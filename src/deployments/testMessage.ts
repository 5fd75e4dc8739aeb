import * as vscode from 'vscode';
import { escapeNotificationLinks } from '../editor/markdown';
import { showFailure } from '../jobs/showFailure';
import type { Logger } from '../logger';
import { ChatService } from '../openai/chat';
import type { DeployableConnection } from './azureConnection';

/** The longest answer a test message asks for: enough to see the model's voice, cheap on any deployment. */
const TEST_MESSAGE_MAX_TOKENS = 200;

/**
 * Asks for one message and sends it to `deployment` by its name, through the connection's data plane (on
 * Azure the deployment name is the `model`; the classic API routes it to `/deployments/{name}/…`). Shows the
 * answer and resolves to it; undefined when the user cancels or the call fails (the failure is shown).
 */
export async function sendTestMessage(target: DeployableConnection, deployment: string, log: Logger): Promise<string | undefined> {
	const message = await vscode.window.showInputBox({
		title: vscode.l10n.t('Test Message to {0}', deployment),
		prompt: vscode.l10n.t('One message, sent to the deployment {0} on {1}; the answer is shown in a notification.', deployment, target.connection.name),
		value: vscode.l10n.t('Hello! What can you help me with?'),
		ignoreFocusOut: true,
		validateInput: (value) => (value.trim() === '' ? vscode.l10n.t('Type a message, or press Escape to cancel.') : undefined),
	});
	if (!message?.trim()) {
		return undefined;
	}
	try {
		const { client } = await target.services();
		const answer = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Asking {0}…', deployment) }, () =>
			new ChatService(client).complete({ model: deployment, messages: [{ role: 'user', content: message.trim() }], maxTokens: TEST_MESSAGE_MAX_TOKENS }),
		);
		log.info(`test message to the deployment ${deployment} on ${target.connection.name}: ${answer.text.length} characters back (${answer.finishReason ?? 'no finish reason'})`);
		void vscode.window.showInformationMessage(escapeNotificationLinks(vscode.l10n.t('{0} answered: {1}', deployment, answer.text || vscode.l10n.t('(an empty answer)'))));
		return answer.text;
	} catch (error) {
		showFailure(vscode.l10n.t('The deployment {0} did not answer', deployment), error, log);
		return undefined;
	}
}
