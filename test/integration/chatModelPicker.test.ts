import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChatModelRef } from '../../src/chat/conversation';
import { pickChatModel } from '../../src/chat/modelPicker';
import { defaultSystemPrompt } from '../../src/chat/systemPrompt';
import { Connections } from '../../src/connections';
import { EntraTokens } from '../../src/connections/entra';
import { ConnectionKeyStore, keySecretName } from '../../src/connections/keyStore';
import { COMMANDS } from '../../src/contributes';
import { type createOpenAIClient } from '../../src/openai/client';
import { FilesService } from '../../src/openai/files';
import { JobsService } from '../../src/openai/jobs';
import { startEmulator, type Emulator } from '../fixtures/openai-emulator';
import { connectToEmulator, disconnectFromEmulator } from './emulatorConnection';
import { keyboard, screenshot, webview } from './harness';
import { trainModel } from './trainedModel';

const API_KEY = 'sk-test-ChatModelPickerIntegration0123';
const CONNECTION = 'emu-chat';
const JOB_SECONDS = 100;
const BASE = 'gpt-4.1-mini-2025-04-14';
const SUFFIX = 'picker-bot';
const DATASET = 'support-chat.jsonl';
const ADA = 'You are Ada, the support assistant of Lumen Lamps. Answer briefly and kindly.';
const CHAT_TAB = '.tabs-container .tab:has-text("Fine-Tune Studio Chat")';

const settings = () => vscode.workspace.getConfiguration('finetuneStudio');
const pickerShown = { waitFor: '.quick-input-widget .quick-input-title:has-text("Chat with Model")' };
/** The quick pick's row at `index`, once it shows every one of `texts` (a group's name sits on its first row). */
const pickRow = (index: number, ...texts: string[]) => ({ waitFor: `.quick-input-list .monaco-list-row[data-index="${index}"]${texts.map((text) => `:has-text("${text}")`).join('')}` });
const focusedPickRow = (text: string) => ({ waitFor: `.quick-input-list .monaco-list-row.focused:has-text("${text}")` });

/** Runs Chat with Model from the palette (no row): it asks with the picker and resolves to the model the chat opened with. */
function chatWithPickedModel(): Thenable<ChatModelRef | undefined> {
	return vscode.commands.executeCommand<ChatModelRef | undefined>(COMMANDS.chatWithModel);
}

/**
 * Connections of the test's own, over the same settings, with the emulator's key in a secret storage in
 * memory: for what the extension calls without a command of its own (the chat panel calls them).
 */
function testConnections(): Connections {
	const values = new Map([[keySecretName(CONNECTION), API_KEY]]);
	const secrets = {
		get: async (secret: string) => values.get(secret),
		store: async (secret: string, value: string) => void values.set(secret, value),
		delete: async (secret: string) => void values.delete(secret),
		onDidChange: new vscode.EventEmitter<vscode.SecretStorageChangeEvent>().event,
	} as vscode.SecretStorage;
	// The migration of old settings is done.
	const state = { get: () => true, update: async () => undefined, keys: () => [] } as unknown as vscode.Memento;
	const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
	return new Connections(new ConnectionKeyStore(secrets), new EntraTokens(), state, log);
}

