// "Save as training example" and "Prefer this one": the record is built from the conversation, the
// user picks the dataset file (the job's training file first when it is in the workspace), the
// linter checks the record for the model it would train, and the line is appended: as an edit of
// the open document when the file is open (so Undo takes it back), else through the safe writer.
import { lstat, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Connections } from '../connections';
import type { LintTarget } from '../dataset/lineLint';
import { resolveModel } from '../dataset/models';
import { getSetting } from '../editor/config';
import { escapeNotificationLinks } from '../editor/markdown';
import type { Logger } from '../logger';
import type { ValueItem } from '../jobs/quickInput';
import { appendLineSafely, TargetChangedError, UnsafeTargetError } from '../safeWrite';
import type { ChatModelRef, Conversation } from './conversation';
import { preferencePairOf, recordFindings, toJsonLine, trainingExampleOf, type Built, type Refusal, type TrainingRecord } from './records';
import { openDocument } from '../openDocument';

/** A reply to turn into training data: an SFT example, or (Compare) a DPO pair preferring one column over another. */
export type SaveRequest =
	| { readonly kind: 'example'; readonly conversation: Conversation; readonly turnIndex: number; readonly column: number; readonly editedText?: string }
	| { readonly kind: 'preference'; readonly conversation: Conversation; readonly turnIndex: number; readonly preferredColumn: number; readonly otherColumn: number };

/**
 * Where the record went (the file and its line, from 1, and whether it is an unsaved edit in the file's
 * editor), or why nothing was written (dismissed, or findings the user did not accept).
 */
export type SaveOutcome = { readonly saved: true; readonly file: vscode.Uri; readonly line: number; readonly inEditor: boolean } | { readonly saved: false; readonly reason: string };

/** What saving needs of the connections: the model's service kind (the lint target) and its API, to find the job's training file. */
export type SaveConnections = Pick<Connections, 'all' | 'lintTarget' | 'servicesOf'>;

/** How many workspace `.jsonl` files the pick offers. */
const WORKSPACE_FILE_LIMIT = 200;
/** Files up to this size are read whole to check the record against their other records. */
const WHOLE_FILE_CHECK_BYTES = 64 * 1024 * 1024;

/**
 * Builds the record `request` asks for, lets the user pick the dataset file, shows the linter's
 * findings for the target model before anything is written, and appends the record as the file's
 * last line. Says where it went ("Open File"), or why not; the outcome says the same to the caller.
 */
export async function saveToDataset(connections: SaveConnections, request: SaveRequest, log?: Logger): Promise<SaveOutcome> {
	const { conversation } = request;
	const built: Built<TrainingRecord> =
		request.kind === 'example'
			? trainingExampleOf(conversation, request.turnIndex, request.column, request.editedText)
			: preferencePairOf(conversation, request.turnIndex, request.preferredColumn, request.otherColumn);
	if ('refusal' in built) {
		const reason = refusalText(conversation, built.refusal);
		void vscode.window.showErrorMessage(escapeNotificationLinks(reason));
		return { saved: false, reason };
	}
	const model = conversation.columns[request.kind === 'example' ? request.column : request.preferredColumn]?.model as ChatModelRef;

	const file = await pickDatasetFile(connections, model, request.kind, log);
	if (!file) {
		return { saved: false, reason: vscode.l10n.t('No file was picked.') };
	}
	const lintModel = lintModelOf(model, file);
	const findings = recordFindings(built.record, { model: lintModel, target: lintTargetOf(connections, model) }, await existingText(file));
	if (findings.length > 0) {
		const saveAnyway = vscode.l10n.t('Save Anyway');
		const choice = await vscode.window.showWarningMessage(
			findings.length === 1
				? vscode.l10n.t('The record has 1 problem for {0}. Save it to {1} anyway?', lintModel, path.basename(file.fsPath))
				: vscode.l10n.t('The record has {0} problems for {1}. Save it to {2} anyway?', findings.length, lintModel, path.basename(file.fsPath)),
			{ modal: true, detail: findings.map((found) => `• ${found.message}`).join('\n') },
			saveAnyway,
		);
		if (choice !== saveAnyway) {
			return { saved: false, reason: vscode.l10n.t('The record has problems for {0}; it was not saved.', lintModel) };
		}
	}

	const line = toJsonLine(built.record);
	let appended: Appended;
	try {
		appended = await appendLine(file, line);
	} catch (error) {
		const reason = appendFailure(file, error);
		log?.error(`could not save the record to ${path.basename(file.fsPath)}: ${reason}`);
		void vscode.window.showErrorMessage(escapeNotificationLinks(vscode.l10n.t('Could not save to {0}: {1}', path.basename(file.fsPath), reason)));
		return { saved: false, reason };
	}
	log?.info(`saved a ${request.kind === 'example' ? 'training example' : 'preference pair'} to ${path.basename(file.fsPath)}, line ${appended.line}${appended.inEditor ? ' (in its editor)' : ''}`);
	announceSaved(file, appended, built.omittedTurns);
	return { saved: true, file, line: appended.line, inEditor: appended.inEditor };
}

