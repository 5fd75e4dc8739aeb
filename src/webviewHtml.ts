import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { chatContentSecurityPolicy } from './chat/csp';

/** A panel's options: scripts on, and resources only from the bundles and the media. */
export function webviewPanelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
	return {
		enableScripts: true,
		retainContextWhenHidden: false,
		localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
	};
}

/** The page of a webview: the strict policy with a fresh nonce, the styles, an app element and one script. */
export function renderWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: { readonly title: string; readonly script: string; readonly styles: readonly string[] }): string {
	const nonce = randomBytes(16).toString('base64');
	const scriptUri = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', page.script));
	const links = page.styles.map((style) => `<link rel="stylesheet" href="${webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...style.split('/'))).toString()}">`).join('\n\t');
	const csp = chatContentSecurityPolicy(webview.cspSource, nonce);
	return `<!DOCTYPE html>
<html lang="en">
<head>
	<meta charset="UTF-8">
	<meta http-equiv="Content-Security-Policy" content="${csp}">
	<meta name="viewport" content="width=device-width, initial-scale=1.0">
	${links}
	<title>${page.title}</title>
</head>
<body>
	<main id="app" aria-live="polite"></main>
	<script nonce="${nonce}" src="${scriptUri.toString()}"></script>
</body>
</html>`;
}
