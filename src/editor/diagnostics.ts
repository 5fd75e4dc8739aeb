import * as vscode from 'vscode';
import type { Finding } from '../dataset/types';
import { Disposable } from '../dispose';
import { isDataset, type OpenDatasets } from './datasets';
import { toDiagnostic } from './convert';
import { openDocument } from '../openDocument';

/** Publishes every open dataset's findings to the Problems view, and clears them on close. */
export function registerDiagnostics(datasets: OpenDatasets): vscode.Disposable {
	const collection = vscode.languages.createDiagnosticCollection('finetune-studio');
	return vscode.Disposable.from(
		collection,
		datasets.onDidUpdate((document) => {
			const linter = datasets.get(document);
			if (linter) {
				collection.set(document.uri, linter.findings().map(toDiagnostic));
			}
		}),
		datasets.onDidClose((uri) => collection.delete(uri)),
	);
}

/**
 * Findings of files linted from disk (Validate Dataset File, the check before an upload), in one
 * collection so that each file has one set. A file open in an editor is left to the live linter,
 * which would otherwise report each finding twice; and a file's findings go as soon as they
 * describe a version that is gone: when it is opened in an editor, changed on disk or deleted.
 */
export class FileFindings extends Disposable {
	private readonly collection = this._register(vscode.languages.createDiagnosticCollection('finetune-studio-files'));
	/** One watcher per file with findings, for as long as it has them. */
	private readonly watchers = new Map<string, vscode.Disposable>();

	constructor() {
		super();
		this._register(
			vscode.workspace.onDidOpenTextDocument((document) => {
				if (isDataset(document)) {
					this.clear(document.uri);
				}
			}),
		);
		this._register({ dispose: () => this.watchers.forEach((watcher) => watcher.dispose()) });
	}

	/** Whether the live linter reports on `uri`: it is open in an editor as a dataset. */
	static isLiveInEditor(uri: vscode.Uri): boolean {
		const document = openDocument(uri);
		return document !== undefined && isDataset(document);
	}

	/** Publishes the findings of `uri` as linted from disk, unless the editor's linter already reports on it. */
	show(uri: vscode.Uri, findings: readonly Finding[]): void {
		if (FileFindings.isLiveInEditor(uri)) {
			this.clear(uri);
			return;
		}
		this.collection.set(uri, findings.map(toDiagnostic));
		this.watch(uri);
	}

	clear(uri: vscode.Uri): void {
		this.collection.delete(uri);
		const key = uri.toString();
		this.watchers.get(key)?.dispose();
		this.watchers.delete(key);
	}

	private watch(uri: vscode.Uri): void {
		const key = uri.toString();
		if (this.watchers.has(key)) {
			return;
		}
		// A pattern for this one file, which may lie outside the workspace.
		const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), uri.path.split('/').pop() ?? ''));
		const stale = (): void => this.clear(uri);
		this.watchers.set(key, vscode.Disposable.from(watcher, watcher.onDidChange(stale), watcher.onDidDelete(stale), watcher.onDidCreate(stale)));
	}
}
