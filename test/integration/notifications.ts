import * as vscode from 'vscode';
import { keyboard } from './harness';

/**
 * Waits until the notification center lists a notification containing `text`. The center rather than
 * a toast: VS Code may file a notification without a toast when several arrive at once.
 */
export async function showsNotification(text: string): Promise<void> {
	await vscode.commands.executeCommand('notifications.showList');
	await keyboard({ waitFor: `.notifications-center .notification-list-item:has-text("${text}")` });
}
