import * as vscode from 'vscode';
import { COMMANDS } from '../contributes';
import { Disposable } from '../dispose';
import type { Logger } from '../logger';
import { renderWebviewHtml, webviewPanelOptions } from '../webviewHtml';
import { isFromWebview, type ToWebview } from './protocol';
import { registerTrustedCommand } from '../jobs/trustedCommand';

const VIEW_TYPE = 'finetuneStudio.chat';

/** The chat panel: opened by a command, restored by VS Code after a reload. */
export function registerChatPanel(extensionUri: vscode.Uri, extensionVersion: string, log: Logger): vscode.Disposable {
	let current: ChatPanel | undefined;

	const adopt = (webviewPanel: vscode.WebviewPanel): ChatPanel => {
		const panel = new ChatPanel(webviewPanel, extensionUri, extensionVersion, log);
		current = panel;
		webviewPanel.onDidDispose(() => {
			if (current === panel) {
				current = undefined;
			}
		});
		return panel;
	};

	return vscode.Disposable.from(
		{ dispose: () => current?.dispose() },
		registerTrustedCommand(COMMANDS.openChat, async (): Promise<void> => {
			if (current) {
				current.reveal();
				return;
			}
			const webviewPanel = vscode.window.createWebviewPanel(
				VIEW_TYPE,
				vscode.l10n.t('Fine-Tune Studio Chat'),
				vscode.ViewColumn.Beside,
				webviewPanelOptions(extensionUri),
			);
			await adopt(webviewPanel).ready;
		}),
		vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
			deserializeWebviewPanel: async (webviewPanel) => {
				webviewPanel.webview.options = webviewPanelOptions(extensionUri);
				adopt(webviewPanel);
			},
		}),
	);
}

class ChatPanel extends Disposable {
	/** Settles when the webview has said `ready` and received `init`. */
	readonly ready: Promise<void>;

	constructor(
		private readonly panel: vscode.WebviewPanel,
		extensionUri: vscode.Uri,
		extensionVersion: string,
		log: Logger,
	) {
		super();
		const webview = panel.webview;
		let settleReady: () => void = () => undefined;
		// Also settles when the panel closes first, so that nobody waits on a webview that is gone.
		this.ready = new Promise<void>((resolve) => (settleReady = resolve));
		this._register(
			webview.onDidReceiveMessage(async (message: unknown) => {
				if (!isFromWebview(message)) {
					log.warn('ignored a malformed message from the chat webview');
					return;
				}
				switch (message.type) {
					case 'ready':
						await this.post({ type: 'init', extensionVersion });
						settleReady();
						break;
				}
			}),
		);
		this._register(
			panel.onDidDispose(() => {
				settleReady();
				super.dispose();
			}),
		);
		webview.html = renderWebviewHtml(webview, extensionUri, { title: vscode.l10n.t('Fine-Tune Studio Chat'), script: 'chat.js', styles: ['media/webview.css', 'media/chat.css'] });
	}

	reveal(): void {
		this.panel.reveal();
	}

	/** Closes the panel; its listeners go when VS Code reports it closed. */
	override dispose(): void {
		this.panel.dispose();
	}

	private async post(message: ToWebview): Promise<void> {
		await this.panel.webview.postMessage(message);
	}
}
