import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChatColumn, Conversation, Reply } from '../../src/chat/conversation';
import { ConversationStore } from '../../src/chat/history';
import { deleteConversation, exportConversations, renameConversation } from '../../src/chat/historyCommands';
import { conversationToJsonl, recordFindings, type TrainingRecord } from '../../src/chat/records';
import { saveToDataset, type SaveConnections, type SaveOutcome } from '../../src/chat/saveToDataset';
import type { Connection } from '../../src/connections';
import { COMMANDS } from '../../src/contributes';
import { setRankDirectory } from '../../src/dataset/tokens';
import { createOpenAIClient } from '../../src/openai/client';
import { ChatService } from '../../src/openai/chat';
import { FilesService } from '../../src/openai/files';
import { JobsService } from '../../src/openai/jobs';
import { ModelsService } from '../../src/openai/models';
import { MemoryMemento } from '../fixtures/memoryMemento';
import { startEmulator, type Emulator } from '../fixtures/openai-emulator';
import { PROJECT_ROOT } from '../host/paths';
import { keyboard } from './harness';
import { answerNextModal } from './modalAnswer';
import { showsNotification } from './notifications';
import { workspaceFile } from './workspace';

const API_KEY = 'sk-test-ChatSaveIntegration0123';
const CONNECTION = 'emu-chat-save';
const BASE_MODEL = 'gpt-4.1-mini-2025-04-14';
const SYSTEM = 'You are Ada, the support assistant of Lumen Lamps. Answer briefly and kindly.';
/** The job's training file, as a job launched here names it in its `dataset` metadata. */
const TRAINING = 'lamp-support.jsonl';
const LOG = { info: () => undefined, warn: () => undefined, error: () => undefined };

const done = (text: string): Reply => ({ text, status: 'done' });

/** Waits for the save's file pick, then picks the file named `name`. */
async function pickFile(name: string): Promise<void> {
	await keyboard({ waitFor: '.quick-input-widget .quick-input-title:has-text("Save")' }, { type: name }, { waitFor: `.quick-input-list .monaco-list-row.focused:has-text("${name}")` }, { press: 'Enter' });
}

const text = async (uri: vscode.Uri): Promise<string> => Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');

function savedLine(outcome: SaveOutcome): number {
	assert.ok(outcome.saved, `not saved: ${outcome.saved ? '' : outcome.reason}`);
	return outcome.line;
}

