import * as vscode from 'vscode';
import { DatasetLinter } from '../dataset/dataset';
import { trainingFileNameFor, trainingKeysOf } from '../dataset/pairing';
import { Disposable } from '../dispose';
import type { LintTarget } from '../dataset/lineLint';
import type { Logger } from '../logger';
import { getSetting, onDidChangeSettings } from './config';
import { openDocument } from '../openDocument';

/** How long typing may pause before findings are published: re-linting itself is incremental. */
const PUBLISH_DELAY_MS = 150;

/**
 * What the providers register for: every document, since which ones are datasets depends on a
 * setting; each provider answers only for documents that `OpenDatasets` lints.
 */
export const ANY_DOCUMENT: vscode.DocumentSelector = '*';

/** Which documents are datasets: `jsonl`, plus the user's own patterns. */
export function isDataset(document: vscode.TextDocument): boolean {
	if (document.languageId === 'jsonl') {
		return true;
	}
	const patterns = getSetting('datasetFilePatterns', document.uri);
	return patterns.some((pattern) => vscode.languages.match({ pattern }, document) > 0);
}

/**
 * The linted state of every open dataset document. Edits are applied to the document's linter as
 * they happen (only the touched lines are re-linted); listeners hear about it after a short pause.
 */
export class OpenDatasets extends Disposable {
	private readonly linters = new Map<string, DatasetLinter>();
	private readonly pending = new Map<string, NodeJS.Timeout>();
	/** Documents being linted from scratch, each with the token of its latest pass. */
	private readonly openings = new Map<string, symbol>();
	private readonly onDidUpdateEmitter = this._register(new vscode.EventEmitter<vscode.TextDocument>());
	private readonly onDidCloseEmitter = this._register(new vscode.EventEmitter<vscode.Uri>());

	/** A dataset's findings or summary changed. */
	readonly onDidUpdate = this.onDidUpdateEmitter.event;
	/** A dataset was closed (or stopped being one); its findings should go. */
	readonly onDidClose = this.onDidCloseEmitter.event;

	constructor(
		private readonly lintTarget: () => LintTarget,
		private readonly log: Logger,
	) {
		super();
		this._register(vscode.workspace.onDidOpenTextDocument((document) => this.open(document)));
		this._register(vscode.workspace.onDidChangeTextDocument((event) => this.change(event)));
		this._register(vscode.workspace.onDidCloseTextDocument((document) => this.close(document.uri)));
		this._register(onDidChangeSettings(() => this.openAll()));
		this._register({
			dispose: () => {
				for (const timer of this.pending.values()) {
					clearTimeout(timer);
				}
			},
		});
	}

	/** Lints every open document from scratch (at start, and when settings change). */
	openAll(): void {
		for (const document of vscode.workspace.textDocuments) {
			this.open(document);
		}
	}

	/** The linter of an open dataset document. */
	get(document: vscode.TextDocument): DatasetLinter | undefined {
		return this.linters.get(document.uri.toString());
	}

	private open(document: vscode.TextDocument): void {
		const key = document.uri.toString();
		if (!isDataset(document)) {
			// A language change (say jsonl → plaintext) reopens the document under its new language.
			this.openings.delete(key);
			if (this.linters.delete(key)) {
				this.onDidCloseEmitter.fire(document.uri);
			}
			return;
		}
		const started = performance.now();
		const linter = new DatasetLinter({
			model: getSetting('targetModel', document.uri),
			target: this.lintTarget(),
			prices: getSetting('trainingPrices', document.uri),
			encoding: document.encoding,
		});
		const opening = Symbol(key);
		this.openings.set(key, opening);
		const version = document.version;
		// In slices, so that a 50 MB document does not freeze the extension host while it is read;
		// edits meanwhile go to the linter it replaces, and are caught up with below.
		void linter.setTextInSlices(document.getText(), yieldToEventLoop).then(() => {
			if (this.openings.get(key) !== opening || document.isClosed) {
				return;
			}
			this.openings.delete(key);
			if (document.version !== version) {
				linter.setText(document.getText());
			}
			this.linters.set(key, linter);
			this.log.info(`linted ${vscode.workspace.asRelativePath(document.uri)} (${document.lineCount} lines) in ${Math.round(performance.now() - started)} ms`);
			this.onDidUpdateEmitter.fire(document);
			void this.pairWithTrainingFile(document, linter);
		});
	}

