/**
 * The chat webview's content security policy. Images come only from the extension itself
 * (`cspSource`): a model's answer or a pasted prompt must not make the webview fetch a remote
 * image, which would tell a server when the chat is read. Showing remote images, if the chat ever
 * does, is to happen after a click, not by widening this policy.
 */
export function chatContentSecurityPolicy(cspSource: string, nonce: string): string {
	return [`default-src 'none'`, `style-src ${cspSource}`, `font-src ${cspSource}`, `img-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
}
