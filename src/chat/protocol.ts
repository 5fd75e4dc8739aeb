// The messages between the chat panel's host and its webview; both sides import this file.

/** What the webview keeps across reloads through `vscode.setState`. */
export interface ChatViewState {
	/** The unsent text in the composer. */
	readonly draft: string;
}

/** Host → webview. */
export type ToWebview =
	/** The answer to `ready`: what the panel needs to render. */
	| { readonly type: 'init'; readonly extensionVersion: string };

/** Webview → host. */
export type FromWebview =
	/** The webview's script has run and listens for messages; the host posts nothing before it. */
	| { readonly type: 'ready' };

/** Guards the host boundary: anything the webview posts is checked before it is trusted. */
export function isFromWebview(value: unknown): value is FromWebview {
	if (typeof value !== 'object' || value === null) {
		return false;
	}
	const { type } = value as { type?: unknown };
	return type === 'ready';
}

/** Guards the webview boundary. */
export function isToWebview(value: unknown): value is ToWebview {
	if (typeof value !== 'object' || value === null) {
		return false;
	}
	const message = value as { type?: unknown; extensionVersion?: unknown };
	return message.type === 'init' && typeof message.extensionVersion === 'string';
}
