// Small DOM builders for the webviews: text goes in as text, never as markup.

/** A button with text, and an accessible label (also its tooltip) when the text alone does not say enough. */
export function button(text: string, onClick: () => void, label?: string): HTMLButtonElement {
	const element = document.createElement('button');
	element.type = 'button';
	element.textContent = text;
	if (label) {
		element.setAttribute('aria-label', label);
		element.title = label;
	}
	element.addEventListener('click', onClick);
	return element;
}

/** An element with a class and, optionally, its text. */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
	const created = document.createElement(tag);
	created.className = className;
	if (text !== undefined) {
		created.textContent = text;
	}
	return created;
}

/** `target` with `className` added: names a built element for styles and tests. */
export function withClass<T extends HTMLElement>(className: string, target: T): T {
	target.classList.add(className);
	return target;
}

/**
 * `target` with a codicon (dist/webview/codicon.css) before its text, or after it with `after`. The
 * icon is decorative and empty, so the element's text and accessible name stay its own.
 */
export function withIcon<T extends HTMLElement>(icon: string, target: T, after = false): T {
	const glyph = document.createElement('span');
	glyph.className = `codicon codicon-${icon}`;
	glyph.setAttribute('aria-hidden', 'true');
	if (after) {
		target.append(glyph);
	} else {
		target.prepend(glyph);
	}
	target.classList.add('with-icon');
	return target;
}
