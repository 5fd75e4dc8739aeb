import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contributes';
import { AZURE_DEFAULTS, startEmulator, type Emulator, type RecordedRequest } from '../fixtures/openai-emulator';
import { keyboard, screenshot } from './harness';
import { showsNotification } from './notifications';
import { workspaceFile } from './workspace';

const OPENAI_KEY = 'sk-test-ConnectionsIntegration0123';
const API_VERSION = '2025-04-01-preview';

/** Waits until the quick input shows the Add Connection screen whose title ends with `screen`. */
const screen = (title: string) => ({ waitFor: `.quick-input-widget .quick-input-title:has-text("Add Connection"):has-text("${title}")` });


describe('Connections: add OpenAI and Azure connections by typing, upload on each, and refuse fine-tuning on a chat-only server', () => {
	const settings = () => vscode.workspace.getConfiguration('finetuneStudio');
	const dataset = workspaceFile('datasets/support-chat.jsonl');
	let openai: Emulator;
	let azure: Emulator;
	let chatOnly: Emulator;

	const sent = (emulator: Emulator, start: number, method: string, path: string): RecordedRequest[] =>
		emulator.requests.slice(start).filter((request) => request.method === method && request.path === path);

	before(async () => {
		[openai, azure, chatOnly] = await Promise.all([startEmulator({ clock: 'manual' }), startEmulator({ clock: 'manual', azure: true }), startEmulator({ clock: 'manual', chatOnly: true })]);
		await settings().update('connections', undefined, vscode.ConfigurationTarget.Global);
		await settings().update('defaultConnection', undefined, vscode.ConfigurationTarget.Global);
	});

	afterEach(() => vscode.commands.executeCommand('notifications.clearAll'));

	after(async () => {
		for (const name of ['emu-openai', 'emu-azure', 'local-chat', 'local-keyless']) {
			await vscode.commands.executeCommand(COMMANDS.clearApiKey, name);
		}
		await settings().update('connections', undefined, vscode.ConfigurationTarget.Global);
		await settings().update('defaultConnection', undefined, vscode.ConfigurationTarget.Global);
		await vscode.commands.executeCommand('notifications.clearAll');
		await Promise.all([openai.close(), azure.close(), chatOnly.close()]);
	});

	it('adds an OpenAI connection, checked with a model list before it is saved, and uploads on it', async () => {
		const start = openai.requests.length;
		const added = vscode.commands.executeCommand<string | undefined>(COMMANDS.addConnection);
		// OpenAI is the first kind.
		await keyboard(screen('Kind'), { press: 'Enter' }, screen('Endpoint'), { type: openai.baseURL }, { press: 'Enter' });
		await keyboard(screen('Name'), { type: 'emu-openai' }, { press: 'Enter' }, screen('API Key'), { type: OPENAI_KEY });
		await screenshot('add-connection-key');
		await keyboard({ press: 'Enter' });
		assert.equal(await added, 'emu-openai');
		assert.equal(sent(openai, start, 'GET', '/v1/models').length, 1, 'checked before saving');
		assert.deepEqual(settings().get('connections'), [{ name: 'emu-openai', kind: 'openai', baseUrl: openai.baseURL }]);
		assert.equal(settings().get('defaultConnection'), 'emu-openai', 'the first connection becomes the default');
		assert.ok(!JSON.stringify(settings().get('connections')).includes(OPENAI_KEY), 'the key is not in the settings');

		const fileId = await vscode.commands.executeCommand<string | undefined>(COMMANDS.uploadFile, dataset);
		assert.match(fileId ?? '', /^file-/);
		assert.equal(sent(openai, start, 'POST', '/v1/files').length, 1);
	});

	it('adds an Azure connection (classic api-version) and, once it is the default, uploads on it', async () => {
		const start = azure.requests.length;
		const added = vscode.commands.executeCommand<string | undefined>(COMMANDS.addConnection);
		await keyboard(screen('Kind'), { type: 'Azure' }, { waitFor: '.quick-input-list .monaco-list-row.focused:has-text("Azure")' }, { press: 'Enter' });
		await keyboard(screen('Endpoint'), { type: azure.endpoint }, { press: 'Enter' }, screen('API Version'), { type: API_VERSION }, { press: 'Enter' });
		// No resource ID (deployments are another test's), and the API key rather than Microsoft sign-in.
		await keyboard(screen('Resource ID'), { press: 'Enter' }, screen('Name'), { type: 'emu-azure' }, { press: 'Enter' }, screen('Sign-In'), { press: 'Enter' });
		await keyboard(screen('API Key'), { type: AZURE_DEFAULTS.apiKey }, { press: 'Enter' });
		assert.equal(await added, 'emu-azure');
		assert.equal(settings().get('defaultConnection'), 'emu-openai', 'adding a second connection keeps the default');

		const switched = vscode.commands.executeCommand<boolean>(COMMANDS.switchDefaultConnection);
		await keyboard({ waitFor: '.quick-input-list .monaco-list-row:has-text("emu-azure")' }, { type: 'emu-azure' }, { waitFor: '.quick-input-list .monaco-list-row.focused:has-text("emu-azure")' }, { press: 'Enter' });
		assert.equal(await switched, true);
		assert.equal(settings().get('defaultConnection'), 'emu-azure');

		const fileId = await vscode.commands.executeCommand<string | undefined>(COMMANDS.uploadFile, dataset);
		assert.match(fileId ?? '', /^file-/);
		const uploads = sent(azure, start, 'POST', '/openai/files');
		assert.equal(uploads.length, 1);
		assert.equal(uploads[0]?.query, `api-version=${API_VERSION}`);
	});

	it('refuses to upload to a chat-only server, saying why, and sends it nothing but the probe', async () => {
		await settings().update('connections', [...(settings().get<unknown[]>('connections') ?? []), { name: 'local-chat', kind: 'compatible', baseUrl: chatOnly.baseURL }], vscode.ConfigurationTarget.Global);
		// A chat server still lists models, so its key passes the check.
		assert.equal(await vscode.commands.executeCommand(COMMANDS.setApiKey, 'sk-local-key', 'local-chat'), true);
		await settings().update('defaultConnection', 'local-chat', vscode.ConfigurationTarget.Global);
		const start = chatOnly.requests.length;
		const result = await vscode.commands.executeCommand(COMMANDS.uploadFile, dataset);
		assert.equal(result, undefined);
		await showsNotification('local-chat serves chat only: it has no fine-tuning endpoint');
		await screenshot('chat-only-refused');
		assert.deepEqual(
			chatOnly.requests.slice(start).map((request) => `${request.method} ${request.path}`).sort(),
			['GET /v1/fine_tuning/jobs', 'GET /v1/models'],
		);
	});

	// VS Code refuses modal dialogs while extension tests run, so the confirmation can only be seen to guard.
	it('removes no connection (and no key) without the confirmation', async () => {
		const removed = vscode.commands.executeCommand<boolean>(COMMANDS.removeConnection);
		await keyboard({ waitFor: '.quick-input-list .monaco-list-row:has-text("local-chat")' }, { type: 'local-chat' }, { waitFor: '.quick-input-list .monaco-list-row.focused:has-text("local-chat")' }, { press: 'Enter' });
		assert.equal(await removed, false);
		assert.deepEqual(
			(settings().get<{ name: string }[]>('connections') ?? []).map((connection) => connection.name),
			['emu-openai', 'emu-azure', 'local-chat'],
		);
		// Its key is still there: the refusal is still "chat only", not "no API key". And the capability
		// found before is remembered: a setting that does not touch the connections asks nothing again.
		await settings().update('chat.store', true, vscode.ConfigurationTarget.Global);
		const start = chatOnly.requests.length;
		try {
			assert.equal(await vscode.commands.executeCommand(COMMANDS.uploadFile, dataset), undefined);
		} finally {
			await settings().update('chat.store', undefined, vscode.ConfigurationTarget.Global);
		}
		await showsNotification('local-chat serves chat only');
		assert.equal(chatOnly.requests.length, start, 'no second probe');
	});

	it('adds a local server without a key: it is checked and used with no credentials at all', async () => {
		const start = chatOnly.requests.length;
		const added = vscode.commands.executeCommand<string | undefined>(COMMANDS.addConnection);
		await keyboard(screen('Kind'), { type: 'compatible' }, { waitFor: '.quick-input-list .monaco-list-row.focused:has-text("compatible")' }, { press: 'Enter' });
		await keyboard(screen('Endpoint'), { type: chatOnly.baseURL }, { press: 'Enter' }, screen('Name'), { press: 'ControlOrMeta+a' }, { type: 'local-keyless' }, { press: 'Enter' });
		await keyboard(screen('API Key'), { waitFor: '.quick-input-message:has-text("leave empty")' });
		await screenshot('add-connection-keyless');
		await keyboard({ press: 'Enter' });
		assert.equal(await added, 'local-keyless');
		assert.deepEqual((settings().get<{ name: string }[]>('connections') ?? []).at(-1), { name: 'local-keyless', kind: 'compatible', baseUrl: chatOnly.baseURL });

		// Used without a key: the refusal is the server's lack of fine-tuning, not a missing key.
		await settings().update('defaultConnection', 'local-keyless', vscode.ConfigurationTarget.Global);
		assert.equal(await vscode.commands.executeCommand(COMMANDS.uploadFile, dataset), undefined);
		await showsNotification('local-keyless serves chat only');
		const sentToServer = chatOnly.requests.slice(start);
		assert.deepEqual(sentToServer.map((request) => `${request.method} ${request.path}`).sort(), ['GET /v1/fine_tuning/jobs', 'GET /v1/models', 'GET /v1/models']);
		assert.deepEqual(
			sentToServer.filter((request) => request.authorization !== undefined),
			[],
			'no Authorization header, not even a placeholder',
		);
	});
});
