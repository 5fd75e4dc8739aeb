// CONTRACT STUB (issue 10): replaced by markdown-it + DOMPurify rendering.

/** What a rendered reply may ask of the host: links open through VS Code, copies go to its clipboard. */
export interface MarkdownActions {
	openLink(url: string): void;
	copy(text: string): void;
}

/** Renders one reply's markdown into `host`, again as more of it streams in. */
export interface MarkdownView {
	/** The whole text so far; `final` once the reply has ended (a partial code fence is then closed as it is). */
	update(markdown: string, final: boolean): void;
}

export function createMarkdownView(host: HTMLElement, _actions: MarkdownActions): MarkdownView {
	return {
		update(markdown) {
			host.textContent = markdown;
		},
	};
}
