import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { screenshot } from './harness';
import { workspaceFile } from './workspace';

const SOURCE = 'Fine-Tune Studio';

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
	return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE);
}

/** Resolves once the linter's diagnostics of `uri` satisfy `ready`. */
function diagnosticsWhen(uri: vscode.Uri, ready: (diagnostics: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
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
function lineCodes(diagnostics: readonly vscode.Diagnostic[]): string[] {
	return diagnostics.map((diagnostic) => `${diagnostic.range.start.line + 1}:${String(diagnostic.code)}`).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

describe('Dataset linter in the editor', () => {
	const broken = workspaceFile('datasets/broken.jsonl');

	after(async () => {
		await vscode.commands.executeCommand('workbench.action.files.revert');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	it('reports the exact lines and codes of a broken dataset', async () => {
		const document = await vscode.workspace.openTextDocument(broken);
		await vscode.window.showTextDocument(document);
		const diagnostics = await diagnosticsWhen(broken, (found) => found.length > 0);
		assert.deepEqual(lineCodes(diagnostics), [
			'1:dataset.too-few-examples',
			'3:chat.nothing-to-learn',
			'3:chat.unknown-role',
			'5:jsonl.invalid-json',
			'6:jsonl.blank-line',
			'7:dataset.mixed-formats',
			'7:format.model-mismatch',
			'11:chat.nothing-to-learn',
		]);
		const invalidJson = diagnostics.find((diagnostic) => diagnostic.code === 'jsonl.invalid-json');
		// The trailing comma: jsonc-parser places the error at the "]" that follows it.
		assert.equal(document.getText(invalidJson?.range), ']');
		const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', broken);
		assert.match(lenses[0]?.command?.title ?? '', /^9 examples · 470 tokens \(mean 52, p95 88, max 88\) · 11 epochs · ~\$0\.02 · gpt-4o-mini-2024-07-18$/);
		await vscode.commands.executeCommand('workbench.actions.view.problems');
		await screenshot('broken-dataset-problems');
	});

	it('applies a quick fix through the code action provider, and the diagnostic goes away', async () => {
		const before = ours(broken).find((diagnostic) => diagnostic.code === 'chat.unknown-role');
		assert.ok(before);
		const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', broken, before.range, vscode.CodeActionKind.QuickFix.value);
		const fix = actions.find((action) => action.title === 'Change the role to "assistant"');
		assert.ok(fix?.edit, `no role fix among: ${actions.map((action) => action.title).join(', ')}`);
		assert.ok(await vscode.workspace.applyEdit(fix.edit));
		const after = await diagnosticsWhen(broken, (found) => !found.some((diagnostic) => diagnostic.code === 'chat.unknown-role'));
		assert.ok(!lineCodes(after).includes('3:chat.nothing-to-learn'), 'line 3 now has an assistant to learn from');
	});

	it('builds "fix all of this kind" only when it is chosen, and it removes every finding of the kind', async () => {
		const file = workspaceFile('datasets/unknown-keys.jsonl');
		const lines = Array.from({ length: 10 }, (_, index) => JSON.stringify({ id: index, messages: [{ role: 'user', content: `Q${index}` }, { role: 'assistant', content: `A${index}` }] }));
		await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(`${lines.join('\n')}\n`));
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
		const diagnostics = await diagnosticsWhen(file, (found) => found.filter((diagnostic) => diagnostic.code === 'record.unknown-key').length === 10);
		const first = diagnostics.find((diagnostic) => diagnostic.code === 'record.unknown-key');
		assert.ok(first);
		const title = 'Fix all 10 problems of this kind (record.unknown-key) in the file';
		const unresolved = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', file, first.range, vscode.CodeActionKind.QuickFix.value);
		assert.deepEqual(
			unresolved.map((action) => [action.title, action.edit !== undefined]),
			[
				['Remove "id"', true],
				[title, false],
			],
		);
		const resolved = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', file, first.range, vscode.CodeActionKind.QuickFix.value, 2);
		const fixAll = resolved.find((action) => action.title === title);
		assert.ok(fixAll?.edit);
		assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
		await diagnosticsWhen(file, (found) => !found.some((diagnostic) => diagnostic.code === 'record.unknown-key'));
		await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
		await vscode.workspace.fs.delete(file);
	});

	it('checks a validation file against the training file named after it', async () => {
		const training = await vscode.workspace.fs.readFile(workspaceFile('datasets/support-chat.jsonl'));
		const lines = new TextDecoder().decode(training).split('\n');
		await vscode.workspace.fs.writeFile(workspaceFile('datasets/pair/train.jsonl'), training);
		const validation = workspaceFile('datasets/pair/valid.jsonl');
		await vscode.workspace.fs.writeFile(validation, new TextEncoder().encode([...lines.slice(0, 3), ...lines.slice(0, 12).map((line) => line.replace('Ada', 'Bea'))].join('\n')));
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(validation));
		const diagnostics = await diagnosticsWhen(validation, (found) => found.some((diagnostic) => diagnostic.code === 'dataset.validation-overlap'));
		assert.deepEqual(lineCodes(diagnostics).filter((entry) => entry.endsWith('overlap')), ['1:dataset.validation-overlap', '2:dataset.validation-overlap', '3:dataset.validation-overlap']);
		await vscode.workspace.fs.delete(workspaceFile('datasets/pair'), { recursive: true });
	});

	it('validates a file from disk with the Validate Dataset File command and publishes its findings', async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		const file = workspaceFile('datasets/legacy-completions.jsonl');
		await vscode.commands.executeCommand('finetuneStudio.validateFile', file);
		const mismatches = vscode.languages.getDiagnostics(file).filter((diagnostic) => diagnostic.source === SOURCE && diagnostic.code === 'format.model-mismatch');
		assert.equal(mismatches.length, 10);
		await screenshot('validate-file');
	});

	it('shows the token count of a message and its example on hover', async () => {
		const document = await vscode.workspace.openTextDocument(workspaceFile('datasets/support-chat.jsonl'));
		await vscode.window.showTextDocument(document);
		const column = document.lineAt(0).text.indexOf('"user"') + 2;
		const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(0, column));
		const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
		assert.match(text, /messages\[1\] \(user\)\*\*: \d+ tokens/);
		assert.match(text, /\*\*Example\*\*: \d+ tokens/);
		assert.match(text, /o200k_base/);
	});
});
