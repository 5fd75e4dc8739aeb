/** What a webview's script gets from VS Code, typed by the messages it posts and the state it keeps. */
export interface VsCodeApi<Message, State> {
	postMessage(message: Message): void;
	getState(): State | undefined;
	setState(state: State): void;
}

declare function acquireVsCodeApi(): unknown;

/** The webview's one handle on VS Code (acquireVsCodeApi may be called only once a page). */
export function vscodeApi<Message, State>(): VsCodeApi<Message, State> {
	return acquireVsCodeApi() as VsCodeApi<Message, State>;
}
