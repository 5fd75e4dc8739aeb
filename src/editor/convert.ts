import * as vscode from 'vscode';
import type { Finding, Range, Severity, TextEdit } from '../dataset/types';

/** The source every diagnostic of the linter carries. */
export const DIAGNOSTIC_SOURCE = 'Fine-Tune Studio';

export function toRange(range: Range): vscode.Range {
	return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

function toSeverity(severity: Severity): vscode.DiagnosticSeverity {
	switch (severity) {
		case 'error':
			return vscode.DiagnosticSeverity.Error;
		case 'warning':
			return vscode.DiagnosticSeverity.Warning;
		case 'info':
			return vscode.DiagnosticSeverity.Information;
	}
}

export function toDiagnostic(finding: Finding): vscode.Diagnostic {
	const diagnostic = new vscode.Diagnostic(toRange(finding.range), finding.message, toSeverity(finding.severity));
	diagnostic.code = finding.code;
	diagnostic.source = DIAGNOSTIC_SOURCE;
	return diagnostic;
}

export function toWorkspaceEdit(uri: vscode.Uri, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
	const edit = new vscode.WorkspaceEdit();
	for (const { range, newText } of edits) {
		edit.replace(uri, toRange(range), newText);
	}
	return edit;
}
