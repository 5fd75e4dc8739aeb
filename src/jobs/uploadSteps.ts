import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileObject } from 'openai/resources/files';
import { getSetting } from '../editor/config';
import type { FileFindings } from '../editor/diagnostics';
import { byteProgress, lintFileWithProgress } from '../editor/progress';
import { escapeNotificationLinks } from '../editor/markdown';
import type { Logger } from '../logger';
import type { FilesService } from '../openai/files';
import type { FileLintResult } from '../dataset/fileLint';
import type { LintTarget } from '../dataset/lineLint';
import type { RecordFormat } from '../dataset/types';
import { formatBytes } from '../byteSize';
import { openDocument } from '../openDocument';

/** What the lint before an upload decided. */
export interface LintVerdict {
	/** False when the user was shown errors and did not choose "Upload Anyway", or cancelled. */
	readonly proceed: boolean;
	/** The examples' hashes, to check a validation file against this training file. */
	readonly hashes?: ReadonlySet<number>;
	/** The format most of the file's examples have. */
	readonly format?: RecordFormat;
}

/** Options of {@link lintBeforeUpload}. */
export interface LintBeforeUploadOptions {
	readonly model: string;
	/** The kind of the connection that receives the file. */
	readonly target: LintTarget;
	/** Where a refused file's findings are shown. */
	readonly problems: FileFindings;
	readonly log: Logger;
	/** Set when linting a validation file: its examples are checked for overlap with the training file's. */
	readonly trainingHashes?: ReadonlySet<number>;
}

/** Lints `uri` for `model` on a `target` service under a cancellable progress notification; undefined when the user cancels. */
function checkForUpload(uri: vscode.Uri, model: string, target: LintTarget, log: Logger, trainingHashes?: ReadonlySet<number>): Promise<FileLintResult | undefined> {
	const name = path.basename(uri.fsPath);
	return lintFileWithProgress(uri.fsPath, vscode.l10n.t('Checking {0} for {1}', name, model), {
		model,
		target,
		prices: getSetting('trainingPrices', uri),
		trainingHashes,
	}).then((result) => {
		if (!result) {
			log.info(`check of ${name} cancelled`);
		}
		return result;
	});
}

/**
 * The checks of one dataset during one fine-tune launch, one per target model: the wizard needs the
 * file's format and size before it offers methods and a cost, and the upload then decides on the
 * same result, so going back and forth in the wizard lints no file twice.
 */
export class DatasetChecks {
	private readonly results = new Map<string, FileLintResult>();

	constructor(
		readonly uri: vscode.Uri,
		/** The kind of the connection the launch goes to. */
		readonly target: LintTarget,
		private readonly log: Logger,
	) {}

	/** The file linted for `model`; undefined when the user cancelled the check. */
	async for(model: string): Promise<FileLintResult | undefined> {
		const known = this.results.get(model);
		if (known) {
			return known;
		}
		const result = await checkForUpload(this.uri, model, this.target, this.log);
		if (result) {
			this.results.set(model, result);
		}
		return result;
	}
}

/**
 * Lints `uri` for `model` before it is uploaded, then decides as {@link confirmUpload} does.
 */
export async function lintBeforeUpload(uri: vscode.Uri, options: LintBeforeUploadOptions): Promise<LintVerdict> {
	const result = await checkForUpload(uri, options.model, options.target, options.log, options.trainingHashes);
	return result ? confirmUpload(uri, result, options) : { proceed: false };
}

/**
 * Decides on a lint of `uri` before it is uploaded. With errors, publishes them to the Problems view
 * and asks, without a modal, whether to upload anyway; a file OpenAI would reject costs the user a
 * round trip, but the linter may be stricter than OpenAI, so the user keeps the last word.
 */
export async function confirmUpload(uri: vscode.Uri, result: FileLintResult, options: Omit<LintBeforeUploadOptions, 'trainingHashes'>): Promise<LintVerdict> {
	const name = path.basename(uri.fsPath);
	const errors = result.findings.filter((finding) => finding.severity === 'error').sort((a, b) => a.range.start.line - b.range.start.line);
	if (errors.length === 0) {
		options.problems.clear(uri);
		return { proceed: true, hashes: result.hashes, format: result.summary.format };
	}
	options.problems.show(uri, result.findings);
	const first = errors[0] as (typeof errors)[number];
	options.log.warn(`${name} has ${errors.length} errors for ${options.model}; the first on line ${first.range.start.line + 1}: ${first.message}`);
	const uploadAnyway = vscode.l10n.t('Upload Anyway');
	const showProblems = vscode.l10n.t('Show Problems');
	// The finding quotes the dataset (a role, a key), and the model is a setting.
	const choice = await vscode.window.showWarningMessage(
		escapeNotificationLinks(
			errors.length === 1
				? vscode.l10n.t('{0} has 1 error for {1}, on line {2}: {3}', name, options.model, first.range.start.line + 1, first.message)
				: vscode.l10n.t('{0} has {1} errors for {2}; the first is on line {3}: {4}', name, errors.length, options.model, first.range.start.line + 1, first.message),
		),
		uploadAnyway,
		showProblems,
	);
	if (choice === showProblems) {
		await vscode.commands.executeCommand('workbench.actions.view.problems');
	}
	if (choice === uploadAnyway) {
		options.log.info(`uploading ${name} despite its errors, as asked`);
		return { proceed: true, hashes: result.hashes, format: result.summary.format };
	}
	return { proceed: false };
}

/**
 * Uploads the file with a progress notification in bytes ("12.3 MB of 140.0 MB") whose Cancel
 * aborts the transfer. Rejects with an `ApiError` of kind `cancelled` when cancelled.
 */
export async function uploadWithProgress(files: FilesService, filePath: string, connectionName: string, log: Logger): Promise<FileObject> {
	const name = path.basename(filePath);
	const started = performance.now();
	const file = await vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Uploading {0} to {1}', name, connectionName), cancellable: true },
		(progress, token) => {
			const abort = new AbortController();
			token.onCancellationRequested(() => abort.abort());
			return files.upload(filePath, { signal: abort.signal, onProgress: byteProgress(progress) });
		},
	);
	const seconds = (performance.now() - started) / 1000;
	log.info(`uploaded ${name} to ${connectionName} as ${file.id}: ${formatBytes(file.bytes)} in ${seconds.toFixed(1)} s`);
	return file;
}

/** Saves the file's open document if it has unsaved changes: the upload reads the file from disk. */
export async function saveIfDirty(uri: vscode.Uri): Promise<void> {
	const document = openDocument(uri);
	if (document?.isDirty) {
		await document.save();
	}
}

/**
 * The dataset a command works on: the file it was invoked on (explorer or editor title menu), else
 * the active editor's file, else one the user picks. Undefined when the user picks none.
 */
export async function datasetFileOf(argument: unknown, title: string): Promise<vscode.Uri | undefined> {
	if (argument instanceof vscode.Uri) {
		return argument;
	}
	const active = vscode.window.activeTextEditor?.document.uri;
	if (active?.scheme === 'file' && /\.(jsonl|ndjson)$/i.test(active.fsPath)) {
		return active;
	}
	const picked = await vscode.window.showOpenDialog({ title, canSelectMany: false, filters: { [vscode.l10n.t('JSON Lines')]: ['jsonl', 'ndjson'] } });
	return picked?.[0];
}
