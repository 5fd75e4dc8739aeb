import * as vscode from 'vscode';

/**
 * Answers the next modal warning with its button `answer` (undefined: dismissed), as the user would. VS Code refuses to show
 * modal dialogs while extension tests run (its DialogService throws), so the dialog is answered at the
 * API the extension calls; `asked` is what it was asked, to see that the confirmation still names its object.
 */
export function answerNextModal(answer: string | undefined): { asked: Promise<{ message: string; modal: boolean }>; restore(): void } {
	const original = vscode.window.showWarningMessage;
	const restore = () => Object.defineProperty(vscode.window, 'showWarningMessage', { value: original, configurable: true, writable: true });
	let resolveAsked: (asked: { message: string; modal: boolean }) => void = () => undefined;
	const asked = new Promise<{ message: string; modal: boolean }>((resolve) => (resolveAsked = resolve));
	const answering = (message: string, options: unknown, ...items: unknown[]): Promise<unknown> => {
		restore();
		resolveAsked({ message, modal: (options as vscode.MessageOptions | undefined)?.modal === true });
		return Promise.resolve(items.find((item) => item === answer));
	};
	Object.defineProperty(vscode.window, 'showWarningMessage', { value: answering, configurable: true, writable: true });
	return { asked, restore };
}
