import * as vscode from 'vscode';
import { COMMANDS } from '../contributes';
import type { DatasetLinter } from '../dataset/dataset';
import type { ExampleLine } from '../dataset/report';
import { ReportBuilder } from '../dataset/reportBuilder';
import type { Tokenizer } from '../dataset/tokens';
import { Disposable } from '../dispose';
import { yieldToEventLoop, type OpenDatasets } from '../editor/datasets';
import type { Logger } from '../logger';
import { renderWebviewHtml } from '../webviewHtml';
import { isFromWebview, type FromWebview, type ToWebview } from './protocol';
import { openDocument } from '../openDocument';

/** What the webview reported after drawing a report: the command's answer to its caller (and tests). */
export type Rendered = Omit<Extract<FromWebview, { type: 'rendered' }>, 'type'>;

/** How often a long first build tells the webview how far it got. */
const PROGRESS_INTERVAL_MS = 100;

export interface ReportPanelDeps {
	readonly extensionUri: vscode.Uri;
	readonly datasets: OpenDatasets;
	readonly log: Logger;
}

/**
 * The report of one dataset: built from the document's linter whenever the linter has news of it
 * (after each pause in typing), in slices so that a large file never holds up the extension host;
 * a build overtaken by an edit is dropped for the next one.
 */
export class ReportPanel extends Disposable {
	private ready = false;
	/** Bumped at each report posted; the webview echoes the revision it drew. */
	private revision = 0;
	private latest: ToWebview | undefined;
	private waiters: { revision: number; resolve: (rendered: Rendered | undefined) => void }[] = [];
	private building: symbol | undefined;
	/** One builder while the tokenizer stays (a new target model may bring another). */
	private builder: { readonly tokenizer: Tokenizer; readonly builder: ReportBuilder } | undefined;

	constructor(
		readonly panel: vscode.WebviewPanel,
		readonly uri: vscode.Uri,
		private readonly deps: ReportPanelDeps,
	) {
		super();
		const webview = panel.webview;
		panel.title = vscode.l10n.t('Report: {0}', this.fileName());
		this._register(webview.onDidReceiveMessage((message: unknown) => this.receive(message)));
		this._register(
			deps.datasets.onDidUpdate((document) => {
				if (document.uri.toString() === uri.toString()) {
					void this.rebuild();
				}
			}),
		);
		this._register(
			deps.datasets.onDidClose((closed) => {
				if (closed.toString() === uri.toString()) {
					this.detach(vscode.l10n.t('{0} was closed, or is no longer a dataset: this is the report as it last was. Open the file to follow it again.', this.fileName()));
				}
			}),
		);
		this._register(
			panel.onDidDispose(() => {
				this.waiters.splice(0).forEach((waiter) => waiter.resolve(undefined));
				super.dispose();
			}),
		);
		webview.html = renderWebviewHtml(webview, deps.extensionUri, {
			title: vscode.l10n.t('Dataset Report'),
			script: 'report.js',
			styles: ['media/webview.css', 'dist/webview/codicon.css', 'dist/webview/report.css', 'media/report.css'],
		});
	}

	override dispose(): void {
		this.panel.dispose();
	}

	/** Builds the report from what the linter holds now; settles once the webview drew it (or a later one), or with undefined once the file is gone. */
	refresh(): Promise<Rendered | undefined> {
		// Not linted yet (just opened): the linter's first update builds it, as the next revision.
		const drawn = this.whenDrawn(this.revision + 1);
		void this.rebuild();
		return drawn;
	}

	/** Stops following the file; the webview keeps what it shows and says why. Whoever awaits a drawing hears it will not come. */
	detach(reason: string): void {
		this.building = undefined;
		this.waiters.splice(0).forEach((waiter) => waiter.resolve(undefined));
		this.post({ type: 'detached', reason });
	}

	private fileName(): string {
		return vscode.workspace.asRelativePath(this.uri);
	}

