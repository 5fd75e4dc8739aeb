import MarkdownIt from 'markdown-it';
import { IMAGE_URL_ATTRIBUTE, RENDERED_CLASSES, safeFragment } from './safeHtml';
import { displayableWhileStreaming, streamingCodeFence } from './streamingMarkdown';

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

// Raw HTML off: a model's `<script>` or `<img onerror>` is text. Linkify makes bare URLs links, which
// open through VS Code like any other.
const markdown = new MarkdownIt({ html: false, linkify: true });

/** How long a Copy button says it copied. */
const COPIED_SHOWN_MS = 1500;

/** What markdown-it collects while parsing: the reference definitions (`[label]: url`) links use. */
type ParseEnvironment = MarkdownIt.Env;

/**
 * Renders a reply block by block. The text is parsed from the end of the finished blocks only: a
 * block is finished once the next one has started on a line of its own (markdown never changes a
 * block after that), and finished blocks keep their DOM nodes. The open (last) block is rendered
 * again on each update, shown as `displayableWhileStreaming` allows. So a long reply costs each
 * chunk about its last block, not all the text so far.
 */
export function createMarkdownView(host: HTMLElement, actions: MarkdownActions): MarkdownView {
	/** The source of the finished blocks: a prefix of every later text, until the reply starts over. */
	let finishedText = '';
	/** markdown-it's HTML of the finished blocks, to check the streamed result against a whole render at the end. */
	let finishedHtml = '';
	let finishedEnvironment: ParseEnvironment = {};
	let openNodes: ChildNode[] = [];
	/** The open block when it is a code fence still streaming: its code element then just takes the new text. */
	let streamingCode: { opening: string; element: Element } | undefined;

	/** A copy of the finished blocks' reference definitions: the open block's parse must not add to them, it is parsed again. */
	const finishedReferences = (): ParseEnvironment => ({ references: { ...finishedEnvironment.references } });

	const startOver = (): void => {
		finishedText = '';
		finishedHtml = '';
		finishedEnvironment = {};
		openNodes = [];
		streamingCode = undefined;
		host.replaceChildren();
	};

	const showOpen = (html: string): void => {
		const fragment = safeFragment(html);
		const nodes = [...fragment.childNodes];
		for (const node of openNodes) {
			node.remove();
		}
		host.append(fragment);
		openNodes = nodes;
		streamingCode = undefined;
	};

	/**
	 * Shows the open block while it streams. A code fence growing line by line, the longest blocks
	 * replies have, is only text: its code element takes the new text without a parse or a sanitiser
	 * pass (`textContent` is never markup).
	 */
	const showStreaming = (open: string): void => {
		const fence = streamingCodeFence(open);
		if (fence && streamingCode?.opening === fence.opening && streamingCode.element.isConnected) {
			streamingCode.element.textContent = fence.code;
			return;
		}
		showOpen(markdown.render(open, finishedReferences()));
		const elements = openNodes.filter((node) => node instanceof Element);
		const code = elements.length === 1 ? elements[0]?.querySelector('pre > code') : null;
		if (fence && code) {
			streamingCode = { opening: fence.opening, element: code };
		}
	};

	const finish = (text: string, open: string): void => {
		const openHtml = markdown.render(open, finishedReferences());
		// A reference definition can come after the link that uses it, and a few constructs read back
		// across block ends: a whole render once at the end checks the blocks, and in those rare cases
		// replaces them all.
		const wholeEnvironment: ParseEnvironment = {};
		const wholeHtml = markdown.render(text, wholeEnvironment);
		if (finishedHtml + openHtml === wholeHtml) {
			showOpen(openHtml);
			return;
		}
		startOver();
		finishedText = text;
		finishedHtml = wholeHtml;
		finishedEnvironment = wholeEnvironment;
		host.append(safeFragment(wholeHtml));
	};

	host.addEventListener('click', (event) => {
		const target = event.target instanceof Element ? event.target : null;
		const button = target?.closest('button');
		if (button && host.contains(button)) {
			if (button.classList.contains(RENDERED_CLASSES.copyCode)) {
				actions.copy((button.closest(`.${RENDERED_CLASSES.codeBlock}`)?.querySelector('code')?.textContent ?? '').replace(/\n$/, ''));
				button.textContent = 'Copied';
				setTimeout(() => (button.textContent = 'Copy'), COPIED_SHOWN_MS);
			} else if (button.classList.contains(RENDERED_CLASSES.openImage)) {
				actions.openLink(button.getAttribute(IMAGE_URL_ATTRIBUTE) ?? '');
			}
			return;
		}
		const link = target?.closest('a[href]');
		if (link && host.contains(link)) {
			// The webview would otherwise navigate, or hand the link to VS Code a second time (its
			// own listener on the window opens every clicked `a`): the host opens it, once.
			event.preventDefault();
			event.stopPropagation();
			actions.openLink(link.getAttribute('href') ?? '');
		}
	});
	host.addEventListener('auxclick', (event) => {
		if (event.target instanceof Element && event.target.closest('a[href]')) {
			event.preventDefault();
			event.stopPropagation();
		}
	});

	return {
		update(text, final) {
			if (!text.startsWith(finishedText)) {
				startOver();
			}
			let open = text.slice(finishedText.length);
			if (!final) {
				const finishedLines = linesOfFinishedBlocks(markdown.parse(open, finishedReferences()), open);
				if (finishedLines > 0) {
					const justFinished = open.slice(0, offsetOfLine(open, finishedLines));
					const html = markdown.render(justFinished, finishedEnvironment);
					for (const node of openNodes) {
						node.remove();
					}
					openNodes = [];
					streamingCode = undefined;
					host.append(safeFragment(html));
					finishedText += justFinished;
					finishedHtml += html;
					open = open.slice(justFinished.length);
				}
				showStreaming(displayableWhileStreaming(open));
				return;
			}
			finish(text, open);
		},
	};
}

/**
 * How many lines at the start of `text` hold blocks that are finished: those before the last
 * top-level block, provided that block's first line has ended (until then it may still turn out to
 * continue the block before it, as `***x` continues a paragraph that `***` would have ended).
 */
function linesOfFinishedBlocks(tokens: readonly MarkdownIt.Token[], text: string): number {
	let completeLines = 0;
	for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) {
		completeLines++;
	}
	let lastStart = 0;
	for (const token of tokens) {
		const start = token.map?.[0];
		if (token.level === 0 && token.nesting >= 0 && start !== undefined && start > 0 && start < completeLines) {
			lastStart = start;
		}
	}
	return lastStart;
}

function offsetOfLine(text: string, line: number): number {
	let offset = 0;
	for (let count = 0; count < line; count++) {
		offset = text.indexOf('\n', offset) + 1;
	}
	return offset;
}
