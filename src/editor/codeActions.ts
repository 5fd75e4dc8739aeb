import * as vscode from 'vscode';
import type { FindingCode } from '../dataset/codes';
import { fixAllOfKind } from '../dataset/fixes';
import type { Finding } from '../dataset/types';
import { DIAGNOSTIC_SOURCE, toRange, toWorkspaceEdit } from './convert';
import type { OpenDatasets } from './datasets';

/** "Fix all of this kind": its edit, which may span the whole file, is built only when it is chosen. */
class FixAllAction extends vscode.CodeAction {
	constructor(
		readonly document: vscode.TextDocument,
		readonly code: FindingCode,
		count: number,
	) {
		super(vscode.l10n.t('Fix all {0} problems of this kind ({1}) in the file', count, code), vscode.CodeActionKind.QuickFix);
	}
}

/**
 * Quick fixes for the linter's findings, one per fix, and "fix all of this kind in the file". The
 * linting pass leaves fixes unbuilt; the fixes of the diagnostics asked about are built here, from
 * their lines alone.
 */
export class DatasetCodeActions implements vscode.CodeActionProvider<vscode.CodeAction> {
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
		const ours = context.diagnostics.filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
		const matches = (finding: Finding, diagnostic: vscode.Diagnostic): boolean => finding.code === diagnostic.code && finding.message === diagnostic.message && toRange(finding.range).isEqual(diagnostic.range);
		const findings = linter.findingsWithFixes((finding) => ours.some((diagnostic) => matches(finding, diagnostic)));
		const actions: vscode.CodeAction[] = [];
		const offeredFixAll = new Set<string>();
		for (const diagnostic of ours) {
			const finding = findings.find((candidate) => matches(candidate, diagnostic));
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
				const count = findings.filter((candidate) => candidate.code === finding.code && (candidate.fixes || candidate.fixable)).length;
				if (count > 1) {
					actions.push(new FixAllAction(document, finding.code, count));
				}
			}
		}
		return actions;
	}

	resolveCodeAction(action: vscode.CodeAction): vscode.CodeAction {
		const linter = action instanceof FixAllAction ? this.datasets.get(action.document) : undefined;
		if (action instanceof FixAllAction && linter) {
			action.edit = toWorkspaceEdit(action.document.uri, fixAllOfKind(linter.findingsWithFixes((finding) => finding.code === action.code), action.code).edits);
		}
		return action;
	}
}
