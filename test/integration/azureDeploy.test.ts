import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DATA_PLANE_SCOPE } from '../../src/connections/entra';
import { COMMANDS } from '../../src/contributes';
import { createOpenAIClient } from '../../src/openai/client';
import type { Deployment } from '../../src/openai/deployments';
import { JobsService } from '../../src/openai/jobs';
import { startEmulator, type Emulator, type RecordedRequest } from '../fixtures/openai-emulator';
import { HARNESS_ENV } from '../host/harnessProtocol';
import { EXTENSION_ID } from '../host/paths';
import { keyboard, screenshot } from './harness';
import { pressNotificationButton, showsNotification } from './notifications';
import { workspaceFile } from './workspace';

// code-server ships VS Code's Microsoft authentication provider, but signing in with it needs
// Microsoft's servers. This provider stands in for it: the extension reads its id from the
// `azure.authenticationProvider` setting and calls vscode.authentication.getSession as it does with
// `microsoft`; the sessions carry the emulator's Entra tokens, by scope.
const PROVIDER_ID = 'finetune-studio-test-entra';
const ACCOUNT = { id: 'tester', label: 'tester@emulator.example' };
const API_VERSION = '2025-04-01-preview';
const CONNECTION = 'emu-entra';

/** Waits until the quick input's title contains `title`. */
const screen = (title: string) => ({ waitFor: `.quick-input-widget .quick-input-title:has-text("${title}")` });
/** Types `text` into a quick pick and waits until the row holding it is focused. */
const choose = (text: string) => [{ type: text }, { waitFor: `.quick-input-list .monaco-list-row.focused:has-text("${text}")` }];

/** The extension's log files of this run: code-server's user data lies beside the workspace (see runIntegration.ts). */
function extensionLogs(): string[] {
	const logs = path.join(workspaceFile('').fsPath, '..', 'user-data', 'logs');
	if (!fs.existsSync(logs)) {
		return [];
	}
	return fs
		.readdirSync(logs, { recursive: true, encoding: 'utf8' })
		.filter((file) => path.basename(file) === 'Fine-Tune Studio.log')
		.map((file) => path.join(logs, file));
}