	private whenDrawn(revision: number): Promise<Rendered | undefined> {
		if (this.isDisposed) {
			return Promise.resolve(undefined);
		}
		return new Promise((resolve) => this.waiters.push({ revision, resolve }));
	}

	private async rebuild(): Promise<void> {
		const document = openDocument(this.uri);
		const linter = document && this.deps.datasets.get(document);
		if (!document || !linter || this.isDisposed) {
			return;
		}
		const building = Symbol('report');
		this.building = building;
		const version = document.version;
		const tokenizer = linter.lineLinter.tokenizer;
		if (this.builder?.tokenizer !== tokenizer) {
			this.builder = { tokenizer, builder: new ReportBuilder(tokenizer) };
		}
		const started = performance.now();
		let reached = 0;
		const examples = (function* (): Generator<ExampleLine> {
			for (const example of linter.exampleLines()) {
				reached = example.line;
				yield example;
			}
		})();
		const lines = linter.lineCount;
		const slices = this.builder.builder.build(examples, { summary: linter.summary(), lines, contextTokens: linter.lineLinter.contextTokens });
		let lastProgress = started;
		for (let slice = slices.next(); ; slice = slices.next()) {
			if (slice.done) {
				this.deps.log.info(`built the report of ${this.fileName()} in ${Math.round(performance.now() - started)} ms`);
				this.revision++;
				this.post({ type: 'report', revision: this.revision, uri: this.uri.toString(), file: this.fileName(), report: slice.value });
				return;
			}
			await yieldToEventLoop();
			if (this.building !== building || !this.stillCurrent(document, version, linter)) {
				// An edit (or a new linter) came between two slices: its update builds the report again.
				return;
			}
			const now = performance.now();
			if (now - lastProgress >= PROGRESS_INTERVAL_MS) {
				lastProgress = now;
				this.post({ type: 'progress', uri: this.uri.toString(), file: this.fileName(), done: lines > 0 ? reached / lines : 1 });
			}
		}
	}

	private stillCurrent(document: vscode.TextDocument, version: number, linter: DatasetLinter): boolean {
		return !this.isDisposed && !document.isClosed && document.version === version && this.deps.datasets.get(document) === linter;
	}

	private post(message: ToWebview): void {
		if (message.type !== 'progress') {
			this.latest = message;
		}
		if (this.ready && !this.isDisposed) {
			void this.panel.webview.postMessage(message);
		}
	}

	private async receive(message: unknown): Promise<void> {
		if (!isFromWebview(message)) {
			this.deps.log.warn('ignored a malformed message from the dataset report');
			return;
		}
		switch (message.type) {
			case 'ready':
				this.ready = true;
				if (this.latest) {
					this.post(this.latest);
				}
				return;
			case 'rendered': {
				const rendered: Rendered = { revision: message.revision, bars: message.bars, renderMs: message.renderMs, theme: message.theme };
				const settled = this.waiters.filter((waiter) => waiter.revision <= message.revision);
				this.waiters = this.waiters.filter((waiter) => waiter.revision > message.revision);
				settled.forEach((waiter) => waiter.resolve(rendered));
				return;
			}
			case 'reveal-line':
				await this.revealLine(message.line);
				return;
			case 'change-model':
				await vscode.commands.executeCommand(COMMANDS.selectTargetModel);
				return;
		}
	}

	/** Shows the dataset with `line` selected: in the editor group that shows it already, else beside the report. */
	private async revealLine(line: number): Promise<void> {
		try {
			const document = openDocument(this.uri) ?? (await vscode.workspace.openTextDocument(this.uri));
			const shown = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
			const target = document.lineAt(Math.min(line, document.lineCount - 1)).range;
			const editor = await vscode.window.showTextDocument(document, { viewColumn: shown?.viewColumn ?? vscode.ViewColumn.Beside, selection: target });
			editor.revealRange(target, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
		} catch (error) {
			void vscode.window.showWarningMessage(vscode.l10n.t('Could not show line {0} of {1}: {2}', line + 1, this.fileName(), error instanceof Error ? error.message : String(error)));
		}
	}
}
