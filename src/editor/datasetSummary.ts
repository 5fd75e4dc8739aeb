import * as vscode from 'vscode';
import type { DatasetSummary } from '../dataset/stats';
import { lensSummary, shortSummary, summaryLines } from '../dataset/summaryText';
import { COMMANDS } from '../contributes';
import { ANY_DOCUMENT, type OpenDatasets } from './datasets';
import { escapeIcons, escapeMarkdown } from './markdown';

/**
 * The status bar item's tooltip: the full summary, with the model id (a setting) shown literally.
 * Untrusted markdown, so it holds no command link: the report and the CodeLens change the model.
 */
export function summaryTooltip(summary: DatasetSummary): vscode.MarkdownString {
	return new vscode.MarkdownString([...summaryLines(summary).map(escapeMarkdown), '', vscode.l10n.t('Click to show the dataset report, where Change Model… picks another target model.')].join('  \n'));
}

/**
 * The summary of the active dataset in the status bar (click: its report), and as a CodeLens above
 * line 1 (click: change the target model) beside one that opens the report.
 */
export function registerDatasetSummary(datasets: OpenDatasets): vscode.Disposable {
	const item = vscode.window.createStatusBarItem('finetuneStudio.datasetSummary', vscode.StatusBarAlignment.Right, 100);
	item.name = vscode.l10n.t('Fine-Tune Studio: Dataset Summary');

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
		item.command = { command: COMMANDS.showDatasetReport, title: vscode.l10n.t('Show Dataset Report'), arguments: [document.uri] };
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
			const top = new vscode.Range(0, 0, 0, 0);
			return [
				new vscode.CodeLens(top, { title: escapeIcons(lensSummary(linter.summary())), command: COMMANDS.selectTargetModel, tooltip: vscode.l10n.t('Change the target model') }),
				new vscode.CodeLens(top, { title: `$(graph) ${vscode.l10n.t('Dataset Report')}`, command: COMMANDS.showDatasetReport, arguments: [document.uri], tooltip: vscode.l10n.t('Show the dataset report: token histogram, roles, duplicates, longest and shortest examples') }),
			];
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
