import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChatModelRef, ChatOpenRequest } from '../../src/chat/conversation';
import { recordFindings, type TrainingRecord } from '../../src/chat/records';
import { COMMANDS } from '../../src/contributes';
import { setRankDirectory } from '../../src/dataset/tokens';
import { startEmulator, type Emulator } from '../fixtures/openai-emulator';
import { PROJECT_ROOT } from '../host/paths';
import type { WebviewStep } from '../host/harnessProtocol';
import { connectToEmulator, disconnectFromEmulator } from './emulatorConnection';
import { keyboard, webview } from './harness';
import { waitFor } from './waitFor';
import { trainModel } from './trainedModel';
import { workspaceFile } from './workspace';

// The issue's acceptance item "save a reply as a training example and as a DPO pair (files checked,
// and lint clean)", end to end: the chat panel's own buttons, the file pick answered by keyboard,
// the file read back from disk (or the editor) and its new record put through the real linter.

const API_KEY = 'sk-test-ChatPanelSaveIntegration0123';
const CONNECTION = 'emu-chat-panel-save';
const JOB_SECONDS = 100;
const BASE = 'gpt-4o-mini-2024-07-18';
const TITLE = 'Fine-Tune Studio Chat';
const FOLDER = 'chat-panel-save';
const EXAMPLES = 'panel-examples.jsonl';
const PREFERENCES = 'panel-preferences.jsonl';
const OPEN_IN_EDITOR = 'panel-open-in-editor.jsonl';
const SYSTEM_PROMPT = 'You are the support assistant of Acme Lamps. Answer briefly and kindly.';
// Plain sentences: the reply's rendered text is then the model's text, character for character.
const FINE_TUNED_ANSWER = 'Hold the reset button for ten seconds until the light blinks twice.';
const BASE_ANSWER = 'Please consult the manual of your lamp.';

const inChat = (...steps: WebviewStep[]): Promise<unknown[]> => webview(TITLE, ...steps);
const text = async (uri: vscode.Uri): Promise<string> => Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
const file = (name: string) => workspaceFile(`${FOLDER}/${name}`);

/** Waits for the reply in `column` of `turn` to finish; its shown text. */
async function replyDone(turn: number, column: number): Promise<string> {
	let shown: { status?: string; text?: string } | undefined;
	await waitFor(
		async () => {
			const [value] = await inChat({
				evaluate: `(() => {
					const reply = document.querySelectorAll('.turn')[${turn}]?.querySelectorAll('.reply')[${column}];
					return reply && { status: reply.dataset.status, text: reply.querySelector('.text').textContent };
				})()`,
			});
			shown = (value ?? undefined) as typeof shown;
			return shown?.status === 'done';
		},
		`the reply in column ${column} of turn ${turn} to finish`,
		20_000,
	);
	return (shown?.text ?? '').trim();
}

/** Opens a new chat as `request` asks, with `columns` model columns shown. */
async function openChat(request: ChatOpenRequest, columns: number): Promise<void> {
	await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	await vscode.commands.executeCommand(COMMANDS.openChat, request);
	await inChat({ waitFor: `.column-head[data-column="${columns - 1}"]`, state: 'attached' }, { waitFor: '#draft' });
}

/** Fills the system prompt, sends `message`, and waits for every column's reply to finish; their texts. */
async function send(message: string, columns: number): Promise<string[]> {
	await inChat({ fill: '#system-prompt', text: SYSTEM_PROMPT }, { fill: '#draft', text: message }, { press: 'Enter', on: '#draft' });
	return Promise.all(Array.from({ length: columns }, (_, column) => replyDone(0, column)));
}

/** Answers the save's file pick titled `title` by keyboard: types the file's name and takes it. */
async function pickFile(title: string, name: string): Promise<void> {
	await keyboard(
		{ waitFor: `.quick-input-widget .quick-input-title:has-text("${title}")` },
		{ type: name },
		{ waitFor: `.quick-input-list .monaco-list-row.focused:has-text("${name}")` },
		{ press: 'Enter' },
	);
}

/** Waits until the reply in `column` says where its record went: `saying`, then the file's workspace path. */
async function showsOutcome(column: number, saying: string, name: string): Promise<void> {
	await inChat({ waitFor: `.reply[data-column="${column}"] :text("${saying} ${FOLDER}/${name}")` });
}

/** The linter's findings for `record` about to join `before`, for the base model the fine-tune trained, as saving checks it. */
const findings = (record: TrainingRecord, before: string) => recordFindings(record, { model: BASE, target: 'openai' }, before);

