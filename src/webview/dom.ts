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
