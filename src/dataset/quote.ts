// Keys and values from a dataset reach the Problems view, hovers and a terminal. A terminal acts on
// control characters instead of showing them (an escape sequence can retitle the window or rewrite
// what was printed), and bidirectional controls reorder what is shown, so messages carry them escaped.

/**
 * C0 and C1 controls, DEL, the zero-width and bidirectional marks, overrides and isolates, the line
 * and paragraph separators and the byte order mark: what changes how the rest of a line displays.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** How much of a user's key or value a message quotes. */
const MAX_QUOTED = 60;

/** `text` with each unsafe character written as a `\uXXXX` escape, so that it shows as text. */
export function escapeControls(text: string): string {
	return text.replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A user's key or value quoted for a finding message, JSON style: in double quotes, controls
 * escaped, and cut to about 60 characters, so that one hostile or huge key cannot swamp a message.
 */
export function quote(text: string): string {
	if (text.length <= MAX_QUOTED) {
		return escapeControls(JSON.stringify(text));
	}
	const end = /[\ud800-\udbff]/.test(text.charAt(MAX_QUOTED - 2)) ? MAX_QUOTED - 2 : MAX_QUOTED - 1;
	return `${escapeControls(JSON.stringify(text.slice(0, end))).slice(0, -1)}…"`;
}
