import * as vscode from 'vscode';
import { COMMANDS } from '../contributes';
import { dedupeFile, sampleFile, shuffleFile, type OutputOptions } from '../dataset/fileTools';
import { MAX_SEED, parseSampleSize, parseSeed } from '../dataset/toolInputs';
import { escapeNotificationLinks } from '../editor/markdown';
import { confirmReplace } from '../jobs/confirmReplace';
import type { Logger } from '../logger';
import { besideSource, datasetSource, showToolCancelled, showToolFailure, withCancellableProgress } from './fileCommand';

/** What a reshaping command asked for: its progress title and how it writes the output. */
interface Reshaping {
	readonly title: string;
	/** Writes the output beside the source and says, in one line, what it did. */
	run(source: string, options: OutputOptions): Promise<{ path: string; summary: string }>;
}

/**
 * "Deduplicate Dataset…", "Sample Dataset…" and "Shuffle Dataset…": the command line's dedupe,
 * sample and shuffle over a .jsonl file, written beside it through the safe writer, then opened.
 * Each resolves to the written file, or undefined when nothing was written.
 */
export function registerReshapeCommands(log: Logger): vscode.Disposable {
	// The command's handler: the file, what to do with it (`ask`), then the output written and opened.
	const reshape =
		(name: string, ask: (file: string) => Promise<Reshaping | undefined>) =>
		async (target?: vscode.Uri): Promise<vscode.Uri | undefined> => {
			const source = await datasetSource(target, name);
			if (!source) {
				return undefined;
			}
			const file = vscode.workspace.asRelativePath(source);
			const reshaping = await ask(file);
			if (!reshaping) {
				return undefined;
			}
			try {
				const done = await withCancellableProgress(reshaping.title, (signal) => reshaping.run(source.fsPath, { whenExists: confirmReplace, signal }));
				if (!done) {
					showToolCancelled(name, file, log);
					return undefined;
				}
				log.info(`${file}: ${done.summary}`);
				void vscode.window.showInformationMessage(escapeNotificationLinks(done.summary));
				const written = vscode.Uri.file(done.path);
				await vscode.window.showTextDocument(written);
				return written;
			} catch (error) {
				showToolFailure(name, file, error, log);
				return undefined;
			}
		};
	const dedupe = reshape(vscode.l10n.t('Deduplicate Dataset'), async (file) => {
		const exact = { label: vscode.l10n.t('Exact duplicates'), description: vscode.l10n.t('the same line, white space around it aside'), near: false };
		const near = { label: vscode.l10n.t('Near duplicates'), description: vscode.l10n.t('also records whose text differs only in white space and case'), near: true };
		const picked = await vscode.window.showQuickPick([exact, near], { title: vscode.l10n.t('Deduplicate {0}', file) });
		if (!picked) {
			return undefined;
		}
		return {
			title: vscode.l10n.t('Deduplicating {0}', file),
			run: async (source, options) => {
				const result = await dedupeFile(source, besideSource(source, 'dedupe'), { ...options, near: picked.near });
				for (const group of result.groups) {
					log.info(`${file}: ${group.count} duplicates: lines ${group.lines.join(', ')}`);
				}
				const written = vscode.workspace.asRelativePath(result.path);
				return { path: result.path, summary: vscode.l10n.t('Kept {0} of {1} examples of {2}, removing {3} duplicates in {4} groups: {5}', result.kept, result.examples, file, result.examples - result.kept, result.groupCount, written) };
			},
		};
	});
	const sample = reshape(vscode.l10n.t('Sample Dataset'), async (file) => {
		const sizeText = await vscode.window.showInputBox({
			title: vscode.l10n.t('Sample {0}', file),
			prompt: vscode.l10n.t('How many examples: a count (500) or a fraction (0.1)'),
			validateInput: (text) => (parseSampleSize(text) ? undefined : vscode.l10n.t('A whole number above 0, or a fraction above 0 up to 1')),
		});
		const size = sizeText === undefined ? undefined : parseSampleSize(sizeText);
		const seed = size && (await askSeed(file));
		if (!size || seed === undefined) {
			return undefined;
		}
		return {
			title: vscode.l10n.t('Sampling {0}', file),
			run: async (source, options) => {
				const result = await sampleFile(source, besideSource(source, 'sample'), size, seed, options);
				return { path: result.path, summary: vscode.l10n.t('Sampled {0} of {1} examples of {2} (seed {3}): {4}', result.sampled, result.examples, file, seed, vscode.workspace.asRelativePath(result.path)) };
			},
		};
	});
	const shuffle = reshape(vscode.l10n.t('Shuffle Dataset'), async (file) => {
		const seed = await askSeed(file);
		if (seed === undefined) {
			return undefined;
		}
		return {
			title: vscode.l10n.t('Shuffling {0}', file),
			run: async (source, options) => {
				const result = await shuffleFile(source, besideSource(source, 'shuffled'), seed, options);
				return { path: result.path, summary: vscode.l10n.t('Shuffled {0} examples of {1} (seed {2}): {3}', result.examples, file, seed, vscode.workspace.asRelativePath(result.path)) };
			},
		};
	});
	return vscode.Disposable.from(
		vscode.commands.registerCommand(COMMANDS.dedupeDataset, dedupe),
		vscode.commands.registerCommand(COMMANDS.sampleDataset, sample),
		vscode.commands.registerCommand(COMMANDS.shuffleDataset, shuffle),
	);
}

/** The seed of a sample or shuffle: the same seed gives the same output; blank is 0. */
async function askSeed(file: string): Promise<number | undefined> {
	const seedTyped = (text: string): number | undefined => (text.trim() === '' ? 0 : parseSeed(text));
	const text = await vscode.window.showInputBox({
		title: vscode.l10n.t('Seed for {0}', file),
		prompt: vscode.l10n.t('The same seed gives the same result; leave blank for 0'),
		value: '0',
		validateInput: (value) => (seedTyped(value) === undefined ? vscode.l10n.t('A whole number from 0 to {0}', MAX_SEED) : undefined),
	});
	return text === undefined ? undefined : seedTyped(text);
}
