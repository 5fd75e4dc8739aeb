import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { AuthenticationError, AzureOpenAI, BadRequestError, NotFoundError, OpenAI } from 'openai';
import type { DeploymentResource } from '../../fixtures/openai-emulator';
import { JOB_MS, supportChatDataset, uploadTrainingFile, useEmulator, type EmulatorContext } from './helpers';

const API_VERSION = '2025-04-01-preview';
const DEPLOYMENT_MS = 5_000;

/** Azure's gateway and ARM error body. */
interface AzureErrorBody {
	error: { code: string; message: string };
}

/** The classic client, exactly as a user builds it from the resource endpoint, key and version. */
function classicClient(context: EmulatorContext): AzureOpenAI {
	const { endpoint, azure } = context.emulator;
	return new AzureOpenAI({ endpoint, apiKey: azure?.apiKey, apiVersion: API_VERSION, maxRetries: 0 });
}

/** A request to ARM's deployment endpoints of the emulated account. */
async function arm(context: EmulatorContext, method: string, name: string | undefined, options: { body?: unknown; token?: string | null; query?: string } = {}): Promise<{ status: number; body: unknown }> {
	const { endpoint, azure } = context.emulator;
	const headers: Record<string, string> = {};
	const token = options.token === undefined ? azure?.managementToken : options.token;
	if (token !== null && token !== undefined) {
		headers.authorization = `Bearer ${token}`;
	}
	if (options.body !== undefined) {
		headers['content-type'] = 'application/json';
	}
	const url = `${endpoint}${azure?.accountPath}/deployments${name === undefined ? '' : `/${name}`}?${options.query ?? 'api-version=2024-10-01'}`;
	const response = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
	const text = await response.text();
	return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

function deploymentBody(model: string, sku: unknown = { name: 'Standard', capacity: 1 }): unknown {
	return { sku, properties: { model: { format: 'OpenAI', name: model, version: '1' } } };
}

/** Trains a small support bot through the classic client and returns the job once it has succeeded. */
async function fineTune(context: EmulatorContext, suffix: string): Promise<OpenAI.FineTuning.FineTuningJob> {
	const client = classicClient(context);
	const file = await client.files.create({ file: fs.createReadStream(context.writeFile(`${suffix}.jsonl`, supportChatDataset(12))), purpose: 'fine-tune' });
	// `trainingType` is Azure's extra body field; the SDK sends unknown fields as they are.
	const job = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: file.id, suffix, trainingType: 'GlobalStandard' } as OpenAI.FineTuning.JobCreateParams);
	context.emulator.advance(JOB_MS);
	return client.fineTuning.jobs.retrieve(job.id);
}