/** What the user reads when no record can be made. */
function refusalText(conversation: Conversation, refusal: Refusal): string {
	switch (refusal.kind) {
		case 'no-such-turn':
		case 'no-such-column':
			return vscode.l10n.t('That reply is no longer in the conversation.');
		case 'empty-edit':
			return vscode.l10n.t('The edited reply is empty: write the answer the model should give, then save it.');
		case 'same-column':
			return vscode.l10n.t('A preference pair needs two different replies.');
		case 'completions-preference':
			return vscode.l10n.t('{0} is a legacy completions model: preference (DPO) records are for chat models.', modelName(conversation, refusal.column));
		case 'no-reply': {
			const model = modelName(conversation, refusal.column);
			const turn = refusal.turnIndex + 1;
			if (refusal.status === 'failed') {
				return vscode.l10n.t('The reply of {0} to message {1} failed: retry it before saving it.', model, turn);
			}
			if (refusal.status === 'streaming') {
				return vscode.l10n.t('{0} is still answering message {1}: save the reply once it is complete.', model, turn);
			}
			return vscode.l10n.t('{0} has no reply to message {1} to save.', model, turn);
		}
	}
}

function modelName(conversation: Conversation, column: number): string {
	return conversation.columns[column]?.model.model ?? vscode.l10n.t('The model');
}

/**
 * The model the record would train: the base of a fine-tuned model when known, the model itself when
 * the linter knows it, else the target model setting for the file.
 */
function lintModelOf(model: ChatModelRef, file: vscode.Uri): string {
	return model.baseModel ?? (resolveModel(model.model) ? model.model : getSetting('targetModel', file));
}

/** The service kind the record is checked for: the model's connection's, else the editor's. */
function lintTargetOf(connections: SaveConnections, model: ChatModelRef): LintTarget {
	return connections.all().find((connection) => connection.name === model.connection)?.kind ?? connections.lintTarget();
}

/** Lets the user pick the dataset to append to: the job's training file, the workspace's `.jsonl` files, or any file. */
async function pickDatasetFile(connections: SaveConnections, model: ChatModelRef, kind: SaveRequest['kind'], log: Logger | undefined): Promise<vscode.Uri | undefined> {
	const chooseFile = vscode.l10n.t('$(folder-opened) Choose File…');
	const items = Promise.all([vscode.workspace.findFiles('**/*.jsonl', '**/node_modules/**', WORKSPACE_FILE_LIMIT), trainingFileNames(connections, model, log)]).then(([found, trainingNames]) => {
		const files = [...found].sort((a, b) => a.fsPath.localeCompare(b.fsPath));
		const isTraining = (uri: vscode.Uri) => trainingNames.has(path.basename(uri.fsPath));
		const item = (uri: vscode.Uri): ValueItem<vscode.Uri> => ({
			label: path.basename(uri.fsPath),
			description: vscode.workspace.asRelativePath(path.dirname(uri.fsPath)),
			value: uri,
		});
		const training = files.filter(isTraining);
		const others = files.filter((uri) => !isTraining(uri));
		const picks: ValueItem<vscode.Uri>[] = [];
		if (training.length > 0) {
			picks.push({ label: vscode.l10n.t('Training file of {0}', model.jobId ?? model.model), kind: vscode.QuickPickItemKind.Separator }, ...training.map(item));
		}
		if (others.length > 0) {
			picks.push({ label: vscode.l10n.t('Workspace'), kind: vscode.QuickPickItemKind.Separator }, ...others.map(item));
		}
		picks.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: chooseFile, alwaysShow: true });
		return picks;
	});
	const picked = await vscode.window.showQuickPick(items, {
		title: kind === 'example' ? vscode.l10n.t('Save as Training Example') : vscode.l10n.t('Save Preference Pair'),
		placeHolder: vscode.l10n.t('Append the record to which dataset file?'),
		matchOnDescription: true,
		ignoreFocusOut: true,
	});
	if (!picked) {
		return undefined;
	}
	if (picked.value) {
		return picked.value;
	}
	const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
	return vscode.window.showSaveDialog({
		title: vscode.l10n.t('Append the Record to…'),
		saveLabel: vscode.l10n.t('Append Here'),
		filters: { [vscode.l10n.t('JSON Lines')]: ['jsonl'] },
		...(folder ? { defaultUri: vscode.Uri.joinPath(folder, kind === 'example' ? 'training.jsonl' : 'preferences.jsonl') } : {}),
	});
}

/**
 * The names the local file of the model's training data may have: the `dataset` metadata a job
 * launched here carries (the local file's name), and the uploaded file's name. Empty when the model
 * did not come from a job or the server cannot say; the pick works without them.
 */