describe('Save to dataset: replies become training examples and preference pairs, and conversations export', () => {
	let emulator: Emulator;
	let connections: SaveConnections;
	let fineTune: ChatColumn;
	let base: ChatColumn;
	const folder = () => workspaceFile('chat-save');
	const training = () => workspaceFile(`chat-save/${TRAINING}`);
	const conversation = (id: string, columns: readonly ChatColumn[], turns: readonly [string, ...Reply[]][]): Conversation => ({
		id,
		title: '',
		createdAt: 1_764_000_000_000,
		updatedAt: 1_764_000_000_000,
		systemPrompt: SYSTEM,
		columns,
		turns: turns.map(([user, ...replies], index) => ({ id: `${id}-t${index}`, user, replies })),
	});

	before(async () => {
		// The test's own copy of the linter reads the ranks the build ships, as the extension does.
		setRankDirectory(path.join(PROJECT_ROOT, 'dist', 'tokenizer'));
		emulator = await startEmulator({ clock: 'manual' });
		const sample = await text(workspaceFile('datasets/support-chat.jsonl'));
		await vscode.workspace.fs.createDirectory(folder());
		// Without its last line break, as editors that do not add one leave a file.
		await vscode.workspace.fs.writeFile(training(), Buffer.from(sample.trimEnd()));
		await vscode.workspace.fs.writeFile(workspaceFile('chat-save/open-in-editor.jsonl'), Buffer.from(sample));
		await vscode.workspace.fs.writeFile(workspaceFile('chat-save/preferences.jsonl'), Buffer.from(''));

		// A job launched here: its metadata names the local training file.
		const client = createOpenAIClient({ apiKey: API_KEY, baseURL: emulator.baseURL });
		const services = { files: new FilesService(client), jobs: new JobsService(client), models: new ModelsService(client), chat: new ChatService(client) };
		const file = await services.files.upload(training().fsPath, { purpose: 'fine-tune' });
		const job = await services.jobs.create({ trainingFile: file.id, model: BASE_MODEL, method: 'supervised', metadata: { dataset: TRAINING } });
		const connection: Connection = { name: CONNECTION, kind: 'openai', baseUrl: emulator.baseURL };
		// The extension's Connections, narrowed to what saving uses: this connection, with its key.
		connections = { all: () => [connection], lintTarget: () => 'openai', servicesOf: async () => ({ connection, client, ...services }) };
		fineTune = { model: { connection: CONNECTION, model: `ft:${BASE_MODEL}:lumen::${job.id.slice(-8)}`, api: 'chat', baseModel: BASE_MODEL, jobId: job.id }, parameters: {} };
		base = { model: { connection: CONNECTION, model: BASE_MODEL, api: 'chat' }, parameters: { temperature: 0.2 } };
	});

	after(async () => {
		await vscode.commands.executeCommand('notifications.hideList');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await vscode.workspace.fs.delete(folder(), { recursive: true });
		await emulator.close();
	});

	it('offers the job\'s training file first and appends the example to it on disk: every earlier byte kept, the line exact and lint clean', async () => {
		const before = await text(training());
		const chat = conversation('sft', [fineTune], [
			['My lamp flickers when dimmed below 20%.', done('Is the bulb marked dimmable?')],
			['Yes, it is.', done('Then the dimmer may not suit LEDs: a trailing-edge dimmer fixes it.')],
		]);
		const saving = saveToDataset(connections, { kind: 'example', conversation: chat, turnIndex: 1, column: 0 });
		await keyboard(
			{ waitFor: '.quick-input-widget .quick-input-title:has-text("Save as Training Example")' },
			{ waitFor: `.quick-input-list:has-text("Training file of ${fineTune.model.jobId ?? ''}")` },
			{ waitFor: `.quick-input-list .monaco-list-row.focused:has-text("${TRAINING}")` },
			{ press: 'Enter' },
		);
		const outcome = await saving;
		const expected: TrainingRecord = {
			messages: [
				{ role: 'system', content: SYSTEM },
				{ role: 'user', content: 'My lamp flickers when dimmed below 20%.' },
				{ role: 'assistant', content: 'Is the bulb marked dimmable?' },
				{ role: 'user', content: 'Yes, it is.' },
				{ role: 'assistant', content: 'Then the dimmer may not suit LEDs: a trailing-edge dimmer fixes it.' },
			],
		};
		assert.equal(await text(training()), `${before}\n${JSON.stringify(expected)}\n`, 'a line break after the old last line, then the record');
		assert.equal(savedLine(outcome), before.split('\n').length + 1);
		assert.deepEqual(recordFindings(expected, { model: BASE_MODEL, target: 'openai' }), []);
		assert.ok(!vscode.workspace.textDocuments.some((document) => document.uri.toString() === training().toString()), 'written on disk, not opened');
		await showsNotification(`Saved to ${TRAINING} (line ${savedLine(outcome)})`);
		await vscode.commands.executeCommand('notifications.hideList');
	});

	it('appends an edited reply to a file open in an editor as an edit that Undo takes back, leaving the disk alone', async () => {
		const uri = workspaceFile('chat-save/open-in-editor.jsonl');
		const onDisk = await text(uri);
		const document = await vscode.workspace.openTextDocument(uri);
		await vscode.window.showTextDocument(document);
		const chat = conversation('edited', [base], [['How do I reset the LL-40?', done('Unplug it.')]]);
		const edited = 'Hold the button for 10 seconds until the light blinks twice.';
		const saving = saveToDataset(connections, { kind: 'example', conversation: chat, turnIndex: 0, column: 0, editedText: edited });
		await pickFile('open-in-editor.jsonl');
		const outcome = await saving;
		const line = JSON.stringify({ messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: 'How do I reset the LL-40?' }, { role: 'assistant', content: edited }] });
		assert.equal(document.getText(), `${onDisk}${line}\n`);
		assert.equal(savedLine(outcome), onDisk.split('\n').length);
		assert.equal(document.isDirty, true);
		assert.equal(await text(uri), onDisk, 'the disk keeps its content until the user saves');

		await vscode.window.showTextDocument(document);
		await vscode.commands.executeCommand('undo');
		assert.equal(document.getText(), onDisk);
		await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
	});

	it('writes a preference pair from Compare as OpenAI\'s DPO record, lint clean', async () => {
		const target = workspaceFile('chat-save/preferences.jsonl');
		const compare = conversation('dpo', [fineTune, base], [['My lamp hums.', done('A humming dimmer usually is a leading-edge one: swap it for a trailing-edge dimmer.'), done('Lamps can hum.')]]);
		const saving = saveToDataset(connections, { kind: 'preference', conversation: compare, turnIndex: 0, preferredColumn: 0, otherColumn: 1 });
		await pickFile('preferences.jsonl');
		assert.equal(savedLine(await saving), 1);
		const expected = {
			input: { messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: 'My lamp hums.' }] },
			preferred_output: [{ role: 'assistant', content: 'A humming dimmer usually is a leading-edge one: swap it for a trailing-edge dimmer.' }],
			non_preferred_output: [{ role: 'assistant', content: 'Lamps can hum.' }],
		};
		assert.equal(await text(target), `${JSON.stringify(expected)}\n`);
		assert.deepEqual(recordFindings(JSON.parse((await text(target)).trim()) as TrainingRecord, { model: BASE_MODEL, target: 'openai' }), []);
	});

	it('shows the linter\'s findings before saving a record that has some: dismissed, nothing is written; Save Anyway writes it', async () => {
		const target = workspaceFile('chat-save/preferences.jsonl');
		const beforeSaves = await text(target);
		const same = conversation('same', [fineTune, base], [['Hi', done('Hello! How can I help?'), done('Hello! How can I help?')]]);
		const request = { kind: 'preference', conversation: same, turnIndex: 0, preferredColumn: 1, otherColumn: 0 } as const;

		const dismissed = answerNextModal(undefined);
		try {
			const saving = saveToDataset(connections, request);
			await pickFile('preferences.jsonl');
			const asked = await dismissed.asked;
			assert.equal(asked.modal, true);
			assert.match(asked.message, /1 problem for gpt-4\.1-mini-2025-04-14\. Save it to preferences\.jsonl anyway\?/);
			assert.match(asked.detail ?? '', /non-preferred output is the same as the preferred one/);
			const outcome = await saving;
			assert.equal(outcome.saved, false);
		} finally {
			dismissed.restore();
		}
		assert.equal(await text(target), beforeSaves, 'nothing written');

		const accepted = answerNextModal('Save Anyway');
		try {
			const saving = saveToDataset(connections, request);
			await pickFile('preferences.jsonl');
			await accepted.asked;
			assert.equal(savedLine(await saving), 2);
		} finally {
			accepted.restore();
		}
	});

	it('warns before a preference pair goes into a file of chat examples, such as the job\'s training file', async () => {
		const before = await text(training());
		const compare = conversation('wrong-file', [fineTune, base], [['My lamp hums.', done('Swap the dimmer for a trailing-edge one.'), done('Lamps can hum.')]]);
		const dismissed = answerNextModal(undefined);
		try {
			const saving = saveToDataset(connections, { kind: 'preference', conversation: compare, turnIndex: 0, preferredColumn: 0, otherColumn: 1 });
			await pickFile(TRAINING);
			assert.match((await dismissed.asked).detail ?? '', /This preference \(DPO\) example sits in a file of 13 chat \(messages\) examples/);
			assert.equal((await saving).saved, false);
		} finally {
			dismissed.restore();
		}
		assert.equal(await text(training()), before);
	});

	it('refuses, with the reason, a reply that failed, without asking for a file', async () => {
		const failed = conversation('failed', [base], [['Hi', { text: '', status: 'failed', error: { kind: 'rate-limit', message: 'Rate limited' } }]]);
		const outcome = await saveToDataset(connections, { kind: 'example', conversation: failed, turnIndex: 0, column: 0 });
		assert.deepEqual(outcome, { saved: false, reason: `The reply of ${BASE_MODEL} to message 1 failed: retry it before saving it.` });
	});

	it('renames, exports (Compare: the replies picked) and deletes saved conversations', async () => {
		const commands = await vscode.commands.getCommands(true);
		for (const id of [COMMANDS.openConversation, COMMANDS.renameConversation, COMMANDS.deleteConversation, COMMANDS.exportConversation]) {
			assert.ok(commands.includes(id), `${id} is registered`);
		}
		const store = new ConversationStore(new MemoryMemento());
		const single = conversation('single', [fineTune], [
			['Does the LL-40 take E27 bulbs?', done('Yes, any E27 bulb up to 60 W.')],
			['And LED ones?', done('Yes, LED E27 bulbs work too.')],
		]);
		const compare = conversation('compare', [fineTune, base], [['My lamp hums.', done('Swap the dimmer for a trailing-edge one.'), done('Lamps can hum.')]]);
		await store.save(single);
		await store.save(compare);
		assert.equal(store.get('single')?.title, 'Does the LL-40 take E27 bulbs?', 'titled with its first message');

		// The newest is picked first; the input box starts from the current name.
		const renaming = renameConversation(store);
		await keyboard(
			{ waitFor: '.quick-input-widget .quick-input-title:has-text("Rename Chat Conversation")' },
			{ waitFor: '.quick-input-list .monaco-list-row.focused:has-text("My lamp hums."):has-text("gpt-4.1-mini-2025-04-14")' },
			{ press: 'Enter' },
			{ waitFor: '.quick-input-widget .quick-input-message:has-text("The new name")' },
			{ type: 'Humming lamp' },
			{ press: 'Enter' },
		);
		assert.equal(await renaming, 'Humming lamp');

		const target = workspaceFile('chat-save/export.jsonl');
		const exporting = exportConversations(store, LOG, ['single', 'compare'], target);
		await keyboard(
			{ waitFor: '.quick-input-widget .quick-input-title:has-text("Humming lamp")' },
			{ type: BASE_MODEL },
			{ waitFor: `.quick-input-list .monaco-list-row.focused:has-text("${BASE_MODEL}")` },
			{ press: 'Enter' },
		);
		assert.equal(await exporting, target.fsPath);
		assert.equal(await text(target), conversationToJsonl(single, 0) + conversationToJsonl(compare, 1));
		const lines = (await text(target)).trimEnd().split('\n');
		assert.deepEqual(
			lines.map((line) => (JSON.parse(line) as { messages: { content: string }[] }).messages.map((message) => message.content)),
			[
				[SYSTEM, 'Does the LL-40 take E27 bulbs?', 'Yes, any E27 bulb up to 60 W.', 'And LED ones?', 'Yes, LED E27 bulbs work too.'],
				[SYSTEM, 'My lamp hums.', 'Lamps can hum.'],
			],
		);
		for (const line of lines) {
			assert.deepEqual(recordFindings(JSON.parse(line) as TrainingRecord, { model: BASE_MODEL, target: 'openai' }), []);
		}

		const confirm = answerNextModal('Delete');
		try {
			assert.equal(await deleteConversation(store, 'compare'), true);
			assert.match((await confirm.asked).message, /Delete the conversation "Humming lamp"\?/);
		} finally {
			confirm.restore();
		}
		assert.deepEqual(
			store.list().map((saved) => saved.id),
			['single'],
		);
	});
});
