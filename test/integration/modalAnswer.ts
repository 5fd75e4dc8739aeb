import * as vscode from 'vscode';

/** What a modal warning was asked: its message, whether it was modal, and its detail text. */
export interface AskedModal {
	readonly message: string;
	readonly modal: boolean;
	readonly detail?: string;
}

/**
 * Answers the next modal warning with its button `answer` (undefined: dismissed), as the user would. VS Code refuses to show
 * modal dialogs while extension tests run (its DialogService throws), so the dialog is answered at the
 * API the extension calls; `asked` is what it was asked, to see that the confirmation still names its object.
 */
export function answerNextModal(answer: string | undefined): { asked: Promise<AskedModal>; restore(): void } {
	const original = vscode.window.showWarningMessage;
	const restore = () => Object.defineProperty(vscode.window, 'showWarningMessage', { value: original, configurable: true, writable: true });
	let resolveAsked: (asked: AskedModal) => void = () => undefined;
	const asked = new Promise<AskedModal>((resolve) => (resolveAsked = resolve));
	const answering = (message: string, options: unknown, ...items: unknown[]): Promise<unknown> => {
		restore();
		const { modal, detail } = (options as vscode.MessageOptions | undefined) ?? {};
		resolveAsked({ message, modal: modal === true, ...(detail !== undefined ? { detail } : {}) });
		return Promise.resolve(items.find((item) => item === answer));
	};
	Object.defineProperty(vscode.window, 'showWarningMessage', { value: answering, configurable: true, writable: true });
	return { asked, restore };
}
