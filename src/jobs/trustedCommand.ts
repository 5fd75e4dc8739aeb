import * as vscode from 'vscode';
import { whenTrusted } from '../trustGuard';

/**
 * Registers a command that sends data or uses the API key (one of `TRUSTED_COMMANDS`): in
 * Restricted Mode it only says why it is off and offers to manage workspace trust. Menus hide it
 * there already; this covers the palette, keybindings and other extensions.
 */
export function registerTrustedCommand<A extends unknown[], R>(command: string, handler: (...args: A) => R | Promise<R>): vscode.Disposable {
	const refuse = (): void => {
		const manage = vscode.l10n.t('Manage Workspace Trust');
		void vscode.window
			.showWarningMessage(
				vscode.l10n.t('Fine-Tune Studio does not send data or use your API key in Restricted Mode, and this workspace is not trusted. Linting still works; trust the workspace to upload, fine-tune, manage jobs or chat.'),
				manage,
			)
			.then(async (choice) => {
				if (choice === manage) {
					await vscode.commands.executeCommand('workbench.trust.manage');
				}
			});
	};
	return vscode.commands.registerCommand(command, whenTrusted(handler, { isTrusted: () => vscode.workspace.isTrusted, refuse }));
}