describe('emulator: Azure OpenAI mode', () => {
	const context = useEmulator({ clock: 'manual', azure: true });

	it('serves the classic AzureOpenAI client: api-key header, /openai paths with api-version, Azure model and checkpoint names', async () => {
		const before = context().emulator.requests.length;
		const job = await fineTune(context(), 'support');
		assert.equal(job.status, 'succeeded');
		assert.match(job.fine_tuned_model ?? '', /^gpt-4o-mini-2024-07-18\.ft-[0-9a-f]{32}-support$/);
		const checkpoints = await classicClient(context()).fineTuning.jobs.checkpoints.list(job.id);
		assert.ok(checkpoints.data.length > 0);
		for (const checkpoint of checkpoints.data) {
			assert.match(checkpoint.id, /^ftchkpt-[0-9a-f]{32}$/);
		}
		const sent = context().emulator.requests.slice(before);
		assert.deepEqual([...new Set(sent.map((r) => `${r.method} ${r.path.replace(/ftjob-\w+/, '{id}')}`))], ['POST /openai/files', 'POST /openai/fine_tuning/jobs', 'GET /openai/fine_tuning/jobs/{id}', 'GET /openai/fine_tuning/jobs/{id}/checkpoints']);
		assert.ok(sent.every((r) => r.query === `api-version=${API_VERSION}`));
		assert.equal((sent[1].body as { trainingType?: string }).trainingType, 'GlobalStandard');
	});

	it('takes an Entra token as bearer on both URL styles, and the key as bearer on /openai/v1', async () => {
		const { emulator, client } = context();
		const token = emulator.azure?.entraToken as string;
		const entraClassic = new AzureOpenAI({ endpoint: emulator.endpoint, apiVersion: API_VERSION, azureADTokenProvider: async () => token });
		assert.ok((await entraClassic.models.list()).data.length > 0);
		const entraV1 = new OpenAI({ baseURL: `${emulator.endpoint}/openai/v1/`, apiKey: async () => token });
		assert.ok((await entraV1.fineTuning.jobs.list({ limit: 1 })).data);
		// The v1 style with the key: the SDK's OpenAI client sends it as a bearer token, or as `api-key` when told.
		assert.ok((await client.models.list()).data.length > 0);
		const keyHeader = new OpenAI({ baseURL: `${emulator.endpoint}/openai/v1/`, apiKey: 'unused', defaultHeaders: { 'api-key': emulator.azure?.apiKey } });
		assert.ok((await keyHeader.files.list()).data);
		assert.ok(emulator.requests.some((r) => r.path === '/openai/v1/files' && r.query === undefined));
	});

	it('refuses a wrong key or token with Azure\'s 401 body', async () => {
		const { emulator } = context();
		const wrongKey = new AzureOpenAI({ endpoint: emulator.endpoint, apiKey: 'wrong', apiVersion: API_VERSION, maxRetries: 0 });
		await assert.rejects(wrongKey.models.list(), (error: unknown) => error instanceof AuthenticationError && /invalid subscription key/.test(error.message));
		const wrongToken = new OpenAI({ baseURL: emulator.baseURL, apiKey: 'not-a-token', maxRetries: 0 });
		await assert.rejects(wrongToken.models.list(), (error: unknown) => error instanceof AuthenticationError && /Access token is missing, invalid/.test(error.message));
		const none = await fetch(`${emulator.endpoint}/openai/models?api-version=${API_VERSION}`);
		assert.equal(none.status, 401);
		assert.equal(((await none.json()) as AzureErrorBody).error.code, '401');
	});

	it('requires api-version on the classic paths, with Azure\'s error, and rejects an unknown one', async () => {
		const { emulator } = context();
		const headers = { 'api-key': emulator.azure?.apiKey as string };
		const missing = await fetch(`${emulator.endpoint}/openai/fine_tuning/jobs`, { headers });
		assert.equal(missing.status, 400);
		assert.deepEqual(await missing.json(), { error: { code: 'MissingApiVersionParameter', message: 'The api-version query parameter (?api-version=) is required for all requests.' } });
		const unknown = await fetch(`${emulator.endpoint}/openai/fine_tuning/jobs?api-version=yesterday`, { headers });
		assert.equal(unknown.status, 400);
		assert.equal(((await unknown.json()) as AzureErrorBody).error.code, 'BadRequest');
		const v1 = await fetch(`${emulator.endpoint}/openai/v1/fine_tuning/jobs`, { headers });
		assert.equal(v1.status, 200);
		const elsewhere = await fetch(`${emulator.endpoint}/v1/models`, { headers });
		assert.equal(elsewhere.status, 404);
	});

	it('describes models as Azure does: capabilities.fine_tune on base models, deprecation in Unix seconds, no shutdown_date', async () => {
		const listed = (await classicClient(context()).models.list()).data as unknown as { id: string; shutdown_date?: unknown; capabilities?: { fine_tune: boolean }; deprecation?: { inference: number } }[];
		const mini = listed.find((model) => model.id === 'gpt-4o-mini-2024-07-18');
		assert.equal(mini?.capabilities?.fine_tune, true);
		assert.equal(mini?.deprecation?.inference, Date.UTC(2027, 0, 14) / 1000);
		assert.ok(listed.every((model) => !('shutdown_date' in model)));
		assert.equal(listed.find((model) => model.id === 'babbage-002')?.deprecation, undefined);
	});

	it('checks trainingType and Azure\'s suffix rule on job creation', async () => {
		const { client } = context();
		const file = await uploadTrainingFile(context(), 'rules.jsonl', supportChatDataset(12));
		for (const trainingType of ['Standard', 'GlobalStandard', 'Developer']) {
			const job = await client.fineTuning.jobs.create({ model: 'gpt-4.1-mini-2025-04-14', training_file: file, trainingType } as OpenAI.FineTuning.JobCreateParams);
			assert.equal(job.status, 'validating_files');
		}
		await assert.rejects(client.fineTuning.jobs.create({ model: 'gpt-4.1-mini-2025-04-14', training_file: file, trainingType: 'Provisioned' } as OpenAI.FineTuning.JobCreateParams), (error: unknown) => error instanceof BadRequestError && error.param === 'trainingType');
		await assert.rejects(client.fineTuning.jobs.create({ model: 'gpt-4.1-mini-2025-04-14', training_file: file, suffix: 'v1.2' }), (error: unknown) => error instanceof BadRequestError && error.param === 'suffix');
		// Azure's suffix takes up to 40 characters (OpenAI's 64).
		await client.fineTuning.jobs.create({ model: 'gpt-4.1-mini-2025-04-14', training_file: file, suffix: 'x'.repeat(40) });
		await assert.rejects(client.fineTuning.jobs.create({ model: 'gpt-4.1-mini-2025-04-14', training_file: file, suffix: 'x'.repeat(41) }), (error: unknown) => error instanceof BadRequestError && error.param === 'suffix');
	});

	it('deploys a fine-tune through ARM (Creating, then Succeeded on the clock), chats by deployment name on both URL styles, lists and deletes', async () => {
		const { emulator, client } = context();
		const job = await fineTune(context(), 'deployed');
		const model = job.fine_tuned_model as string;

		const created = await arm(context(), 'PUT', 'support-bot', { body: deploymentBody(model) });
		assert.equal(created.status, 201);
		const resource = created.body as DeploymentResource;
		assert.deepEqual({ ...resource, systemData: undefined }, {
			id: `${emulator.azure?.accountPath}/deployments/support-bot`,
			type: 'Microsoft.CognitiveServices/accounts/deployments',
			name: 'support-bot',
			sku: { name: 'Standard', capacity: 1 },
			properties: { model: { format: 'OpenAI', name: model, version: '1' }, provisioningState: 'Creating' },
			systemData: undefined,
		});
		assert.equal(((await arm(context(), 'GET', 'support-bot')).body as DeploymentResource).properties.provisioningState, 'Creating');
		const classic = classicClient(context());
		const ask = { model: 'support-bot', messages: [{ role: 'user' as const, content: 'How do I handle a refund request?' }] };
		await assert.rejects(classic.chat.completions.create(ask), (error: unknown) => error instanceof NotFoundError && error.code === 'DeploymentNotFound');

		emulator.advance(DEPLOYMENT_MS);
		assert.equal(((await arm(context(), 'GET', 'support-bot')).body as DeploymentResource).properties.provisioningState, 'Succeeded');
		const listed = (await arm(context(), 'GET', undefined)).body as { value: DeploymentResource[] };
		assert.deepEqual(listed.value.map((d) => [d.name, d.properties.provisioningState]), [['support-bot', 'Succeeded']]);

		const viaDeploymentPath = await classic.chat.completions.create(ask);
		assert.match(viaDeploymentPath.choices[0].message.content ?? '', /refund/);
		assert.equal(viaDeploymentPath.model, model, 'Azure answers with the model the deployment serves');
		assert.ok(emulator.requests.some((r) => r.method === 'POST' && r.path === '/openai/deployments/support-bot/chat/completions'));
		const viaV1 = await client.chat.completions.create(ask);
		assert.equal(viaV1.choices[0].message.content, viaDeploymentPath.choices[0].message.content);

		assert.equal((await arm(context(), 'PUT', 'support-bot', { body: deploymentBody(model, { name: 'GlobalStandard', capacity: 2 }) })).status, 200);
		assert.equal((await arm(context(), 'DELETE', 'support-bot')).status, 200);
		assert.equal((await arm(context(), 'DELETE', 'support-bot')).status, 204);
		assert.equal((await arm(context(), 'GET', 'support-bot')).status, 404);
		await assert.rejects(client.chat.completions.create(ask), (error: unknown) => error instanceof NotFoundError);
	});

	it('answers ARM validation and authentication failures in ARM\'s error shape', async () => {
		const { emulator } = context();
		const cases: [string, Awaited<ReturnType<typeof arm>>, number, string][] = [
			['unknown model', await arm(context(), 'PUT', 'd1', { body: deploymentBody('gpt-4o-mini-2024-07-18.ft-00000000000000000000000000000000') }), 400, 'DeploymentModelNotSupported'],
			['no sku', await arm(context(), 'PUT', 'd1', { body: { properties: { model: { format: 'OpenAI', name: 'gpt-4o-mini-2024-07-18', version: '1' } } } }), 400, 'InvalidRequestContent'],
			['unknown sku', await arm(context(), 'PUT', 'd1', { body: deploymentBody('gpt-4o-mini-2024-07-18', { name: 'Cheap', capacity: 1 }) }), 400, 'InvalidResourceProperties'],
			['zero capacity', await arm(context(), 'PUT', 'd1', { body: deploymentBody('gpt-4o-mini-2024-07-18', { name: 'Standard', capacity: 0 }) }), 400, 'InvalidCapacity'],
			['wrong format', await arm(context(), 'PUT', 'd1', { body: { sku: { name: 'Standard', capacity: 1 }, properties: { model: { format: 'Other', name: 'gpt-4o-mini-2024-07-18', version: '1' } } } }), 400, 'InvalidRequestContent'],
			['bad name', await arm(context(), 'PUT', 'x', { body: deploymentBody('gpt-4o-mini-2024-07-18') }), 400, 'InvalidResourceName'],
			['no api-version', await arm(context(), 'GET', undefined, { query: '' }), 400, 'MissingApiVersionParameter'],
			['no token', await arm(context(), 'GET', undefined, { token: null }), 401, 'AuthenticationFailed'],
			['data-plane token', await arm(context(), 'GET', undefined, { token: emulator.azure?.entraToken }), 401, 'InvalidAuthenticationTokenAudience'],
			['wrong token', await arm(context(), 'GET', undefined, { token: 'forged' }), 401, 'InvalidAuthenticationToken'],
			['missing deployment', await arm(context(), 'GET', 'never-made'), 404, 'DeploymentNotFound'],
		];
		for (const [name, response, status, code] of cases) {
			assert.equal(response.status, status, name);
			const body = response.body as AzureErrorBody;
			assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message'], name);
			assert.equal(body.error.code, code, name);
			assert.ok(body.error.message.length > 0, name);
		}
		const otherAccount = await fetch(`${emulator.endpoint}${emulator.azure?.accountPath.replace(/accounts\/.*/, 'accounts/someone-else')}/deployments?api-version=2024-10-01`, { headers: { authorization: `Bearer ${emulator.azure?.managementToken}` } });
		assert.equal(otherAccount.status, 404);
	});
});

describe('emulator: chat-only mode', () => {
	const context = useEmulator({ clock: 'manual', chatOnly: true });

	it('serves models and chat completions', async () => {
		const { client } = context();
		assert.ok((await client.models.list()).data.some((m) => m.id === 'gpt-4o-mini-2024-07-18'));
		const completion = await client.chat.completions.create({ model: 'gpt-4o-mini-2024-07-18', messages: [{ role: 'user', content: 'hello' }] });
		assert.equal(completion.object, 'chat.completion');
	});

	it('answers 404 for fine-tuning, files and uploads, as a server without them does (the capability probe\'s signal)', async () => {
		const { client, emulator } = context();
		const probe = await fetch(`${emulator.baseURL}/fine_tuning/jobs?limit=1`, { headers: { authorization: 'Bearer sk-test-emulator' } });
		assert.equal(probe.status, 404);
		const notFound = (error: unknown): boolean => error instanceof NotFoundError;
		await assert.rejects(client.fineTuning.jobs.list({ limit: 1 }), notFound);
		await assert.rejects(client.files.list(), notFound);
		await assert.rejects(client.uploads.create({ filename: 'a.jsonl', purpose: 'fine-tune', bytes: 1, mime_type: 'text/jsonl' }), notFound);
	});
});