describe('Azure deployments: sign in with Microsoft, fine-tune, deploy through ARM, chat by deployment name', () => {
	const settings = () => vscode.workspace.getConfiguration('finetuneStudio');
	let emulator: Emulator;
	let provider: vscode.Disposable;
	let signedIn = false;
	let model = '';
	let jobId = '';

	const sent = (start: number, method: string, path: string): RecordedRequest[] => emulator.requests.slice(start).filter((request) => request.method === method && request.path === path);
	const tokens = () => [emulator.azure?.entraToken, emulator.azure?.managementToken].filter((token): token is string => Boolean(token));

	before(async () => {
		emulator = await startEmulator({ clock: 'manual', azure: true });
		const azure = emulator.azure;
		assert.ok(azure);
		const managementScope = `${emulator.endpoint}/.default`;
		const sessionFor = (scopes: readonly string[]): vscode.AuthenticationSession => ({
			id: scopes.join(' '),
			account: ACCOUNT,
			scopes,
			accessToken: scopes.includes(DATA_PLANE_SCOPE) ? azure.entraToken : scopes.includes(managementScope) ? azure.managementToken : 'a-token-for-another-audience',
		});
		const changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
		provider = vscode.Disposable.from(
			changed,
			vscode.authentication.registerAuthenticationProvider(PROVIDER_ID, 'Emulated Microsoft', {
				onDidChangeSessions: changed.event,
				getSessions: (scopes) => Promise.resolve(signedIn ? [sessionFor(scopes ?? [])] : []),
				createSession: (scopes) => {
					signedIn = true;
					const session = sessionFor(scopes);
					changed.fire({ added: [session], removed: [], changed: [] });
					return Promise.resolve(session);
				},
				removeSession: () => {
					signedIn = false;
					return Promise.resolve();
				},
			}),
		);
		await settings().update('connections', undefined, vscode.ConfigurationTarget.Global);
		await settings().update('defaultConnection', undefined, vscode.ConfigurationTarget.Global);
		await settings().update('azure.authenticationProvider', PROVIDER_ID, vscode.ConfigurationTarget.Global);
		await settings().update('azure.managementEndpoint', emulator.endpoint, vscode.ConfigurationTarget.Global);

		// The user's consent: VS Code asks it in a modal dialog, which it refuses to show while tests run.
		// Asked without `createIfNone`, it files a "Sign in … to use Fine-Tune Studio" request in the
		// Accounts menu instead; running that entry's command is the click that signs in and allows access.
		assert.equal(await vscode.authentication.getSession(PROVIDER_ID, [DATA_PLANE_SCOPE]), undefined);
		await vscode.commands.executeCommand(`${PROVIDER_ID}:${EXTENSION_ID}:signIn0`);
		assert.equal(signedIn, true, 'signed in through the Accounts menu entry');
	});

	afterEach(() => vscode.commands.executeCommand('notifications.clearAll'));

	after(async () => {
		for (const key of ['connections', 'defaultConnection', 'azure.authenticationProvider', 'azure.managementEndpoint']) {
			await settings().update(key, undefined, vscode.ConfigurationTarget.Global);
		}
		await vscode.commands.executeCommand('notifications.clearAll');
		// A visible Fine-Tuning view lists what the next suites' servers hold, adding requests they count.
		await vscode.commands.executeCommand('workbench.view.explorer');
		provider.dispose();
		await emulator.close();
	});

	it('adds an Azure connection that signs in with Microsoft and names its resource, storing no key', async () => {
		const azure = emulator.azure;
		assert.ok(azure);
		const start = emulator.requests.length;
		const added = vscode.commands.executeCommand<string | undefined>(COMMANDS.addConnection);
		await keyboard(screen('Kind'), ...choose('Azure'), { press: 'Enter' });
		await keyboard(screen('Endpoint'), { type: emulator.endpoint }, { press: 'Enter' }, screen('API Version'), { type: API_VERSION }, { press: 'Enter' });
		await keyboard(screen('Resource ID'), { type: azure.accountPath }, { press: 'Enter' }, screen('Name'), { type: CONNECTION }, { press: 'Enter' });
		await keyboard(screen('Sign-In'), ...choose('Sign in with Microsoft'));
		await screenshot('add-connection-entra');
		await keyboard({ press: 'Enter' });
		assert.equal(await added, CONNECTION);
		assert.equal(sent(start, 'GET', '/openai/models').length, 1, 'checked with the Entra token before saving');
		assert.deepEqual(settings().get('connections'), [
			{ name: CONNECTION, kind: 'azure', baseUrl: emulator.endpoint, apiVersion: API_VERSION, subscriptionId: azure.subscriptionId, resourceGroup: azure.resourceGroup, accountName: azure.accountName, auth: 'entra' },
		]);
		assert.equal(settings().get('defaultConnection'), CONNECTION);

		// A key would never be used by this connection, so none is taken (or sent to be checked).
		const beforeKey = emulator.requests.length;
		assert.equal(await vscode.commands.executeCommand(COMMANDS.setApiKey, azure.apiKey, CONNECTION), false);
		await showsNotification(`${CONNECTION} signs in with Microsoft, so it has no API key`);
		assert.equal(emulator.requests.length, beforeKey);
	});

	it('uploads on it with the Entra token, and a job trained on the upload succeeds', async () => {
		const start = emulator.requests.length;
		const fileId = await vscode.commands.executeCommand<string | undefined>(COMMANDS.uploadFile, workspaceFile('datasets/support-chat.jsonl'));
		assert.match(fileId ?? '', /^file-/);
		assert.equal(sent(start, 'POST', '/openai/files').length, 1);

		const jobs = new JobsService(createOpenAIClient({ apiKey: () => Promise.resolve(emulator.azure?.entraToken ?? ''), azure: { endpoint: emulator.endpoint, apiVersion: API_VERSION } }));
		const job = await jobs.create({ model: 'gpt-4o-mini-2024-07-18', trainingFile: fileId ?? '', method: 'supervised', hyperparameters: {}, suffix: 'support' });
		emulator.advance(60 * 60_000);
		const done = await jobs.retrieve(job.id);
		assert.equal(done.status, 'succeeded', done.error?.message);
		model = done.fine_tuned_model ?? '';
		jobId = done.id;
		assert.match(model, /^gpt-4o-mini-2024-07-18\.ft-[0-9a-f]+-support$/);
	});

	it('deploys the fine-tune through the emulated management API, picked and configured by typing, with progress until Succeeded', async () => {
		const start = emulator.requests.length;
		const deployed = vscode.commands.executeCommand<Deployment | undefined>(COMMANDS.deployModel);
		await keyboard(screen('Model'), { waitFor: `.quick-input-list .monaco-list-row:has-text("${model}")` });
		await screenshot('deploy-model-pick');
		await keyboard({ press: 'Enter' }, screen('Deployment Name'), { type: 'support-bot' }, { press: 'Enter' });
		await keyboard(screen('Deployment Type'), ...choose('GlobalStandard'), { press: 'Enter' }, screen('Capacity'), { type: '2' }, { press: 'Enter' });
		// The PUT is answered "Creating"; the notification says so until the emulator's clock moves on.
		await keyboard({ waitFor: '.notification-toast:has-text("Deploying support-bot on emu-entra"):has-text("Creating")' });
		await screenshot('deploy-model-progress');
		emulator.advance(60_000);
		const deployment = await deployed;
		assert.deepEqual(deployment, { name: 'support-bot', model, modelVersion: '1', sku: 'GlobalStandard', capacity: 2, provisioningState: 'Succeeded' });

		const puts = sent(start, 'PUT', `${emulator.azure?.accountPath}/deployments/support-bot`);
		assert.equal(puts.length, 1);
		assert.deepEqual(puts[0]?.body, { sku: { name: 'GlobalStandard', capacity: 2 }, properties: { model: { format: 'OpenAI', name: model, version: '1' } } });
		assert.ok(sent(start, 'GET', `${emulator.azure?.accountPath}/deployments/support-bot`).length >= 1, 'watched until final');
	});

	it('deploys again for the job id (an update), and chats with the deployment by its name from the success notification', async () => {
		const start = emulator.requests.length;
		const redeployed = vscode.commands.executeCommand<Deployment | undefined>(COMMANDS.deployModel, jobId);
		await keyboard(screen('Deployment Name'), { type: 'support-bot' }, { press: 'Enter' }, screen('Deployment Type'), ...choose('GlobalStandard'), { press: 'Enter' });
		await keyboard(screen('Capacity'), { type: '2' }, { press: 'Enter' }, { waitFor: '.notification-toast:has-text("Creating")' });
		emulator.advance(60_000);
		assert.deepEqual((await redeployed)?.model, model, "the job's fine-tuned model");
		assert.equal(sent(start, 'PUT', `${emulator.azure?.accountPath}/deployments/support-bot`).length, 1);

		await pressNotificationButton('is deployed as support-bot on emu-entra', 'Send a Test Message');
		await vscode.commands.executeCommand('notifications.hideList');
		await keyboard(screen('Test Message to support-bot'), { type: 'My lamp flickers when dimmed below 20%.' }, { press: 'Enter' });
		await showsNotification('support-bot answered: Flicker at low brightness');
		await screenshot('deployment-test-message');
		const chats = sent(start, 'POST', '/openai/deployments/support-bot/chat/completions');
		assert.equal(chats.length, 1, 'the classic API routes by deployment name');
		assert.equal((chats[0]?.body as { model?: string }).model, 'support-bot');
	});

	it('lists the deployment with its model, state and type', async () => {
		const listed = vscode.commands.executeCommand<readonly Deployment[] | undefined>(COMMANDS.listDeployments);
		await keyboard({ waitFor: '.quick-input-list .monaco-list-row:has-text("support-bot"):has-text("Succeeded"):has-text("GlobalStandard, capacity 2")' });
		await screenshot('list-deployments');
		await keyboard({ press: 'Escape' });
		assert.deepEqual((await listed)?.map((deployment) => [deployment.name, deployment.model, deployment.provisioningState]), [['support-bot', model, 'Succeeded']]);
	});

	// VS Code refuses modal dialogs while extension tests run, so the confirmation can only be seen to guard.
	it('deletes no deployment without the confirmation', async () => {
		const removed = vscode.commands.executeCommand<boolean>(COMMANDS.deleteDeployment);
		await keyboard({ waitFor: '.quick-input-list .monaco-list-row:has-text("support-bot")' }, { press: 'Enter' });
		assert.equal(await removed, false);
		assert.equal(emulator.requests.filter((request) => request.method === 'DELETE').length, 0);
		const listed = vscode.commands.executeCommand<readonly Deployment[] | undefined>(COMMANDS.listDeployments);
		await keyboard({ waitFor: '.quick-input-list .monaco-list-row:has-text("support-bot")' }, { press: 'Escape' });
		assert.equal((await listed)?.length, 1);
	});

	it('offers Deploy on an Azure fine-tune in the Models view, and deploys a checkpoint from its row in the Jobs view', async () => {
		await vscode.commands.executeCommand('workbench.view.extension.finetuneStudio');
		await keyboard({ waitFor: '.pane-body .monaco-list-row:has-text("support"):has-text("gpt-4o-mini-2024-07-18")' });
		// Focused once its row is there, so that the keyboard lands in the list.
		await vscode.commands.executeCommand('finetuneStudio.models.focus');
		await keyboard({ press: 'Home' }, { waitFor: '.pane-body .monaco-list-row.focused:has-text("gpt-4o-mini-2024-07-18")' }, { press: 'Shift+F10' });
		await keyboard({ waitFor: '.monaco-menu .action-label:has-text("Deploy Fine-Tuned Model")' }, { press: 'Escape' });

		const jobs = new JobsService(createOpenAIClient({ apiKey: () => Promise.resolve(emulator.azure?.entraToken ?? ''), azure: { endpoint: emulator.endpoint, apiVersion: API_VERSION } }));
		const checkpoint = (await jobs.listCheckpoints(jobId, { limit: 1 })).items[0];
		assert.ok(checkpoint, 'the job saved checkpoints');
		const step = `Step ${checkpoint.step_number}`;
		const start = emulator.requests.length;
		await vscode.commands.executeCommand('finetuneStudio.jobs.focus');
		// Open the job, then its Checkpoints; the newest comes first. Its menu: Deploy…, then Copy Checkpoint ID.
		await keyboard({ press: 'Home' }, { press: 'ArrowRight' }, { waitFor: '.pane-body .monaco-list-row:has-text("Checkpoints")' }, { press: 'ArrowDown' }, { press: 'ArrowDown' });
		await keyboard({ waitFor: '.pane-body .monaco-list-row.focused:has-text("Checkpoints")' }, { press: 'ArrowRight' }, { waitFor: `.pane-body .monaco-list-row:has-text("${step}")` }, { press: 'ArrowDown' });
		await keyboard({ waitFor: `.pane-body .monaco-list-row.focused:has-text("${step}")` }, { press: 'Shift+F10' }, { waitFor: '.monaco-menu .action-label:has-text("Deploy Fine-Tuned Model")' });
		// Up from wherever the menu starts (nothing or its first item focused), twice, is its first item.
		await keyboard({ press: 'ArrowUp' }, { press: 'ArrowUp' }, { waitFor: '.monaco-menu .action-item.focused:has-text("Deploy Fine-Tuned Model")' }, { press: 'Enter' });
		await keyboard(screen('Deployment Name'), { type: 'support-checkpoint' }, { press: 'Enter' }, screen('Deployment Type'), ...choose('GlobalStandard'), { press: 'Enter' });
		await keyboard(screen('Capacity'), { type: '1' }, { press: 'Enter' }, { waitFor: '.notification-toast:has-text("Deploying support-checkpoint")' });
		emulator.advance(60_000);
		await showsNotification('is deployed as support-checkpoint on emu-entra');
		await vscode.commands.executeCommand('notifications.hideList');
		const puts = sent(start, 'PUT', `${emulator.azure?.accountPath}/deployments/support-checkpoint`);
		assert.equal(puts.length, 1);
		assert.deepEqual(puts[0]?.body, { sku: { name: 'GlobalStandard', capacity: 1 }, properties: { model: { format: 'OpenAI', name: checkpoint.fine_tuned_model_checkpoint, version: '1' } } });
		await vscode.commands.executeCommand('workbench.actions.treeView.finetuneStudio.jobs.collapseAll');
	});

	it('keeps no token in the settings or the log', () => {
		const written = JSON.stringify(settings());
		assert.match(written, /emu-entra/, 'the settings were read');
		const logs = extensionLogs();
		if (process.env[HARNESS_ENV] !== undefined) {
			assert.match(logs.map((file) => fs.readFileSync(file, 'utf8')).join('\n'), /added the connection emu-entra/, 'the log is found where code-server keeps it');
		}
		const logged = logs.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
		for (const token of tokens()) {
			assert.ok(!written.includes(token), 'a token in the settings');
			assert.ok(!logged.includes(token), 'a token in the log');
		}
	});
});
