import * as vscode from 'vscode';
import { COMMANDS } from '../contributes';
import { convertFile, firstRecordLayout, type ConvertSummary } from '../dataset/convert/convertFile';
import { LAYOUT_NAMES, TARGET_NAMES, type ConversionTarget } from '../dataset/convert/records';
import { escapeNotificationLinks } from '../editor/markdown';
import { confirmReplace } from '../jobs/confirmReplace';
import type { Logger } from '../logger';
import { withSafeWrites, type SafeWriter } from '../safeWrite';
import { besideSource, datasetSource, showToolCancelled, showToolFailure, withCancellableProgress } from './fileCommand';

/** Thrown inside the write so that nothing is committed: an empty file named like a conversion would pass for one. */
class NothingConvertedError extends Error {
	constructor(readonly summary: ConvertSummary) {
		super('no record could be converted');
	}
}

/**
 * "Convert Dataset…": converts a .jsonl file to the layout the user picks, written beside it as
 * `<name>.<target>.jsonl`, then opens the result (where it gets linted). Local file work only, so
 * it runs in Restricted Mode too. Resolves to the written file, or undefined when nothing was written.
 */
export function registerConvertDataset(log: Logger): vscode.Disposable {
	const convert = async (target?: vscode.Uri): Promise<vscode.Uri | undefined> => {
		const source = await datasetSource(target, vscode.l10n.t('Convert Dataset'));
		if (!source) {
			return undefined;
		}
		const name = vscode.workspace.asRelativePath(source);
		const to = await pickTarget(source.fsPath);
		if (!to) {
			return undefined;
		}
		try {
			const converted = await withCancellableProgress(vscode.l10n.t('Converting {0} to {1}', name, TARGET_NAMES[to]), (signal) =>
				withSafeWrites([besideSource(source.fsPath, to)], { whenExists: confirmReplace }, async (writers) => {
					const summary = await convertFile(source.fsPath, { from: 'auto', to, signal }, writers[0] as SafeWriter);
					if (summary.converted === 0) {
						throw new NothingConvertedError(summary);
					}
					return summary;
				}),
			);
			if (!converted) {
				showToolCancelled(vscode.l10n.t('Conversion'), name, log);
				return undefined;
			}
			const written = vscode.Uri.file(converted.paths[0] as string);
			report(name, to, converted.result, vscode.workspace.asRelativePath(written), log);
			await vscode.window.showTextDocument(written);
			return written;
		} catch (error) {
			if (error instanceof NothingConvertedError) {
				report(name, to, error.summary, undefined, log);
			} else {
				showToolFailure(vscode.l10n.t('Conversion'), name, error, log);
			}
			return undefined;
		}
	};
	return vscode.commands.registerCommand(COMMANDS.convertDataset, convert);
}

/** Asks for the target layout; the title names the first record's layout, as a hint of what the file holds. */
async function pickTarget(file: string): Promise<ConversionTarget | undefined> {
	const detected = await firstRecordLayout(file).catch(() => undefined);
	const items: (vscode.QuickPickItem & { target: ConversionTarget })[] = [
		{ target: 'chat', label: 'chat', description: vscode.l10n.t('OpenAI chat: {"messages": [...]} for supervised fine-tuning') },
		{ target: 'dpo', label: 'dpo', description: vscode.l10n.t('OpenAI preference (DPO): input, preferred and non-preferred output') },
		{ target: 'trl-sft', label: 'trl-sft', description: vscode.l10n.t('TRL conversational: {"messages": [...]} for SFTTrainer') },
		{ target: 'trl-dpo', label: 'trl-dpo', description: vscode.l10n.t('TRL preference: prompt, chosen and rejected, for DPOTrainer') },
	];
	const picked = await vscode.window.showQuickPick(items, {
		title: detected ? vscode.l10n.t('Convert Dataset: the first record is {0}', LAYOUT_NAMES[detected]) : vscode.l10n.t('Convert Dataset'),
		placeHolder: vscode.l10n.t('Convert to which layout?'),
	});
	return picked?.target;
}

/** Tells the user what the conversion did; the skipped lines, by reason, go to the log. */
function report(name: string, to: ConversionTarget, summary: ConvertSummary, written: string | undefined, log: Logger): void {
	const skipped = summary.skipped.reduce((sum, group) => sum + group.count, 0);
	log.info(`converted ${summary.converted} of ${summary.records} records of ${name} to ${to}${written ? ` → ${written}` : ', nothing written'}`);
	for (const group of summary.skipped) {
		const more = group.count > group.lines.length ? ` and ${group.count - group.lines.length} more` : '';
		log.warn(`skipped ${group.count} of ${name} (${group.reason}): lines ${group.lines.join(', ')}${more}`);
	}
	const reasons = summary.skipped.map((group) => vscode.l10n.t('{0} ({1})', group.reason, group.count)).join('; ');
	// File names are the user's text, shown in a notification that renders links.
	const message = escapeNotificationLinks(
		written === undefined
			? vscode.l10n.t('No record of {0} could be converted to {1}: {2}', name, TARGET_NAMES[to], reasons)
			: skipped === 0
				? vscode.l10n.t('Converted {0} records of {1} to {2}: {3}', summary.converted, name, TARGET_NAMES[to], written)
				: vscode.l10n.t('Converted {0} of {1} records of {2} to {3}: {4}. Skipped {5}: {6}', summary.converted, summary.records, name, TARGET_NAMES[to], written, skipped, reasons),
	);
	if (skipped === 0) {
		void vscode.window.showInformationMessage(message);
		return;
	}
	const showLog = vscode.l10n.t('Show Skipped Lines');
	void (written === undefined ? vscode.window.showWarningMessage(message, showLog) : vscode.window.showInformationMessage(message, showLog)).then(async (choice) => {
		if (choice === showLog) {
			await vscode.commands.executeCommand(COMMANDS.showLog);
		}
	});
}
