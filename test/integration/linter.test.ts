import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticsWhen, lineCodes, ours, SOURCE } from './diagnostics';
import { screenshot } from './harness';
import { summaryTooltip } from '../../src/editor/datasetSummary';
import { workspaceFile } from './workspace';

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
		// The trailing comma itself, not the "]" after it where jsonc-parser places the error.
		assert.equal(document.getText(invalidJson?.range), ',');
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

	it('reports a UTF-16 dataset as UTF-16, once, whether the editor decodes it or not', async () => {
		const source = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('datasets/support-chat.jsonl')));
		const utf16 = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(source, 'utf16le')]));
		const file = workspaceFile('datasets/utf16/utf16.jsonl');
		await vscode.workspace.fs.writeFile(file, utf16);
		try {
			const document = await vscode.workspace.openTextDocument(file);
			await vscode.window.showTextDocument(document);
			const diagnostics = await diagnosticsWhen(file, (found) => found.some((diagnostic) => diagnostic.code === 'jsonl.utf16'));
			assert.ok(!diagnostics.some((diagnostic) => diagnostic.code === 'jsonl.invalid-json' || diagnostic.code === 'jsonl.invalid-utf8'), lineCodes(diagnostics).join(', '));
		} finally {
			await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
			await vscode.workspace.fs.delete(workspaceFile('datasets/utf16'), { recursive: true });
		}
	});

	it('reports the byte order mark of a UTF-8 file, which VS Code keeps out of the text, for OpenAI, and takes it for an Azure default connection', async () => {
		const source = await vscode.workspace.fs.readFile(workspaceFile('datasets/support-chat.jsonl'));
		const file = workspaceFile('datasets/bom/bom.jsonl');
		await vscode.workspace.fs.writeFile(file, new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), source])));
		try {
			const document = await vscode.workspace.openTextDocument(file);
			await vscode.window.showTextDocument(document);
			const diagnostics = await diagnosticsWhen(file, (found) => found.some((diagnostic) => diagnostic.code === 'jsonl.bom'));
			assert.equal(document.encoding, 'utf8bom');
			assert.ok(!document.getText().startsWith('\uFEFF'));
			assert.deepEqual(lineCodes(diagnostics), ['1:jsonl.bom']);
			assert.equal(diagnostics[0]?.severity, vscode.DiagnosticSeverity.Error);

			// Azure asks for the mark: with an Azure connection as the default, the same file is clean.
			const settings = vscode.workspace.getConfiguration('finetuneStudio');
			await settings.update('connections', [{ name: 'lint-azure', kind: 'azure', baseUrl: 'https://lint-azure.openai.azure.com/' }], vscode.ConfigurationTarget.Global);
			await settings.update('defaultConnection', 'lint-azure', vscode.ConfigurationTarget.Global);
			assert.deepEqual(lineCodes(await diagnosticsWhen(file, (found) => !found.some((diagnostic) => diagnostic.code === 'jsonl.bom'))), []);
		} finally {
			const settings = vscode.workspace.getConfiguration('finetuneStudio');
			await settings.update('connections', undefined, vscode.ConfigurationTarget.Global);
			await settings.update('defaultConnection', undefined, vscode.ConfigurationTarget.Global);
			await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
			await vscode.workspace.fs.delete(workspaceFile('datasets/bom'), { recursive: true });
		}
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
		assert.match(text, /messages\\\[1\\\] \\\(user\\\)\*\*: \d+ tokens/);
		assert.match(text, /\*\*Example\*\*: \d+ tokens/);
		assert.match(text, /o200k_base/);
	});

	it('says on hover when the target model is unknown and the limit is the largest known one', async () => {
		const dataset = workspaceFile('datasets/support-chat.jsonl');
		const document = await vscode.workspace.openTextDocument(dataset);
		await vscode.window.showTextDocument(document);
		const settings = vscode.workspace.getConfiguration('finetuneStudio', dataset);
		await settings.update('targetModel', 'gpt-4o-mnii', vscode.ConfigurationTarget.Workspace);
		try {
			await diagnosticsWhen(dataset, (found) => found.some((diagnostic) => diagnostic.code === 'dataset.unknown-model'));
			const column = document.lineAt(0).text.indexOf('"user"') + 2;
			const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', dataset, new vscode.Position(0, column));
			const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
			assert.match(text, /a model the checks do not know: examples are held to the largest known limit, 200,000 tokens/);
		} finally {
			await settings.update('targetModel', undefined, vscode.ConfigurationTarget.Workspace);
		}
	});

	it('shows a role from the dataset literally on hover: no link, no image, and the same for the model in the status bar tooltip', async () => {
		const role = '![t](https://attacker.example/beacon.png) [Re-enter your API key](https://phish.example) www.phish.example <b>x</b>';
		const document = await vscode.workspace.openTextDocument({ language: 'jsonl', content: `${JSON.stringify({ messages: [{ role, content: 'hi' }, { role: 'assistant', content: 'hello' }] })}\n` });
		const editor = await vscode.window.showTextDocument(document);
		const position = new vscode.Position(0, document.lineAt(0).text.indexOf('Re-enter'));
		const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
		const value = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).find((text) => text.includes('tokens'));
		assert.ok(value, 'our hover');
		assertLiteral(value, role);
		assert.match(value, /\*\*: \d+ tokens/, 'our own markdown still renders');

		editor.selection = new vscode.Selection(position, position);
		await vscode.commands.executeCommand('editor.action.showHover');
		await screenshot('hover-hostile-role');
		await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

		const model = '[Re-enter your API key](https://phish.example) $(alert)';
		const tooltip = summaryTooltip({ model, examples: 1, tokens: { total: 9, min: 9, mean: 9, p95: 9, max: 9 }, estimate: { epochs: 3, billedTokens: 27 }, errors: 0, warnings: 0 });
		assertLiteral(tooltip.value, model);
	});
});

/** `value` holds `text` so that markdown shows it as it is: unescaped, it reads the same; raw, no link or image syntax is left. */
function assertLiteral(value: string, text: string): void {
	assert.ok(value.replace(/\\([!-/:-@[-`{-~])/g, '$1').includes(text), `${value} shows ${text}`);
	assert.doesNotMatch(value, /(?<!\\)\]\(|(?<!\\)!\[|(?<!\\)<|https:\/\/|www\./, 'no live link, image, HTML or autolink');
}
