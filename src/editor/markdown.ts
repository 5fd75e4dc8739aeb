// Dataset text and setting values reach hovers, tooltips, CodeLens titles and the status bar, which
// render markdown or `$(icon)` syntax. A role or model id from a downloaded dataset must show as the
// characters it is, never as a link, an image (a beacon), or a lookalike "Re-enter your API key".

/**
 * `text` escaped for a MarkdownString: every ASCII punctuation character gets a backslash, which
 * CommonMark allows for all of them. That disarms links, images, emphasis, HTML and `www.`/`https://`
 * autolinks at once, and the text still reads the same.
 */
export function escapeMarkdown(text: string): string {
	return text.replace(/[!-/:-@[-`{-~]/g, '\\$&').replace(/\r?\n|\r/g, ' ');
}

/** `text` with `$(name)` icon syntax escaped, for status bar texts and CodeLens titles. */
export function escapeIcons(text: string): string {
	return text.replace(/\$\(/g, '\\$(');
}

/**
 * `text` for a notification or dialog, which turn `[label](https://…)` into a link whatever the text's
 * source: a server's error message or a file name could otherwise offer "Re-enter your API key".
 * Notifications have no escape syntax, so a space parts the bracket from the parenthesis.
 */
export function escapeNotificationLinks(text: string): string {
	return text.replace(/\]\(/g, '] (');
}