describe('The chat model picker and Chat with Model', () => {
	let emulator: Emulator;
	let localServer: Emulator;
	let modelId: string;
	let jobId: string;
	let trainingFileId: string;
	let client: ReturnType<typeof createOpenAIClient>;

	before(async () => {
		emulator = await startEmulator({ clock: 'manual', jobSeconds: JOB_SECONDS });
		await connectToEmulator(emulator, CONNECTION, API_KEY);
		// A job made elsewhere and trained to its end: the emulator then lists its model and checkpoints.
		const trained = await trainModel(emulator, API_KEY, { base: BASE, jobSeconds: JOB_SECONDS, dataset: DATASET, epochs: 2, suffix: SUFFIX, metadata: { dataset: DATASET } });
		client = trained.client;
		modelId = trained.model;
		jobId = trained.job.id;
		trainingFileId = trained.trainingFileId;
	});

	after(async () => {
		await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await disconnectFromEmulator(CONNECTION);
		await vscode.commands.executeCommand('workbench.view.explorer');
		await localServer?.close();
		await emulator.close();
	});

	it('groups fine-tuned models, checkpoints and base models; picking the fine-tuned model by keyboard opens the chat with it, its base, job and training file', async () => {
		const picked = chatWithPickedModel();
		// Each group's name sits on its first row; the emulator keeps two checkpoints of the job.
		await keyboard(
			pickerShown,
			pickRow(0, 'Fine-tuned models', modelId, BASE, 'shuts down'),
			pickRow(1, 'Checkpoints of recent jobs', `${modelId}:ckpt-step-`),
			pickRow(2, `${modelId}:ckpt-step-`),
			pickRow(3, 'Base models', 'gpt-4.1-2025-04-14', 'shuts down'),
			{ waitFor: '.quick-input-widget:not(:has(.quick-input-progress.active))' },
		);
		await screenshot('chat-model-picker');
		await keyboard(focusedPickRow(modelId), { press: 'Enter' });
		assert.deepEqual(await picked, { connection: CONNECTION, model: modelId, api: 'chat', baseModel: BASE, jobId, trainingFileId });
		await keyboard({ waitFor: CHAT_TAB });
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	it('takes a typed model id that matches nothing listed, and a legacy fine-tune goes to the Completions API', async () => {
		let picked = chatWithPickedModel();
		await keyboard(pickerShown, { type: 'my-deployment' }, focusedPickRow("Use 'my-deployment' as model id"), { press: 'Enter' });
		assert.deepEqual(await picked, { connection: CONNECTION, model: 'my-deployment', api: 'chat' });
		// The chat that opened takes the focus once drawn, which would close a picker shown meanwhile.
		await webview('Fine-Tune Studio Chat', { waitFor: '#draft' });
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');

		picked = chatWithPickedModel();
		await keyboard(pickerShown, { type: 'ft:davinci-002:personal::legacy1' }, focusedPickRow("Use 'ft:davinci-002:personal::legacy1' as model id"), { press: 'Enter' });
		assert.deepEqual(await picked, { connection: CONNECTION, model: 'ft:davinci-002:personal::legacy1', api: 'completions', baseModel: 'davinci-002' });
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	it('opens the chat from a Models view row, by keyboard through its context menu, with the job the model came from; and from job and checkpoint rows', async () => {
		await vscode.commands.executeCommand('finetuneStudio.models.focus');
		await keyboard({ waitFor: `.pane-body .monaco-list-row:has-text("${SUFFIX}")` });
		// Focused again: the first focus went to the view's welcome, shown while the list loaded.
		await vscode.commands.executeCommand('finetuneStudio.models.focus');
		// Chat with Model is the menu's first item.
		await keyboard(
			{ press: 'Home' },
			{ waitFor: `.pane-body .monaco-list-row.focused:has-text("${SUFFIX}")` },
			{ press: 'Shift+F10' },
			{ waitFor: '.monaco-menu .action-label:has-text("Chat with Model")' },
			{ press: 'ArrowDown' },
			{ waitFor: '.monaco-menu .action-item.focused:has-text("Chat with Model")' },
			{ press: 'Enter' },
			{ waitFor: CHAT_TAB },
		);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');

		// What the row hands the command, and what the command opens the chat with.
		const connection = { name: CONNECTION, kind: 'openai', baseUrl: emulator.baseURL };
		const model = await client.models.retrieve(modelId);
		const fromRow = await vscode.commands.executeCommand<ChatModelRef>(COMMANDS.chatWithModel, { kind: 'model', connection, modelId, model });
		assert.deepEqual(fromRow, { connection: CONNECTION, model: modelId, api: 'chat', baseModel: BASE, jobId, trainingFileId });
		const job = await new JobsService(client).retrieve(jobId);
		const fromJobRow = await vscode.commands.executeCommand<ChatModelRef>(COMMANDS.chatWithModel, { kind: 'job', connection, jobId, job });
		assert.deepEqual(fromJobRow, fromRow, "a succeeded job's row (and the notification of its end) opens its model");
		const checkpoint = (await new JobsService(client).listCheckpoints(jobId, { limit: 1 })).items[0];
		assert.ok(checkpoint);
		const fromCheckpoint = await vscode.commands.executeCommand<ChatModelRef>(COMMANDS.chatWithModel, { kind: 'checkpoint', connection, checkpoint, modelId: checkpoint.fine_tuned_model_checkpoint });
		assert.deepEqual(fromCheckpoint, { connection: CONNECTION, model: checkpoint.fine_tuned_model_checkpoint, api: 'chat', baseModel: BASE, jobId, trainingFileId });
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	it('preselects the model the chat has (the panel asks with its current model)', async () => {
		const connections = testConnections();
		try {
			const checkpoints = (await new JobsService(client).listCheckpoints(jobId, { limit: 10 })).items;
			const oldest = checkpoints.at(-1);
			assert.ok(oldest && checkpoints.length > 1);
			const current: ChatModelRef = { connection: CONNECTION, model: oldest.fine_tuned_model_checkpoint, api: 'chat' };
			const picked = pickChatModel(connections, current);
			await keyboard(pickerShown, focusedPickRow(oldest.fine_tuned_model_checkpoint), { waitFor: '.quick-input-widget:not(:has(.quick-input-progress.active))' }, focusedPickRow(oldest.fine_tuned_model_checkpoint), { press: 'Enter' });
			assert.deepEqual(await picked, { ...current, baseModel: BASE, jobId, trainingFileId });
		} finally {
			connections.dispose();
		}
	});

	it("defaults the system prompt to the training file's most common system message: the workspace's copy, else through the files API", async () => {
		const connections = testConnections();
		const contentReads = () => emulator.requests.filter((request) => request.method === 'GET' && request.path.endsWith('/content')).map((request) => request.path);
		try {
			// The job names its dataset, which the workspace holds: read there, not downloaded.
			const ref: ChatModelRef = { connection: CONNECTION, model: modelId, api: 'chat', jobId };
			assert.equal(await defaultSystemPrompt(connections, ref), ADA);
			assert.deepEqual(contentReads(), []);

			// A file uploaded from outside the workspace is read through the files API, once.
			const scratch = await mkdtemp(path.join(os.tmpdir(), 'chat-picker-'));
			try {
				const record = (system: string) => JSON.stringify({ messages: [{ role: 'system', content: system }, { role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }] });
				const remotePath = path.join(scratch, 'picker-remote-only.jsonl');
				await writeFile(remotePath, [record('Be terse.'), record('Be kind.'), record('Be kind.'), 'not json', record('Be terse.')].join('\n'));
				const remote = await new FilesService(client).upload(remotePath, { purpose: 'fine-tune' });
				const remoteRef: ChatModelRef = { connection: CONNECTION, model: 'my-deployment', api: 'chat', trainingFileId: remote.id };
				assert.equal(await defaultSystemPrompt(connections, remoteRef), 'Be terse.');
				assert.equal(await defaultSystemPrompt(connections, remoteRef), 'Be terse.');
				assert.deepEqual(contentReads(), [`/v1/files/${remote.id}/content`]);
			} finally {
				await rm(scratch, { recursive: true, force: true });
			}
			// Without a job there is nothing to read.
			assert.equal(await defaultSystemPrompt(connections, { connection: CONNECTION, model: BASE, api: 'chat' }), undefined);
		} finally {
			connections.dispose();
		}
	});

	it('lists every connection: what a compatible server lists, and a connection that fails says why while the others still work', async () => {
		localServer = await startEmulator({ chatOnly: true });
		await settings().update(
			'connections',
			[
				{ name: CONNECTION, kind: 'openai', baseUrl: emulator.baseURL },
				{ name: 'local', kind: 'compatible', baseUrl: localServer.baseURL },
				// No key is stored for it.
				{ name: 'broken', kind: 'azure', baseUrl: emulator.baseURL },
			],
			vscode.ConfigurationTarget.Global,
		);
		try {
			const picked = chatWithPickedModel();
			await keyboard(
				pickerShown,
				// Each item says its connection.
				{ waitFor: `.quick-input-list .monaco-list-row:has-text("${modelId}"):has-text("${CONNECTION}")` },
				{ type: 'davinci-002' },
				{ waitFor: '.quick-input-list .monaco-list-row:has-text("broken: could not list its models"):has-text("No API key is set for broken")' },
				{ waitFor: '.quick-input-list .monaco-list-row:has-text("davinci-002"):has-text("local")' },
				{ waitFor: '.quick-input-widget:not(:has(.quick-input-progress.active))' },
			);
			await screenshot('chat-model-picker-connections');
			await keyboard({ press: 'Escape' });
			assert.equal(await picked, undefined);
		} finally {
			await settings().update('connections', [{ name: CONNECTION, kind: 'openai', baseUrl: emulator.baseURL }], vscode.ConfigurationTarget.Global);
		}
	});
});
