import * as assert from 'node:assert/strict';
import { createOpenAIClient } from '../../../src/openai/client';
import { ChatService } from '../../../src/openai/chat';
import { ARM_API_VERSION, classifyDeploySource, DeploymentsClient, suggestDeploymentName, type DeploymentsTarget } from '../../../src/openai/deployments';
import { ApiError } from '../../../src/openai/errors';
import { JobsService } from '../../../src/openai/jobs';
import { JOB_MS, supportChatDataset, uploadTrainingFile, useEmulator, type EmulatorContext } from '../emulator/helpers';

const DEPLOYMENT_MS = 5_000;
const API_VERSION = '2025-04-01-preview';

/** ARM of the emulated account, with the token `token` (the management token unless told). */
function target(context: EmulatorContext, token?: string): DeploymentsTarget {
	const azure = context.emulator.azure;
	assert.ok(azure);
	return { endpoint: context.emulator.endpoint, account: azure, token: () => Promise.resolve(token ?? azure.managementToken) };
}

/** Trains a support bot on the emulator and returns its Azure model name (`<base>.ft-<hex>-<suffix>`). */
async function fineTunedModel(context: EmulatorContext, suffix: string): Promise<string> {
	const jobs = new JobsService(context.client);
	const file = await uploadTrainingFile(context, `${suffix}.jsonl`, supportChatDataset(12));
	const job = await jobs.create({ model: 'gpt-4o-mini-2024-07-18', trainingFile: file, method: 'supervised', hyperparameters: {}, suffix });
	context.emulator.advance(JOB_MS);
	const done = await jobs.retrieve(job.id);
	assert.equal(done.status, 'succeeded');
	return done.fine_tuned_model as string;
}

/** The ApiError `promise` rejects with. */
async function apiErrorOf(promise: Promise<unknown>): Promise<ApiError> {
	try {
		await promise;
	} catch (error) {
		assert.ok(ApiError.is(error), `not an ApiError: ${String(error)}`);
		return error;
	}
	assert.fail('expected a rejection');
}