describe('Chat panel: saving replies through its buttons', () => {
	let emulator: Emulator;
	let fineTuned: ChatModelRef;
	let base: ChatModelRef;
	let sample: string;

	before(async () => {
		// The test's own copy of the linter reads the ranks the build ships, as the extension does.
		setRankDirectory(path.join(PROJECT_ROOT, 'dist', 'tokenizer'));
		emulator = await startEmulator({ clock: 'manual', jobSeconds: JOB_SECONDS });
		await connectToEmulator(emulator, CONNECTION, API_KEY);
		sample = await text(workspaceFile('datasets/support-chat.jsonl'));
		await vscode.workspace.fs.createDirectory(workspaceFile(FOLDER));
		await vscode.workspace.fs.writeFile(file(EXAMPLES), Buffer.from(sample));
		await vscode.workspace.fs.writeFile(file(PREFERENCES), Buffer.from(''));
		await vscode.workspace.fs.writeFile(file(OPEN_IN_EDITOR), Buffer.from(sample));
		// A job trained to its end: the emulator then serves its fine-tuned model.
		const { job, model } = await trainModel(emulator, API_KEY, { base: BASE, jobSeconds: JOB_SECONDS, suffix: 'support' });
		fineTuned = { connection: CONNECTION, model, api: 'chat', baseModel: BASE, jobId: job.id };
		base = { connection: CONNECTION, model: BASE, api: 'chat' };
	});

	after(async () => {
		await vscode.commands.executeCommand('notifications.clearAll');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await vscode.workspace.fs.delete(workspaceFile(FOLDER), { recursive: true });
		await disconnectFromEmulator(CONNECTION);
		await emulator.close();
	});

	it('Edit reply, then Save as training example: the file gets one chat record with the edited answer, lint clean', async () => {
		emulator.scriptReplies([FINE_TUNED_ANSWER]);
		await openChat({ model: fineTuned }, 1);
		const [answer] = await send('How do I reset my LL-40 lamp?', 1);
		assert.equal(answer, FINE_TUNED_ANSWER);

		const edited = 'Hold the reset button on the base for ten seconds, until the light blinks twice.';
		await inChat({ click: '.reply button:text-is("Edit reply")' }, { fill: '.reply textarea', text: edited }, { click: '.reply button:text-is("Save as training example")' });
		await pickFile('Save as Training Example', EXAMPLES);
		await showsOutcome(0, 'Saved to', EXAMPLES);

		const expected: TrainingRecord = {
			messages: [
				{ role: 'system', content: SYSTEM_PROMPT },
				{ role: 'user', content: 'How do I reset my LL-40 lamp?' },
				{ role: 'assistant', content: edited },
			],
		};
		assert.equal(await text(file(EXAMPLES)), `${sample}${JSON.stringify(expected)}\n`, 'every earlier byte kept, then exactly one new line');
		assert.deepEqual(findings(expected, sample), [], 'lint clean for the base model, alone and among the file\'s records');
		const [stillShown] = await inChat({ evaluate: `document.querySelector(".reply").textContent.includes("Saved to ${FOLDER}/${EXAMPLES}")` });
		assert.equal(stillShown, true, 'the outcome stays under the reply');
	});

	it('Prefer this one under the first column of a comparison: the file gets its DPO record, lint clean', async () => {
		emulator.scriptReplies([FINE_TUNED_ANSWER, BASE_ANSWER]);
		await openChat({ model: fineTuned, compareWith: [base] }, 2);
		const [preferred, other] = await send('My lamp will not turn on after a power cut. What do I do?', 2);
		// The two requests race for the scripted answers: the columns are read, not assumed.
		assert.deepEqual([preferred, other].sort(), [FINE_TUNED_ANSWER, BASE_ANSWER].sort());

		await inChat({ click: '.reply[data-column="0"] button:text-is("Prefer this one")' });
		await pickFile('Save Preference Pair', PREFERENCES);
		await showsOutcome(0, 'Saved to', PREFERENCES);

		const expected = {
			input: {
				messages: [
					{ role: 'system', content: SYSTEM_PROMPT },
					{ role: 'user', content: 'My lamp will not turn on after a power cut. What do I do?' },
				],
			},
			preferred_output: [{ role: 'assistant', content: preferred }],
			non_preferred_output: [{ role: 'assistant', content: other }],
		};
		const written = await text(file(PREFERENCES));
		assert.equal(written, `${JSON.stringify(expected)}\n`);
		assert.deepEqual(findings(JSON.parse(written) as TrainingRecord, ''), []);
	});

	it('saves to a file open in an editor as an edit of it, which Undo takes back', async () => {
		emulator.scriptReplies([FINE_TUNED_ANSWER]);
		await openChat({ model: fineTuned }, 1);
		const document = await vscode.workspace.openTextDocument(file(OPEN_IN_EDITOR));
		// Beside the chat, so the chat stays visible to click in.
		await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false, preserveFocus: true });
		await send('How do I reset my LL-40 lamp?', 1);

		await inChat({ click: '.reply button:text-is("Save as training example")' });
		await pickFile('Save as Training Example', OPEN_IN_EDITOR);
		await showsOutcome(0, 'Added to', OPEN_IN_EDITOR);
		const line = JSON.stringify({
			messages: [
				{ role: 'system', content: SYSTEM_PROMPT },
				{ role: 'user', content: 'How do I reset my LL-40 lamp?' },
				{ role: 'assistant', content: FINE_TUNED_ANSWER },
			],
		});
		assert.equal(document.getText(), `${sample}${line}\n`);
		assert.equal(document.isDirty, true);
		assert.equal(await text(file(OPEN_IN_EDITOR)), sample, 'the disk keeps its content until the user saves');

		await vscode.window.showTextDocument(document);
		await vscode.commands.executeCommand('undo');
		assert.equal(document.getText(), sample, 'Undo took the line back');
		await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
	});
});