async function trainingFileNames(connections: SaveConnections, model: ChatModelRef, log: Logger | undefined): Promise<ReadonlySet<string>> {
	const names = new Set<string>();
	const connection = connections.all().find((candidate) => candidate.name === model.connection);
	if (!connection || (model.jobId === undefined && model.trainingFileId === undefined)) {
		return names;
	}
	try {
		const services = await connections.servicesOf(connection);
		let fileId = model.trainingFileId;
		if (model.jobId !== undefined) {
			const job = await services.jobs.retrieve(model.jobId);
			const dataset = job.metadata?.['dataset'];
			if (dataset) {
				names.add(dataset);
			}
			fileId ??= job.training_file;
		}
		if (fileId) {
			names.add((await services.files.retrieve(fileId)).filename);
		}
	} catch (error) {
		log?.warn(`could not find the training file of ${model.jobId ?? model.model}: ${error instanceof Error ? error.message : String(error)}`);
	}
	// A name from the server is matched against workspace files' names, never used as a path.
	return new Set([...names].filter((name) => name === path.basename(name)));
}

/**
 * The text the record joins, for the checks against the file's other records: the open document's,
 * else the file's on disk. Empty for a new file, and for one too large to read whole, which then gets
 * the record's own checks alone.
 */
async function existingText(file: vscode.Uri): Promise<string> {
	const document = openDocument(file);
	if (document) {
		return document.getText();
	}
	if (file.scheme !== 'file') {
		return '';
	}
	const stats = await lstat(file.fsPath).catch(() => undefined);
	return stats?.isFile() && stats.size <= WHOLE_FILE_CHECK_BYTES ? readFile(file.fsPath, 'utf8') : '';
}


/** Where a line went: its number, from 1, and whether it is an unsaved edit in the file's editor. */
interface Appended {
	readonly line: number;
	readonly inEditor: boolean;
}

/** Appends `line` to `file`: an edit of its open document when there is one (Undo takes it back), else on disk. */
async function appendLine(file: vscode.Uri, line: string): Promise<Appended> {
	const document = openDocument(file);
	if (document) {
		return { line: await appendToDocument(document, line), inEditor: true };
	}
	if (file.scheme !== 'file') {
		throw new Error(vscode.l10n.t('only files on disk can be appended to'));
	}
	return { line: (await appendLineSafely(file.fsPath, line)).line, inEditor: false };
}

/**
 * Inserts `line` at the end of the open `document` as one edit, in the document's line ending; the
 * document is left unsaved, like any edit. A line break goes first when the text does not end with one.
 */
async function appendToDocument(document: vscode.TextDocument, line: string): Promise<number> {
	const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
	const end = document.lineAt(document.lineCount - 1).range.end;
	const endsOpen = end.character > 0;
	const edit = new vscode.WorkspaceEdit();
	edit.insert(document.uri, end, `${endsOpen ? eol : ''}${line}${eol}`);
	if (!(await vscode.workspace.applyEdit(edit))) {
		throw new Error(vscode.l10n.t('the editor refused the edit'));
	}
	return end.line + (endsOpen ? 2 : 1);
}

function appendFailure(file: vscode.Uri, error: unknown): string {
	if (UnsafeTargetError.is(error)) {
		return error.kind === 'symlink' ? vscode.l10n.t('it is a symbolic link, which is not written through') : vscode.l10n.t('it is not a regular file');
	}
	if (TargetChangedError.is(error)) {
		return vscode.l10n.t('{0} changed while the record was being added; nothing was written. Save again.', path.basename(file.fsPath));
	}
	return error instanceof Error ? error.message : String(error);
}

/** "Saved to <file> (line N)" (or, in an open editor, added there and unsaved), with Open File, which shows the line. */
function announceSaved(file: vscode.Uri, appended: Appended, omittedTurns: readonly number[]): void {
	const name = path.basename(file.fsPath);
	const { line } = appended;
	const saved = appended.inEditor ? vscode.l10n.t('Added to {0} (line {1}) in its editor; save the file to keep it.', name, line) : vscode.l10n.t('Saved to {0} (line {1}).', name, line);
	const omitted =
		omittedTurns.length === 0
			? ''
			: omittedTurns.length === 1
				? vscode.l10n.t('Message {0} is left out: this model did not answer it.', (omittedTurns[0] as number) + 1)
				: vscode.l10n.t('Messages {0} are left out: this model did not answer them.', omittedTurns.map((turn) => turn + 1).join(', '));
	const openFile = vscode.l10n.t('Open File');
	void vscode.window.showInformationMessage(escapeNotificationLinks(omitted === '' ? saved : `${saved} ${omitted}`), openFile).then(async (choice) => {
		if (choice === openFile) {
			const position = new vscode.Position(line - 1, 0);
			await vscode.window.showTextDocument(file, { selection: new vscode.Range(position, position) });
		}
	});
}