describe('deployments: Azure Resource Manager client against the emulator', () => {
	const context = useEmulator({ clock: 'manual', azure: true, deploymentSeconds: DEPLOYMENT_MS / 1000 });

	it('creates a deployment, reports each provisioning state until Succeeded, lists, updates and deletes it', async () => {
		const { emulator } = context();
		const model = await fineTunedModel(context(), 'arm');
		const deployments = new DeploymentsClient(target(context()));
		const start = emulator.requests.length;

		const accepted = await deployments.createOrUpdate({ name: 'support-bot', model, sku: 'Standard', capacity: 1 });
		assert.deepEqual(accepted, { name: 'support-bot', model, modelVersion: '1', sku: 'Standard', capacity: 1, provisioningState: 'Creating' });
		const [put] = emulator.requests.slice(start);
		assert.equal(put?.method, 'PUT');
		assert.equal(put?.path, `${emulator.azure?.accountPath}/deployments/support-bot`);
		assert.equal(put?.query, `api-version=${ARM_API_VERSION}`);
		assert.deepEqual(put?.body, { sku: { name: 'Standard', capacity: 1 }, properties: { model: { format: 'OpenAI', name: model, version: '1' } } });

		// Each wait moves the emulator's clock on by one second: the waiting is the client's, the time the test's.
		const states: string[] = [];
		const waits: number[] = [];
		const final = await deployments.waitUntilFinal('support-bot', {
			onState: (state) => states.push(state),
			delay: async (ms) => {
				waits.push(ms);
				emulator.advance(1_000);
			},
		});
		assert.equal(final.provisioningState, 'Succeeded');
		assert.deepEqual(states.slice(-1), ['Succeeded']);
		assert.ok(states.slice(0, -1).every((state) => state === 'Creating') && states.length > 1, states.join(', '));
		assert.deepEqual(waits.slice(0, 3), [1_000, 2_000, 4_000], 'checks back off');

		assert.deepEqual(await deployments.list(), [final]);
		const updated = await deployments.createOrUpdate({ name: 'support-bot', model, sku: 'GlobalStandard', capacity: 2 });
		assert.deepEqual([updated.sku, updated.capacity], ['GlobalStandard', 2]);
		assert.equal(await deployments.delete('support-bot'), true);
		assert.equal(await deployments.delete('support-bot'), false, 'ARM answers 204 for one that was not there');
		assert.deepEqual(await deployments.list(), []);
	});

	it('chats with a deployment by its name, signed in with an Entra token, on the classic and the v1 endpoint', async () => {
		const { emulator } = context();
		const azure = emulator.azure;
		assert.ok(azure);
		const model = await fineTunedModel(context(), 'chat');
		const deployments = new DeploymentsClient(target(context()));
		await deployments.createOrUpdate({ name: 'chat-bot', model, sku: 'Developer', capacity: 1 });
		emulator.advance(DEPLOYMENT_MS);
		assert.equal((await deployments.get('chat-bot')).provisioningState, 'Succeeded');

		let tokensGiven = 0;
		const token = () => {
			tokensGiven++;
			return Promise.resolve(azure.entraToken);
		};
		const ask = { model: 'chat-bot', messages: [{ role: 'user' as const, content: 'How do I handle a refund request?' }] };
		const start = emulator.requests.length;
		const classic = await new ChatService(createOpenAIClient({ apiKey: token, azure: { endpoint: emulator.endpoint, apiVersion: API_VERSION } })).complete(ask);
		const v1 = await new ChatService(createOpenAIClient({ apiKey: token, baseURL: emulator.baseURL })).complete(ask);
		assert.match(classic.text, /refund/);
		assert.equal(v1.text, classic.text);
		assert.deepEqual(
			emulator.requests.slice(start).map((request) => `${request.method} ${request.path}`),
			['POST /openai/deployments/chat-bot/chat/completions', 'POST /openai/v1/chat/completions'],
			'the classic API routes by the deployment in the path, v1 by the model field',
		);
		assert.equal(tokensGiven, 2, 'a token is asked for each request, so a refreshed one is used');

		// A refused token is about the sign-in, not a key: no "Set API Key", and the token never shown.
		const refused = await apiErrorOf(new ChatService(createOpenAIClient({ apiKey: () => Promise.resolve('expired-token-0123456789'), baseURL: emulator.baseURL })).complete(ask));
		assert.equal(refused.kind, 'permission');
		assert.match(refused.message, /^The Microsoft sign-in was not accepted: Unauthorized\. Access token is missing, invalid/);
		assert.ok(!refused.message.includes('expired-token-0123456789'));
		const keyRefused = await apiErrorOf(new ChatService(createOpenAIClient({ apiKey: 'wrong-key-0123456789', baseURL: emulator.baseURL })).complete(ask));
		assert.equal(keyRefused.kind, 'auth', 'a key is still a key');
	});

	it("turns ARM's errors into ApiErrors that say what went wrong, with the token never in them", async () => {
		const { emulator } = context();
		const azure = emulator.azure;
		assert.ok(azure);
		const deployments = new DeploymentsClient(target(context()));

		const sku = await apiErrorOf(deployments.createOrUpdate({ name: 'cheap', model: 'gpt-4o-mini-2024-07-18', sku: 'Cheap', capacity: 1 }));
		assert.equal(sku.kind, 'invalid-request');
		assert.equal(sku.code, 'InvalidResourceProperties');
		assert.match(sku.message, /^Azure refused the deployment: The specified SKU 'Cheap'.*\(InvalidResourceProperties\)$/);

		const missing = await apiErrorOf(deployments.get('never-made'));
		assert.equal(missing.kind, 'not-found');
		assert.match(missing.message, /^No such deployment: Deployment 'never-made' could not be found/);

		const otherAccount = new DeploymentsClient({ ...target(context()), account: { ...azure, accountName: 'someone-else' } });
		assert.match((await apiErrorOf(otherAccount.list())).message, /Check the connection's subscriptionId, resourceGroup and accountName$/);

		// A data-plane token is the wrong audience for ARM: what a key-only setup without sign-in would send.
		const wrongAudience = await apiErrorOf(new DeploymentsClient(target(context(), azure.entraToken)).list());
		assert.equal(wrongAudience.kind, 'permission', "not 'auth', which offers Set API Key: ARM takes no key");
		assert.equal(wrongAudience.code, 'InvalidAuthenticationTokenAudience');
		assert.match(wrongAudience.message, /^Azure Resource Manager did not accept the Microsoft sign-in/);
		const forged = 'forged-token-0123456789';
		const forgedError = await apiErrorOf(new DeploymentsClient(target(context(), forged)).list());
		assert.equal(forgedError.kind, 'permission');
		assert.ok(!forgedError.message.includes(forged));

		const closed = new DeploymentsClient({ ...target(context()), endpoint: 'http://127.0.0.1:9' });
		const network = await apiErrorOf(closed.list());
		assert.equal(network.kind, 'network');
		assert.match(network.message, /127\.0\.0\.1:9.*finetuneStudio\.azure\.managementEndpoint/);
	});
});

describe('deployments: provisioning that fails', () => {
	it('stops at Failed (or Canceled) and returns it, rather than waiting on', async () => {
		const states = ['Creating', 'Creating', 'Failed'];
		const answered: string[] = [];
		const fakeArm = (() => {
			const state = states.shift() ?? 'Failed';
			answered.push(state);
			return Promise.resolve(new Response(JSON.stringify({ name: 'd', sku: { name: 'Standard', capacity: 1 }, properties: { model: { name: 'm', version: '1' }, provisioningState: state } }), { status: 200 }));
		}) as typeof fetch;
		const deployments = new DeploymentsClient({ endpoint: 'https://management.example', account: { subscriptionId: 's', resourceGroup: 'g', accountName: 'a' }, token: () => Promise.resolve('t') }, fakeArm);
		const final = await deployments.waitUntilFinal('d', { delay: () => Promise.resolve() });
		assert.equal(final.provisioningState, 'Failed');
		assert.deepEqual(answered, ['Creating', 'Creating', 'Failed']);
	});
});

describe('deployments: names and sources', () => {
	it('suggests a short deployment name ARM accepts, from Azure and OpenAI fine-tune and checkpoint names', () => {
		assert.equal(suggestDeploymentName('gpt-4o-mini-2024-07-18.ft-0123456789abcdef0123456789abcdef-support-bot'), 'support-bot-01234567');
		assert.equal(suggestDeploymentName('gpt-4o-mini-2024-07-18.ft-0123456789abcdef0123456789abcdef'), 'gpt-4o-mini-2024-07-18-01234567');
		assert.equal(suggestDeploymentName('gpt-4o-mini-2024-07-18.ft-0123456789abcdef0123456789abcdef-bot:ckpt-step-10'), 'bot-01234567-step-10');
		assert.equal(suggestDeploymentName('ft:gpt-4o-mini-2024-07-18:personal:support-bot:AbC123xy'), 'support-bot-AbC123xy');
		assert.equal(suggestDeploymentName('ft:gpt-4o-mini-2024-07-18:personal::AbC123xy'), 'gpt-4o-mini-2024-07-18-AbC123xy');
		assert.equal(suggestDeploymentName(`--${'x'.repeat(80)}`), 'x'.repeat(64));
		assert.equal(suggestDeploymentName('?'), 'fine-tuned-model');
	});

	it('tells job ids and checkpoint ids (Azure and OpenAI) from model names', () => {
		assert.deepEqual(classifyDeploySource(' ftjob-abc '), { kind: 'job', id: 'ftjob-abc' });
		assert.deepEqual(classifyDeploySource('ftchkpt-0123'), { kind: 'checkpoint', id: 'ftchkpt-0123' });
		assert.deepEqual(classifyDeploySource('ftckpt_0123'), { kind: 'checkpoint', id: 'ftckpt_0123' });
		assert.deepEqual(classifyDeploySource('gpt-4o-mini-2024-07-18.ft-0123'), { kind: 'model', id: 'gpt-4o-mini-2024-07-18.ft-0123' });
	});
});
