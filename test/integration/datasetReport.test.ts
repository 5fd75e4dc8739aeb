import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contributes';
import type { Rendered } from '../../src/report/reportPanel';
import type { WebviewStep } from '../host/harnessProtocol';
import { keyboard, network, screenshot, webview } from './harness';
import { THEMES, workbench } from './themes';
import { waitFor } from './waitFor';
import { workspaceFile } from './workspace';

const TITLE = 'Dataset Report';
const inReport = (...steps: WebviewStep[]): Promise<unknown[]> => webview(TITLE, ...steps);
const SYSTEM_PROMPTS = ['You are Ada, the support assistant of Lumen Lamps. Answer briefly and kindly.', 'You are a terse assistant: one sentence at most.'];
/** The zero-based line of the one long example, and of the copies of line 3. */
const LONGEST_LINE = 77;
const COPIES_OF_LINE_3 = [40, 90];
const EXAMPLES = 120;

/** A support dataset of `EXAMPLES` examples: one to four turns each, two system prompts (and none on every third), answers of varied length. */
function demoDataset(): string {
	const lines: string[] = [];
	for (let index = 0; index < EXAMPLES; index++) {
		const messages: { role: string; content: string }[] = index % 3 === 2 ? [] : [{ role: 'system', content: SYSTEM_PROMPTS[index % 3] as string }];
		for (let turn = 0; turn <= index % 4; turn++) {
			messages.push({ role: 'user', content: `Question ${index}.${turn} about the Halo lamp: ${'why does it '.repeat((index * 7 + turn) % 12)}flicker?` });
			const words = index === LONGEST_LINE ? 1500 : (index * 13 + turn * 5) % 90;
			messages.push({ role: 'assistant', content: `Answer ${index}.${turn}: ${'check the dimmer '.repeat(words)}then call us.` });
		}
		lines.push(JSON.stringify({ messages }));
	}
	for (const line of COPIES_OF_LINE_3) {
		lines[line] = lines[3] as string;
	}
	return `${lines.join('\n')}\n`;
}

/** What the report shows as text (the webview's whole page, its words flattened). */
async function reportText(): Promise<string> {
	const [text] = await inReport({ evaluate: 'document.body.innerText' });
	return String(text).replace(/\s+/g, ' ');
}

describe('Dataset report', () => {
	const file = workspaceFile('datasets/report-demo.jsonl');
	let previousTheme: string | undefined;
	let document: vscode.TextDocument;

	before(async () => {
		previousTheme = workbench().inspect<string>('colorTheme')?.globalValue;
		await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(demoDataset()));
		document = await vscode.workspace.openTextDocument(file);
		await vscode.window.showTextDocument(document);
	});

	after(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await workbench().update('colorTheme', previousTheme, vscode.ConfigurationTarget.Global);
		await vscode.commands.executeCommand('workbench.view.explorer');
		await vscode.workspace.fs.delete(file);
	});

	it("opens from the dataset's CodeLens beside the file, and draws the token histogram and what the file holds", async () => {
		const lenses = await waitFor(
			async () => {
				const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file);
				return found.find((lens) => lens.command?.command === COMMANDS.showDatasetReport);
			},
			'the report lens',
		);
		const rendered = await vscode.commands.executeCommand<Rendered | undefined>(COMMANDS.showDatasetReport, ...(lenses.command?.arguments ?? []));
		assert.ok(rendered && rendered.bars > 1, `a histogram of several bars: ${JSON.stringify(rendered)}`);
		const text = await reportText();
		for (const expected of ['report-demo.jsonl', String(EXAMPLES), SYSTEM_PROMPTS[0] as string, 'system', 'user', 'assistant']) {
			assert.ok(text.includes(expected), `the report shows ${expected}: ${text.slice(0, 400)}`);
		}
		assert.deepEqual((await network()).cspViolations, [], 'nothing the report did broke its content security policy');
	});

	it('jumps to an example from its line: the longest, and a copy in a duplicate group', async () => {
		for (const line of [LONGEST_LINE, COPIES_OF_LINE_3[1] as number]) {
			await inReport({ click: `.line-link[aria-label="Show line ${line + 1} in the editor"]` });
			await waitFor(() => vscode.window.activeTextEditor?.document === document && vscode.window.activeTextEditor.selection.active.line === line, `line ${line + 1} selected in the dataset`);
		}
	});

	it('follows the file as it changes: examples added show at once', async () => {
		const edit = new vscode.WorkspaceEdit();
		const extra = Array.from({ length: 5 }, (_, index) => JSON.stringify({ messages: [{ role: 'user', content: `Added ${index}` }, { role: 'assistant', content: `Reply ${index}` }] }));
		edit.insert(file, new vscode.Position(document.lineCount - 1, 0), `${extra.join('\n')}\n`);
		assert.ok(await vscode.workspace.applyEdit(edit));
		await waitFor(async () => (await reportText()).includes(String(EXAMPLES + 5)), `${EXAMPLES + 5} examples in the report`);
	});

	it('opens from the status bar summary too, and is drawn in the light, dark and high-contrast themes', async () => {
		await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
		await keyboard({ click: '.statusbar-item:has-text("examples")' });
		// The report from its top, with room: the explorer closed.
		await vscode.commands.executeCommand('workbench.action.closeSidebar');
		await inReport({ evaluate: 'window.scrollTo(0, 0), document.activeElement?.blur(), true' });
		for (const [theme, themeClass, name] of THEMES) {
			await workbench().update('colorTheme', theme, vscode.ConfigurationTarget.Global);
			await keyboard({ waitFor: `.monaco-workbench.${themeClass}` });
			const rendered = await waitFor(async () => {
				const drawn = await vscode.commands.executeCommand<Rendered | undefined>(COMMANDS.showDatasetReport, file);
				return drawn?.theme.includes(name === 'hc' ? 'high-contrast' : name) ? drawn : undefined;
			}, `the report drawn in ${name}`);
			assert.ok(rendered.bars > 1);
			await screenshot(`dataset-report-${name}`);
		}
		// Below the histogram, in the dark: who speaks, the system prompts, the duplicates.
		const [, darkClass] = THEMES[1];
		await workbench().update('colorTheme', THEMES[1][0], vscode.ConfigurationTarget.Global);
		await keyboard({ waitFor: `.monaco-workbench.${darkClass}` });
		await inReport({ evaluate: 'document.getElementById("messages-heading").scrollIntoView(), true' });
		await screenshot('dataset-report-sections-dark');
	});

	it('says so when its file is closed, keeping what it showed', async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await vscode.commands.executeCommand(COMMANDS.showDatasetReport, file);
		// Closing the editor is not closing the document: VS Code keeps it a while. Renaming the language does.
		// A report asked for meanwhile will not be drawn: its caller hears so rather than waiting on.
		const asked = vscode.commands.executeCommand<Rendered | undefined>(COMMANDS.showDatasetReport, file);
		await vscode.languages.setTextDocumentLanguage(document, 'plaintext');
		// Drawn before the change, or undefined after it: either way it settles.
		await asked;
		await inReport({ waitFor: '.detached' });
		assert.ok((await reportText()).includes(String(EXAMPLES + 5)));
	});
});
