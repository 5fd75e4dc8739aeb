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

/**
 * Presses `action` on the notification containing `text`, shown in the center: by its own button,
 * since "accept primary action" takes whichever notification is newest or has focus, and another
 * (a job's end, a progress) may arrive in between.
 */
export async function pressNotificationButton(text: string, action: string): Promise<void> {
	await showsNotification(text);
	await keyboard({ click: `.notifications-center .notification-list-item:has-text("${text}") .monaco-button:has-text("${action}")` });
}