	/** A validation file named after its training file is checked for examples that leak from it. */
	private async pairWithTrainingFile(document: vscode.TextDocument, linter: DatasetLinter): Promise<void> {
		const name = trainingFileNameFor(document.uri.path.split('/').pop() ?? '');
		if (!name) {
			return;
		}
		const training = vscode.Uri.joinPath(document.uri, '..', name);
		const open = openDocument(training);
		let text: string;
		try {
			text = open?.getText() ?? new TextDecoder().decode(await vscode.workspace.fs.readFile(training));
		} catch {
			return; // No training file beside it: nothing to compare with.
		}
		if (this.linters.get(document.uri.toString()) !== linter) {
			return;
		}
		linter.setTrainingKeys(trainingKeysOf(text));
		this.log.info(`checking ${vscode.workspace.asRelativePath(document.uri)} against its training file ${name}`);
		this.onDidUpdateEmitter.fire(document);
	}

	private change(event: vscode.TextDocumentChangeEvent): void {
		const linter = this.get(event.document);
		if (!linter) {
			return;
		}
		// "Save with Encoding" changes no text, and can settle a jsonl.utf16 finding.
		const recoded = linter.setEncoding(event.document.encoding);
		if (event.contentChanges.length === 0 && !recoded) {
			return;
		}
		if (event.contentChanges.length > 0) {
			applyChanges(linter, event.document, event.contentChanges);
		}
		this.schedule(event.document);
	}

	private close(uri: vscode.Uri): void {
		const key = uri.toString();
		this.openings.delete(key);
		clearTimeout(this.pending.get(key));
		this.pending.delete(key);
		if (this.linters.delete(key)) {
			this.onDidCloseEmitter.fire(uri);
		}
	}

	private schedule(document: vscode.TextDocument): void {
		const key = document.uri.toString();
		clearTimeout(this.pending.get(key));
		this.pending.set(
			key,
			setTimeout(() => {
				this.pending.delete(key);
				this.onDidUpdateEmitter.fire(document);
			}, PUBLISH_DELAY_MS),
		);
	}
}

/** Lets the extension host's other work run between two slices of a long computation. */
export function yieldToEventLoop(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Applies one change event to the linter line by line. The changes of one event do not overlap;
 * they are replayed bottom-up so that the earlier ones' line numbers stay valid, with the new text
 * read from the document as it is now. Anything that does not line up falls back to a full pass,
 * whose unchanged lines are still reused.
 */
function applyChanges(linter: DatasetLinter, document: vscode.TextDocument, changes: readonly vscode.TextDocumentContentChangeEvent[]): void {
	const ordered = [...changes].sort((a, b) => a.range.start.line - b.range.start.line);
	let shift = 0;
	let previousEnd = -1;
	const replacements: { start: number; deleteCount: number; newStart: number; newCount: number }[] = [];
	for (const change of ordered) {
		const start = change.range.start.line;
		if (start <= previousEnd) {
			linter.setText(document.getText());
			return;
		}
		const deleteCount = change.range.end.line - start + 1;
		const newCount = change.text.split('\n').length;
		replacements.push({ start, deleteCount, newStart: start + shift, newCount });
		shift += newCount - deleteCount;
		previousEnd = change.range.end.line;
	}
	try {
		for (const { start, deleteCount, newStart, newCount } of replacements.reverse()) {
			const texts: string[] = [];
			for (let line = newStart; line < newStart + newCount; line++) {
				texts.push(document.lineAt(line).text);
			}
			linter.replaceLines(start, deleteCount, texts);
		}
	} catch {
		// A line past the document's end: the event and the document disagree, so start over.
	}
	if (linter.lineCount !== document.lineCount) {
		linter.setText(document.getText());
	}
}
