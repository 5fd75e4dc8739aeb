// Model output is untrusted: markdown-it renders it with raw HTML off, and what it makes still goes
// through DOMPurify, with an allow-list of the elements markdown makes, before any of it reaches the
// page. The sanitised fragment is then shaped for the panel before it is attached (DOMPurify's
// fragment belongs to an inert document, where nothing loads): links lose their navigation (the
// view's click handler opens them through VS Code), images become placeholders, code blocks get a
// Copy button.
import DOMPurify, { type Config } from 'dompurify';

/** Everything markdown-it renders with `html: false`, linkify and its default rules; nothing else. */
const ALLOWED_TAGS = ['a', 'blockquote', 'br', 'code', 'del', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'img', 'li', 'ol', 'p', 'pre', 's', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul'];

const PURIFY_CONFIG: Config & { RETURN_DOM_FRAGMENT: true } = {
	ALLOWED_TAGS,
	// `class` only carries a code block's language to the shaping below, which then removes it.
	ALLOWED_ATTR: ['href', 'title', 'src', 'alt', 'class', 'start'],
	ALLOWED_URI_REGEXP: /^(?:https?|mailto):/i,
	ALLOW_DATA_ATTR: false,
	ALLOW_ARIA_ATTR: false,
	RETURN_DOM_FRAGMENT: true,
};

/** The link schemes a reply's link may open with. */
const OPENABLE_LINK = /^(?:https?|mailto):/i;
const REMOTE_IMAGE = /^https?:/i;
const CODE_LANGUAGE = /^language-([\w+#.-]{1,40})$/;

/** Classes of the elements the shaping adds; media/chatMarkdown.css styles them and the view's click handler finds them. */
export const RENDERED_CLASSES = {
	codeBlock: 'code-block',
	copyCode: 'copy-code',
	imagePlaceholder: 'image-placeholder',
	openImage: 'open-image',
} as const;

/** The attribute that holds an image placeholder's URL for its button. */
export const IMAGE_URL_ATTRIBUTE = 'data-image-url';

/** `html` (markdown-it's output) sanitised and shaped for the panel, in a fragment not yet attached. */
export function safeFragment(html: string): DocumentFragment {
	const fragment = DOMPurify.sanitize(html, PURIFY_CONFIG);
	const document = fragment.ownerDocument;
	const codeLanguages = new Map([...fragment.querySelectorAll('pre > code')].map((code) => [code, CODE_LANGUAGE.exec(code.getAttribute('class') ?? '')?.[1]]));
	// Only the panel's own classes style a reply: a model's must not borrow the panel's look.
	for (const element of [...fragment.querySelectorAll('[class]')]) {
		element.removeAttribute('class');
	}
	for (const image of [...fragment.querySelectorAll('img')]) {
		image.replaceWith(imagePlaceholder(document, image.getAttribute('src') ?? '', image.getAttribute('alt') ?? ''));
	}
	for (const link of [...fragment.querySelectorAll('a')]) {
		const href = link.getAttribute('href');
		if (href === null || !OPENABLE_LINK.test(href)) {
			// A link to anything but the web or mail (DOMPurify drops the rest) stays as its text.
			link.replaceWith(...link.childNodes);
		} else {
			// The destination shows on hover: a link's text can claim to go somewhere else.
			link.title = link.title ? `${link.title}\n${href}` : href;
		}
	}
	// markdown-it ends each block with a line break; between blocks it is no text of the reply.
	for (const node of [...fragment.childNodes]) {
		if (node.nodeType === Node.TEXT_NODE && node.textContent?.trim() === '') {
			node.remove();
		}
	}
	for (const [code, language] of codeLanguages) {
		const pre = code.parentElement as HTMLElement;
		const block = codeBlock(document, language);
		pre.replaceWith(block);
		block.append(pre);
	}
	return fragment;
}

/**
 * An image as its description and URL, never loaded in the webview: its address could carry the
 * conversation to whoever serves it, and the chat's CSP (src/chat/csp.ts) lets images come only from
 * the extension. Loading it on click would need `https:` in that policy for every image, a hostile
 * one included; so the button opens the URL through VS Code instead, after its own confirmation of
 * the outside address, where the user sees the image in their browser.
 */
function imagePlaceholder(document: Document, url: string, alt: string): HTMLElement {
	const placeholder = document.createElement('span');
	placeholder.className = RENDERED_CLASSES.imagePlaceholder;
	const description = document.createElement('span');
	description.textContent = alt ? `Image: ${alt}` : 'Image';
	placeholder.append(description);
	if (REMOTE_IMAGE.test(url)) {
		const address = document.createElement('code');
		address.textContent = url;
		const open = document.createElement('button');
		open.type = 'button';
		open.className = RENDERED_CLASSES.openImage;
		open.textContent = 'Open image';
		open.title = `Open ${url} in your browser (not loaded here, so the image's server learns nothing of this chat)`;
		open.setAttribute(IMAGE_URL_ATTRIBUTE, url);
		placeholder.append(' ', address, ' ', open);
	}
	return placeholder;
}

/** A code block's frame: its language and a Copy button, above where its `pre` goes. */
function codeBlock(document: Document, language: string | undefined): HTMLElement {
	const block = document.createElement('div');
	block.className = RENDERED_CLASSES.codeBlock;
	const toolbar = document.createElement('div');
	toolbar.className = 'code-toolbar';
	if (language) {
		const label = document.createElement('span');
		label.className = 'code-language';
		label.textContent = language;
		toolbar.append(label);
	}
	const copy = document.createElement('button');
	copy.type = 'button';
	copy.className = RENDERED_CLASSES.copyCode;
	copy.textContent = 'Copy';
	copy.setAttribute('aria-label', language ? `Copy ${language} code` : 'Copy code');
	toolbar.append(copy);
	block.append(toolbar);
	return block;
}
