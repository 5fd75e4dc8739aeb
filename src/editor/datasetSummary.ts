import * as vscode from 'vscode';
import type { DatasetSummary } from '../dataset/stats';
import { lensSummary, shortSummary, summaryLines } from '../dataset/summaryText';
import { COMMANDS } from '../contributes';
import { ANY_DOCUMENT, type OpenDatasets } from './datasets';
import { escapeIcons, escapeMarkdown } from './markdown';

/** The status bar item's tooltip: the full summary, with the model id (a setting) shown literally. */
export function summaryTooltip(summary: DatasetSummary): vscode.MarkdownString {
	return new vscode.MarkdownString([...summaryLines(summary).map(escapeMarkdown), '', vscode.l10n.t('Click to change the target model.')].join('  \n'));
}

/**
 * The summary of the active dataset in the status bar (click: change the target model), and as a
 * CodeLens above line 1.
 */
export function registerDatasetSummary(datasets: OpenDatasets): vscode.Disposable {
	const item = vscode.window.createStatusBarItem('finetuneStudio.datasetSummary', vscode.StatusBarAlignment.Right, 100);
	item.name = vscode.l10n.t('Fine-Tune Studio: Dataset Summary');
	item.command = COMMANDS.selectTargetModel;

	const update = (): void => {
		const document = vscode.window.activeTextEditor?.document;
		const linter = document && datasets.get(document);
		if (!linter) {
			item.hide();
			return;
		}
		const summary = linter.summary();
		item.text = `$(beaker) ${escapeIcons(`${shortSummary(summary)} · ${summary.model}`)}`;
		item.tooltip = summaryTooltip(summary);
		item.backgroundColor = summary.errors > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
		item.show();
	};

	const lenses = new vscode.EventEmitter<void>();
	const lensProvider: vscode.CodeLensProvider = {
		onDidChangeCodeLenses: lenses.event,
		provideCodeLenses: (document) => {
			const linter = datasets.get(document);
			if (!linter) {
				return [];
			}
			return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: escapeIcons(lensSummary(linter.summary())), command: COMMANDS.selectTargetModel, tooltip: vscode.l10n.t('Change the target model') })];
		},
	};
	update();

	return vscode.Disposable.from(
		item,
		lenses,
		vscode.languages.registerCodeLensProvider(ANY_DOCUMENT, lensProvider),
		vscode.window.onDidChangeActiveTextEditor(update),
		datasets.onDidUpdate((document) => {
			if (document === vscode.window.activeTextEditor?.document) {
				update();
			}
			lenses.fire();
		}),
		datasets.onDidClose(update),
	);
}
