// What a webview's canvas drawing reads of the theme: VS Code sets its colours as CSS variables and
// names its kind on the body.

/** A theme colour (or font), read when drawing so that a theme change takes effect at the next draw. */
export function cssVar(name: string, fallback: string): string {
	return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** The theme's kind as VS Code names it on the body: `vscode-light`, `vscode-dark`, `vscode-high-contrast`, … */
export function themeKind(): string {
	return document.body.dataset['vscodeThemeKind'] ?? 'unknown';
}
