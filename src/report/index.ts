import * as vscode from 'vscode';
import { COMMANDS } from '../contributes';
import { isDataset, type OpenDatasets } from '../editor/datasets';
import type { Logger } from '../logger';
import { webviewPanelOptions } from '../webviewHtml';
import { isReportViewState } from './protocol';
import { ReportPanel, type Rendered } from './reportPanel';
import { openDocument } from '../openDocument';

const VIEW_TYPE = 'finetuneStudio.datasetReport';

/**
 * "Show Dataset Report": one report panel per dataset, beside its editor, following the file as it
 * changes; restored by VS Code after a reload. Reads nothing but the file, so it works in Restricted
 * Mode. Returns what the webview drew, once it drew it.
 */
export function registerDatasetReport(datasets: OpenDatasets, extensionUri: vscode.Uri, log: Logger): vscode.Disposable {
	const panels = new Map<string, ReportPanel>();
	const deps = { extensionUri, datasets, log };

	const adopt = (webviewPanel: vscode.WebviewPanel, uri: vscode.Uri): ReportPanel => {
		const panel = new ReportPanel(webviewPanel, uri, deps);
		panels.set(uri.toString(), panel);
		webviewPanel.onDidDispose(() => {
			if (panels.get(uri.toString()) === panel) {
				panels.delete(uri.toString());
			}
		});
		return panel;
	};

	const show = async (target?: unknown): Promise<Rendered | undefined> => {
		const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
		if (!uri) {
			void vscode.window.showInformationMessage(vscode.l10n.t('Open a dataset (.jsonl) first, or right-click one in the Explorer, to see its report.'));
			return undefined;
		}
		let document: vscode.TextDocument;
		try {
			document = openDocument(uri) ?? (await vscode.workspace.openTextDocument(uri));
		} catch (error) {
			void vscode.window.showErrorMessage(vscode.l10n.t('Could not open {0}: {1}', vscode.workspace.asRelativePath(uri), error instanceof Error ? error.message : String(error)));
			return undefined;
		}
		if (!isDataset(document)) {
			void vscode.window.showWarningMessage(
				vscode.l10n.t('{0} is not a dataset: reports are for .jsonl files and the files finetuneStudio.datasetFilePatterns names.', vscode.workspace.asRelativePath(uri)),
			);
			return undefined;
		}
		// From the Explorer: the file beside its report, so that a click on a line lands in view.
		if (!vscode.window.visibleTextEditors.some((editor) => editor.document === document)) {
			await vscode.window.showTextDocument(document, { preview: true });
		}
		const existing = panels.get(uri.toString());
		if (existing) {
			existing.panel.reveal(undefined, true);
			return existing.refresh();
		}
		const webviewPanel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('Dataset Report'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewPanelOptions(extensionUri));
		return adopt(webviewPanel, uri).refresh();
	};

	return vscode.Disposable.from(
		{ dispose: () => [...panels.values()].forEach((panel) => panel.dispose()) },
		vscode.commands.registerCommand(COMMANDS.showDatasetReport, show),
		vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
			deserializeWebviewPanel: async (webviewPanel, state: unknown) => {
				webviewPanel.webview.options = webviewPanelOptions(extensionUri);
				if (!isReportViewState(state)) {
					webviewPanel.dispose();
					return;
				}
				const uri = vscode.Uri.parse(state.uri, true);
				const panel = adopt(webviewPanel, uri);
				try {
					// Opened (not shown) so that the linter reads it; its first update builds the report.
					await vscode.workspace.openTextDocument(uri);
					void panel.refresh();
				} catch (error) {
					const reason = error instanceof Error ? error.message : String(error);
					log.warn(`could not reopen the report of ${state.uri}: ${reason}`);
					panel.detach(vscode.l10n.t('Could not open {0} again: {1}', vscode.workspace.asRelativePath(uri), reason));
				}
			},
		}),
	);
}
