import * as vscode from 'vscode';
import { fixAllOfKind } from '../dataset/fixes';
import { DIAGNOSTIC_SOURCE, toRange, toWorkspaceEdit } from './convert';
import type { OpenDatasets } from './datasets';

/** Quick fixes for the linter's findings, one per fix, and "fix all of this kind in the file". */
export class DatasetCodeActions implements vscode.CodeActionProvider {
	static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

	constructor(private readonly datasets: OpenDatasets) {}

	provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
		if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) {
			return [];
		}
		const linter = this.datasets.get(document);
		if (!linter) {
			return [];
		}
		const findings = linter.findings();
		const actions: vscode.CodeAction[] = [];
		const offeredFixAll = new Set<string>();
		for (const diagnostic of context.diagnostics) {
			if (diagnostic.source !== DIAGNOSTIC_SOURCE) {
				continue;
			}
			const finding = findings.find((candidate) => candidate.code === diagnostic.code && candidate.message === diagnostic.message && toRange(candidate.range).isEqual(diagnostic.range));
			if (!finding?.fixes) {
				continue;
			}
			finding.fixes.forEach((fix, index) => {
				const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
				action.diagnostics = [diagnostic];
				action.isPreferred = index === 0;
				action.edit = toWorkspaceEdit(document.uri, fix.edits);
				actions.push(action);
			});
			if (!offeredFixAll.has(finding.code)) {
				offeredFixAll.add(finding.code);
				const all = fixAllOfKind(findings, finding.code);
				if (all.count > 1) {
					const action = new vscode.CodeAction(vscode.l10n.t('Fix all {0} problems of this kind ({1}) in the file', all.count, finding.code), vscode.CodeActionKind.QuickFix);
					action.edit = toWorkspaceEdit(document.uri, all.edits);
					actions.push(action);
				}
			}
		}
		return actions;
	}
}
