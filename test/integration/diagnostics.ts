import * as vscode from 'vscode';

/** The `source` of the linter's diagnostics. */
export const SOURCE = 'Fine-Tune Studio';

/** The linter's diagnostics of `uri`. */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
	return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE);
}

/** Resolves once the linter's diagnostics of `uri` satisfy `ready`. */
export function diagnosticsWhen(uri: vscode.Uri, ready: (diagnostics: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
	return new Promise((resolve, reject) => {
		const check = (): boolean => {
			const diagnostics = ours(uri);
			if (ready(diagnostics)) {
				subscription.dispose();
				clearTimeout(timer);
				resolve(diagnostics);
				return true;
			}
			return false;
		};
		const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
			if (event.uris.some((changed) => changed.toString() === uri.toString())) {
				check();
			}
		});
		const timer = setTimeout(() => {
			subscription.dispose();
			reject(new Error(`diagnostics of ${uri.path} never got ready; they are: ${lineCodes(ours(uri)).join(', ')}`));
		}, 20_000);
		check();
	});
}

/** `line:code` with 1-based lines, as a person reads them in the Problems view. */
export function lineCodes(diagnostics: readonly vscode.Diagnostic[]): string[] {
	return diagnostics.map((diagnostic) => `${diagnostic.range.start.line + 1}:${String(diagnostic.code)}`).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
