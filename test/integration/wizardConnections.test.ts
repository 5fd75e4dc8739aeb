import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contributes';
import { createOpenAIClient } from '../../src/openai/client';
import { JobsService } from '../../src/openai/jobs';
import { AZURE_DEFAULTS, startEmulator, type Emulator, type RecordedRequest } from '../fixtures/openai-emulator';
import { keyboard, screenshot } from './harness';
import { pressNotificationButton, showsNotification } from './notifications';
import { workspaceFile } from './workspace';

const OPENAI_KEY = 'sk-test-WizardConnections0123456789';

/** Waits until the quick input shows the wizard screen whose title ends with `screen`. */
const screen = (title: string) => ({ waitFor: `.quick-input-widget .quick-input-title:has-text("${title}")` });
/** Waits for a row of the open quick pick holding every one of `texts`. */
const row = (...texts: string[]) => ({ waitFor: `.quick-input-list .monaco-list-row${texts.map((text) => `:has-text("${text}")`).join('')}` });
/** Waits for the focused row of the open quick pick to hold `text`. */
const focused = (text: string) => ({ waitFor: `.quick-input-list .monaco-list-row.focused:has-text("${text}")` });


describe('Wizard on each connection: OpenAI (shutdown dates, the wind-down notice), Azure (its models, trainingType, suffix rule) and OpenAI refusing fine-tuning', () => {
	const settings = () => vscode.workspace.getConfiguration('finetuneStudio');
	const dataset = workspaceFile('datasets/support-chat.jsonl');
	let openai: Emulator;
	let azure: Emulator;
	let closed: Emulator;

	const sent = (emulator: Emulator, start: number, method: string, path: string): RecordedRequest[] =>
		emulator.requests.slice(start).filter((request) => request.method === method && request.path === path);

	/** Runs the wizard with its defaults on the connection that refuses fine-tuning, until the refusal shows. */
	async function refusedByOpenAI(): Promise<void> {
		await settings().update('defaultConnection', 'wiz-closed', vscode.ConfigurationTarget.Global);
		const created = vscode.commands.executeCommand<string | undefined>(COMMANDS.fineTuneFile, dataset);
		await keyboard(screen('Model'), { press: 'Enter' }, screen('Method'), { press: 'Enter' }, screen('Validation Data'), { type: 'None' }, { press: 'Enter' });
		await keyboard(screen('Hyperparameters'), { press: 'Enter' }, screen('Model Name Suffix'), { press: 'Enter' }, screen('Seed'), { press: 'Enter' }, screen('Review'), { press: 'Enter' });
		assert.equal(await created, undefined);
		await showsNotification('OpenAI no longer lets this organization create fine-tuning jobs');
	}

	before(async () => {
		[openai, azure, closed] = await Promise.all([startEmulator({ clock: 'manual' }), startEmulator({ clock: 'manual', azure: true }), startEmulator({ clock: 'manual', fineTuningClosed: true })]);
		await settings().update(
			'connections',
			[
				{ name: 'wiz-openai', kind: 'openai', baseUrl: openai.baseURL },
				// The version-less /openai/v1/ endpoint: the resource endpoint alone.
				{ name: 'wiz-azure', kind: 'azure', baseUrl: azure.endpoint },
				{ name: 'wiz-closed', kind: 'openai', baseUrl: closed.baseURL },
			],
			vscode.ConfigurationTarget.Global,
		);
		for (const [key, name] of [[OPENAI_KEY, 'wiz-openai'], [AZURE_DEFAULTS.apiKey, 'wiz-azure'], [OPENAI_KEY, 'wiz-closed']]) {
			assert.equal(await vscode.commands.executeCommand(COMMANDS.setApiKey, key, name), true, name);
		}
	});

	afterEach(() => vscode.commands.executeCommand('notifications.clearAll'));

	after(async () => {
		for (const name of ['wiz-openai', 'wiz-azure', 'wiz-closed']) {
			await vscode.commands.executeCommand(COMMANDS.clearApiKey, name);
		}
		await settings().update('connections', undefined, vscode.ConfigurationTarget.Global);
		await settings().update('defaultConnection', undefined, vscode.ConfigurationTarget.Global);
		await vscode.commands.executeCommand('notifications.clearAll');
		await Promise.all([openai.close(), azure.close(), closed.close()]);
	});

	it('OpenAI: shows the end of job creation and each model\'s shutdown date, warns about one within 60 days when picked and on the review, and starts the job', async () => {
		await settings().update('defaultConnection', 'wiz-openai', vscode.ConfigurationTarget.Global);
		const start = openai.requests.length;
		const created = vscode.commands.executeCommand<string | undefined>(COMMANDS.fineTuneFile, dataset);
		await keyboard(screen('Model'), row('fine-tuning job creation on 2027-01-06'));
		// The server's shutdown_date: the wind-down's date, and one the emulator puts 30 days ahead, warned about.
		await keyboard(row('gpt-4o-mini-2024-07-18', 'down 2027-01-14'), row('gpt-4.1-nano-2025-04-14', 'shuts down', 'days'));
		await keyboard({ waitFor: '.quick-input-list .monaco-list-row:has-text("gpt-4.1-nano-2025-04-14") .codicon-warning' });
		await screenshot('wizard-model-shutdown-dates');
		await keyboard({ type: 'gpt-4.1-nano' }, focused('gpt-4.1-nano-2025-04-14'), { press: 'Enter' });
		await keyboard(screen('Method'), { press: 'Enter' }, screen('Validation Data'), { type: 'None' }, { press: 'Enter' }, screen('Hyperparameters'), { press: 'Enter' });
		await keyboard(screen('Model Name Suffix'), { press: 'Enter' }, screen('Seed'), { press: 'Enter' }, screen('Review'));
		await keyboard(row('gpt-4.1-nano-2025-04-14 shuts down'), row('fine-tuning job creation on 2027-01-06'));
		await screenshot('wizard-review-wind-down-notice');
		await keyboard({ press: 'Enter' });
		assert.match((await created) ?? '', /^ftjob-/, 'the date table never blocks: the job is created');

		assert.equal(sent(openai, start, 'POST', '/v1/files').length, 1);
		const [create] = sent(openai, start, 'POST', '/v1/fine_tuning/jobs');
		const body = create?.body as Record<string, unknown>;
		assert.equal(body['model'], 'gpt-4.1-nano-2025-04-14');
		assert.equal('trainingType' in body, false, 'no Azure field on an OpenAI job');
	});

	it("Azure: offers Azure's models merged with the resource's list, refuses a dotted suffix, asks for the training type and sends it", async () => {
		await settings().update('defaultConnection', 'wiz-azure', vscode.ConfigurationTarget.Global);
		const start = azure.requests.length;
		const created = vscode.commands.executeCommand<string | undefined>(COMMANDS.fineTuneFile, dataset);
		// Step 1 of 8: Microsoft's open models are offered though this resource does not list them, the models it marks
		// fine-tunable are added, and Azure's inference retirement is the shutdown date.
		await keyboard(screen('Model (1/8)'), row('Ministral-3B', 'not listed by wiz-azure'), row('babbage-002', 'listed as fine-tunable by wiz-azure'));
		await keyboard(row('gpt-4.1-mini-2025-04-14', 'Supervised, DPO', 'down 2027-01-14'));
		await screenshot('wizard-azure-models');
		await keyboard({ type: 'gpt-4.1-mini' }, focused('gpt-4.1-mini-2025-04-14'), { press: 'Enter' });
		await keyboard(screen('Method'), { press: 'Enter' }, screen('Validation Data'), { type: 'None' }, { press: 'Enter' }, screen('Hyperparameters'), { press: 'Enter' });
		await keyboard(screen('Model Name Suffix'), { type: 'bot.v2' }, { waitFor: '.quick-input-message:has-text("Use only letters, digits")' });
		await keyboard({ press: 'Backspace' }, { press: 'Backspace' }, { press: 'Backspace' }, { type: '-v2' }, { press: 'Enter' });
		await keyboard(screen('Seed'), { press: 'Enter' }, screen('Training Type'), row('GlobalStandard', 'recommended by Microsoft'), row('Standard'), row('Developer'));
		await screenshot('wizard-azure-training-type');
		await keyboard({ type: 'Developer' }, focused('Developer'), { press: 'Enter' }, screen('Review'), row('Training type', 'Developer'), { press: 'Enter' });
		const jobId = await created;
		assert.match(jobId ?? '', /^ftjob-/);

		assert.equal(sent(azure, start, 'POST', '/openai/v1/files').length, 1, 'uploaded to the Azure resource');
		const [create] = sent(azure, start, 'POST', '/openai/v1/fine_tuning/jobs');
		const body = create?.body as Record<string, unknown>;
		assert.equal(body['model'], 'gpt-4.1-mini-2025-04-14');
		assert.equal(body['trainingType'], 'Developer', 'sent as an extra body field');
		assert.equal(body['suffix'], 'bot-v2');

		azure.advance(60 * 60_000);
		const jobs = new JobsService(createOpenAIClient({ apiKey: AZURE_DEFAULTS.apiKey, baseURL: azure.baseURL }));
		assert.match((await jobs.retrieve(jobId ?? '')).fine_tuned_model ?? '', /^gpt-4\.1-mini-2025-04-14\.ft-[0-9a-f]{32}-bot-v2$/);
	});

	it('OpenAI refusing fine-tuning: says what happened and offers an Azure OpenAI connection, which Add Connection starts at its endpoint, and the export', async () => {
		await refusedByOpenAI();
		await keyboard({ waitFor: '.notifications-center .notification-list-item:has-text("Azure OpenAI still fine-tunes") .monaco-button:has-text("Add an Azure OpenAI connection")' });
		await keyboard({ waitFor: '.notifications-center .notification-list-item:has-text("Azure OpenAI still fine-tunes") .monaco-button:has-text("Export my fine-tuning data")' });
		await screenshot('wizard-fine-tuning-refused');

		// The upload's and creation's progress notifications go once done; shown again, the list focuses the refusal.
		await keyboard({ waitFor: '.notifications-center:not(:has-text("Creating the fine-tuning job")):not(:has-text("Uploading support-chat.jsonl"))' });
		await vscode.commands.executeCommand('notifications.hideList');
		await pressNotificationButton('OpenAI no longer lets this organization create fine-tuning jobs', 'Add an Azure OpenAI connection');
		await vscode.commands.executeCommand('notifications.hideList');
		// Azure is preselected: the guided Add Connection starts at the endpoint, asking for a resource endpoint.
		await keyboard({ waitFor: '.quick-input-widget .quick-input-title:has-text("Add Connection"):has-text("Endpoint")' }, { waitFor: '.quick-input-widget:has-text("resource endpoint")' }, { press: 'Escape' });
	});

	it('Select Target Model shows the announced shutdown dates', async () => {
		const picked = vscode.commands.executeCommand(COMMANDS.selectTargetModel);
		await keyboard(row('gpt-4o-mini-2024-07-18', 'down 2027-01-14'), row('gpt-4.1-2025-04-14', 'down 2027-01-14'), { press: 'Escape' });
		await picked;
	});
});
