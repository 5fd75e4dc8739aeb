import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { AzureOpenAI, toFile, type OpenAI } from 'openai';
import { createContractChecker } from '../../fixtures/openapi/contract';
import { EMULATED_OPERATIONS } from '../../fixtures/openapi/trim';
import type { EmulatorOptions } from '../../fixtures/openai-emulator';
import { JOB_MS, jsonl, preferenceDataset, promptCompletionDataset, supportChatDataset, uploadTrainingFile, useEmulator } from './helpers';

/** One HTTP exchange as the client saw it. */
interface Exchange {
	method: string;
	path: string;
	status: number;
	contentType: string | undefined;
	body: unknown;
}

/**
 * Where the emulator follows OpenAI's live behaviour rather than its OpenAPI description. Each is asserted
 * to occur below, so an allowance that no longer applies fails instead of lingering.
 */
const KNOWN_DESCRIPTION_GAPS: readonly { name: string; applies: (exchange: Exchange, problem: string) => boolean }[] = [
	{
		// OpenAI reports paused jobs as `paused`; the description's status enum predates pausing.
		name: 'paused status',
		applies: (e, problem) => (e.body as { status?: string }).status === 'paused' && /^\S+ \S+ 200 response: \/status must be equal to one of the allowed values/.test(problem),
	},
	{
		// File content comes back as raw bytes; the description declares it as a JSON string.
		name: 'file content media type',
		applies: (e, problem) => /\/content$/.test(e.path) && problem.includes('content type application/octet-stream is not declared'),
	},
	{
		// An empty page carries null cursors; the description types first_id/last_id as strings.
		name: 'null cursors on an empty page',
		applies: (e, problem) => (e.body as { data?: unknown[] }).data?.length === 0 && /\/(first_id|last_id) must be string/.test(problem),
	},
	{
		// An error once a stream is under way comes as a `data: {"error": …}` event and the stream ends without
		// [DONE]; the description has no schema for it (the test checks that event against ErrorResponse).
		name: 'error event mid-stream',
		applies: (e, problem) => {
			const events = typeof e.body === 'string' ? e.body.split('\n\n').filter((block) => block.startsWith('data: ')) : [];
			const errorAt = events.findIndex((event) => event.startsWith('data: {"error":'));
			return errorAt !== -1 && (problem.includes('does not end with data: [DONE]') || problem.includes(` event ${errorAt}: `));
		},
	},
	{
		// Legacy completions stream like chat completions; the description declares only their JSON answer.
		name: 'streamed legacy completions',
		applies: (e, problem) => e.path === '/v1/completions' && problem.includes('content type text/event-stream is not declared'),
	},
];

/**
 * Records every exchange of a \`describe\`'s tests and, after each test, checks the responses and the requests
 * against OpenAI's description. \`toOpenAIPath\` maps a path to the OpenAI path it mirrors, or to undefined
 * for an exchange the description does not cover.
 */
function checkExchanges(emulatorOptions: EmulatorOptions, toOpenAIPath: (path: string) => string | undefined = (path) => path) {
	const checker = createContractChecker();
	const pending: Promise<Exchange>[] = [];
	const recordingFetch: typeof fetch = async (input, init) => {
		const response = await fetch(input, init);
		const url = new URL(input instanceof Request ? input.url : String(input));
		const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
		const contentType = response.headers.get('content-type') ?? undefined;
		if (!url.protocol.startsWith('http')) {
			// The SDK probes FormData support with a data: URL; that is not an API exchange.
			return response;
		}
		pending.push(response.clone().text().then((text) => ({
			method,
			path: url.pathname,
			status: response.status,
			contentType,
			body: contentType?.startsWith('application/json') ? JSON.parse(text) : text,
		})));
		return response;
	};
	const context = useEmulator(emulatorOptions, { fetch: recordingFetch });
	const seenOperations = new Set<string>();
	const seenGaps = new Set<string>();
	let checkedRequests = 0;

	function operationKey(method: string, path: string): string | undefined {
		const bare = path.replace(/^\/v1/, '');
		for (const [template, methods] of Object.entries(EMULATED_OPERATIONS)) {
			const pattern = new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$');
			if (pattern.test(bare) && methods.includes(method.toLowerCase())) {
				return `${method.toUpperCase()} ${template}`;
			}
		}
		return undefined;
	}

	afterEach(async function () {
		const exchanges = await Promise.all(pending.splice(0));
		const problems: string[] = [];
		for (const exchange of exchanges.map((e) => ({ ...e, path: toOpenAIPath(e.path) })).filter((e): e is Exchange => e.path !== undefined)) {
			for (const problem of checker.checkResponse(exchange.method, exchange.path, exchange.status, exchange.contentType, exchange.body)) {
				const gap = KNOWN_DESCRIPTION_GAPS.find((g) => g.applies(exchange, problem));
				if (gap) {
					seenGaps.add(gap.name);
				} else {
					problems.push(`${exchange.method} ${exchange.path} -> ${exchange.status}: ${problem}`);
				}
			}
			const key = operationKey(exchange.method, exchange.path);
			if (key && exchange.status === 200) {
				seenOperations.add(key);
			}
		}
		const requests = context().emulator.requests.slice(checkedRequests);
		checkedRequests += requests.length;
		for (const request of requests) {
			const path = toOpenAIPath(request.path);
			if (path !== undefined) {
				problems.push(...checker.checkRequest(request.method, path, request.contentType, request.body).map((p) => `request ${request.method} ${request.path}: ${p}`));
			}
		}
		assert.deepEqual(problems, [], `in "${this.currentTest?.title}"`);
	});
	return { checker, context, recordingFetch, seenOperations, seenGaps };
}

describe('emulator: OpenAPI contract', () => {
	const { checker, context, recordingFetch, seenOperations, seenGaps } = checkExchanges({ clock: 'manual' });

	it('files: create, list, retrieve, content, delete and errors', async () => {
		const { client, writeFile } = context();
		const file = await client.files.create({ file: fs.createReadStream(writeFile('c.jsonl', supportChatDataset(10))), purpose: 'fine-tune' });
		await client.files.list({ purpose: 'fine-tune', limit: 1, order: 'asc' });
		await client.files.list({ purpose: 'batch' });
		await client.files.retrieve(file.id);
		await (await client.files.content(file.id)).text();
		await client.files.delete(file.id);
		await assert.rejects(client.files.retrieve(file.id));
		await assert.rejects(client.files.create({ file: fs.createReadStream(writeFile('c.txt', 'x')), purpose: 'fine-tune' }));
	});

	it('uploads: create, parts, complete, cancel and errors', async () => {
		const { client } = context();
		const data = Buffer.from(supportChatDataset(10));
		const upload = await client.uploads.create({ filename: 'u.jsonl', purpose: 'fine-tune', bytes: data.length, mime_type: 'text/jsonl' });
		const b = await client.uploads.parts.create(upload.id, { data: await toFile(data.subarray(100), 'b') });
		const a = await client.uploads.parts.create(upload.id, { data: await toFile(data.subarray(0, 100), 'a') });
		await assert.rejects(client.uploads.complete(upload.id, { part_ids: [a.id] }));
		await client.uploads.complete(upload.id, { part_ids: [a.id, b.id] });
		const other = await client.uploads.create({ filename: 'v.jsonl', purpose: 'fine-tune', bytes: 5, mime_type: 'text/jsonl' });
		await client.uploads.cancel(other.id);
		await assert.rejects(client.uploads.cancel(other.id));
	});

	it('fine-tuning jobs: every operation through a job\'s life, and errors', async () => {
		const { client, emulator } = context();
		const training = await uploadTrainingFile(context(), 't.jsonl', supportChatDataset(12));
		const validation = await uploadTrainingFile(context(), 'v.jsonl', supportChatDataset(10));
		const job = await client.fineTuning.jobs.create({
			model: 'gpt-4o-mini-2024-07-18',
			training_file: training,
			validation_file: validation,
			suffix: 'contract',
			seed: 3,
			metadata: { purpose: 'contract' },
			method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 3, batch_size: 2, learning_rate_multiplier: 'auto' } } },
		});
		await client.fineTuning.jobs.retrieve(job.id);
		emulator.advance(0.5 * JOB_MS);
		await client.fineTuning.jobs.pause(job.id);
		await client.fineTuning.jobs.retrieve(job.id);
		await client.fineTuning.jobs.resume(job.id);
		emulator.advance(JOB_MS);
		await client.fineTuning.jobs.retrieve(job.id);
		await client.fineTuning.jobs.listEvents(job.id, { limit: 100 });
		await client.fineTuning.jobs.checkpoints.list(job.id, { limit: 2 });
		await client.fineTuning.jobs.list({ limit: 5, metadata: { purpose: 'contract' } });

		const dpo = await client.fineTuning.jobs.create({ model: 'gpt-4.1-mini-2025-04-14', training_file: await uploadTrainingFile(context(), 'p.jsonl', preferenceDataset(12)), method: { type: 'dpo', dpo: { hyperparameters: { beta: 0.1 } } } });
		const reinforcement = await client.fineTuning.jobs.create({
			model: 'o4-mini-2025-04-16',
			training_file: await uploadTrainingFile(context(), 'r.jsonl', jsonl(12, (i) => ({ messages: [{ role: 'user', content: `What is ${i} * 2?` }], answer: String(i * 2) }))),
			method: { type: 'reinforcement', reinforcement: { grader: { type: 'string_check', name: 'exact', input: '{{sample.output_text}}', reference: '{{item.answer}}', operation: 'eq' } } },
		});
		const deprecated = await client.fineTuning.jobs.create({ model: 'gpt-3.5-turbo-0125', training_file: training, hyperparameters: { n_epochs: 1 } });
		const failing = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: await uploadTrainingFile(context(), 'bad.jsonl', promptCompletionDataset(12)) });
		await client.fineTuning.jobs.cancel(deprecated.id);
		emulator.advance(JOB_MS);
		for (const id of [dpo.id, reinforcement.id, failing.id]) {
			await client.fineTuning.jobs.retrieve(id);
		}
		await client.fineTuning.jobs.checkpoints.list(failing.id);
		await assert.rejects(client.fineTuning.jobs.cancel(deprecated.id));
		await assert.rejects(client.fineTuning.jobs.retrieve('ftjob-missing'));
		await assert.rejects(client.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: 'file-missing' }));
		await assert.rejects(client.fineTuning.jobs.create({ model: 'whisper-1', training_file: training }));
	});

	it('models, chat completions (plain and streamed), legacy completions and errors', async () => {
		const { client, emulator } = context();
		const chatJob = await client.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: await uploadTrainingFile(context(), 'm.jsonl', supportChatDataset(12)) });
		const legacyJob = await client.fineTuning.jobs.create({ model: 'babbage-002', training_file: await uploadTrainingFile(context(), 'l.jsonl', promptCompletionDataset(12)) });
		emulator.advance(JOB_MS);
		const chatModel = (await client.fineTuning.jobs.retrieve(chatJob.id)).fine_tuned_model as string;
		const legacyModel = (await client.fineTuning.jobs.retrieve(legacyJob.id)).fine_tuned_model as string;

		await client.models.list();
		await client.models.retrieve(chatModel);
		await assert.rejects(client.models.delete('gpt-4o-2024-08-06'));
		await client.chat.completions.create({ model: chatModel, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'shipping?' }], n: 2, temperature: 0 });
		for await (const chunk of await client.chat.completions.create({ model: chatModel, messages: [{ role: 'user', content: 'refund?' }], stream: true, stream_options: { include_usage: true } })) {
			assert.ok(chunk.object === 'chat.completion.chunk');
		}
		for await (const chunk of await client.chat.completions.create({ model: 'gpt-4.1-nano-2025-04-14', messages: [{ role: 'user', content: 'hi' }], stream: true })) {
			assert.ok(chunk.id);
		}
		await assert.rejects(client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'hi' }] }));
		emulator.addFault({ route: 'POST /v1/chat/completions', kind: 'status-429' });
		await assert.rejects(client.chat.completions.create({ model: chatModel, messages: [{ role: 'user', content: 'hi' }] }, { maxRetries: 0 }));
		emulator.addFault({ route: 'GET /v1/fine_tuning/jobs', kind: 'status-500' });
		await assert.rejects(client.fineTuning.jobs.list({}, { maxRetries: 0 }));
		await client.completions.create({ model: legacyModel, prompt: 'Translate refund ->', max_tokens: 5 });
		await client.models.delete(legacyModel);
		const unauthenticated = await recordingFetch(`${emulator.baseURL}/models`);
		assert.equal(unauthenticated.status, 401);
	});

	it('chat streams: a mid-stream rate limit is an ErrorResponse event, a streamed legacy completion ends with its usage', async () => {
		const { client, emulator } = context();
		emulator.addFault({ route: 'POST /v1/chat/completions', kind: 'rate-limit-mid-stream', afterChunks: 2 });
		const response = await recordingFetch(`${emulator.baseURL}/chat/completions`, {
			method: 'POST',
			headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
			body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } }),
		});
		const events = (await response.text()).split('\n\n').filter((block) => block.startsWith('data: ')).map((block) => JSON.parse(block.slice('data: '.length)) as unknown);
		assert.equal(events.length, 3);
		assert.deepEqual(checker.checkResponse('POST', '/v1/chat/completions', 429, 'application/json', events[2]), []);
		for await (const chunk of await client.completions.create({ model: 'babbage-002', prompt: 'hi', stream: true, stream_options: { include_usage: true } })) {
			assert.equal(chunk.object, 'text_completion');
		}
	});

	it('models carry shutdown_date: the wind-down date for gpt-4o and gpt-4.1 (and their fine-tunes), one within 30 days, null elsewhere', async () => {
		const { client } = context();
		const listed = (await client.models.list()).data as (OpenAI.Models.Model & { shutdown_date?: string | null })[];
		const dateOf = (id: string) => listed.find((model) => model.id === id)?.shutdown_date;
		assert.equal(dateOf('gpt-4o-mini-2024-07-18'), '2027-01-14');
		assert.equal(dateOf('gpt-4.1-2025-04-14'), '2027-01-14');
		assert.equal(dateOf('babbage-002'), null);
		const soon = Date.parse(dateOf('gpt-4.1-nano-2025-04-14') ?? '') - Date.now();
		assert.ok(soon > 28 * 86_400_000 && soon <= 30 * 86_400_000, String(soon));
		assert.ok(listed.filter((model) => model.id.startsWith('ft:gpt-4o-mini-2024-07-18:')).every((model) => model.shutdown_date === '2027-01-14'));
	});

	it('exercised every emulated operation with a 200, and every known description gap', () => {
		const expected = Object.entries(EMULATED_OPERATIONS).flatMap(([template, methods]) => methods.map((m) => `${m.toUpperCase()} ${template}`));
		assert.deepEqual(expected.filter((op) => !seenOperations.has(op)), []);
		assert.deepEqual(KNOWN_DESCRIPTION_GAPS.map((g) => g.name).filter((name) => !seenGaps.has(name)), []);
	});

	describe('the checker itself', () => {
		const validJob = {
			id: 'ftjob-abc', object: 'fine_tuning.job', created_at: 1, error: null, fine_tuned_model: null, finished_at: null,
			hyperparameters: { n_epochs: 'auto', batch_size: 'auto', learning_rate_multiplier: 'auto' }, model: 'gpt-4o-mini-2024-07-18',
			organization_id: 'org-x', result_files: [], seed: 1, status: 'queued', trained_tokens: null, training_file: 'file-a', validation_file: null,
		};
		const validFile = { id: 'file-a', object: 'file', bytes: 12, created_at: 1, filename: 'a.jsonl', purpose: 'fine-tune', status: 'processed' };

		it('accepts valid bodies', () => {
			assert.deepEqual(checker.checkResponse('GET', '/v1/fine_tuning/jobs/ftjob-abc', 200, 'application/json', validJob), []);
			assert.deepEqual(checker.checkResponse('GET', '/v1/files/file-a?x=1', 200, 'application/json; charset=utf-8', validFile), []);
		});

		it('rejects a job without status, a file with bytes as a string, and other broken exchanges', () => {
			const jobWithoutStatus: Partial<typeof validJob> = { ...validJob };
			delete jobWithoutStatus.status;
			assert.match(checker.checkResponse('GET', '/v1/fine_tuning/jobs/ftjob-abc', 200, 'application/json', jobWithoutStatus).join('\n'), /must have required property 'status'/);
			assert.match(checker.checkResponse('GET', '/v1/files/file-a', 200, 'application/json', { ...validFile, bytes: '12' }).join('\n'), /\/bytes must be integer/);
			assert.match(checker.checkResponse('GET', '/v1/files/file-a', 201, 'application/json', validFile).join('\n'), /status 201 is not declared/);
			assert.match(checker.checkResponse('GET', '/v1/files/file-a', 404, 'application/json', { message: 'no' }).join('\n'), /must have required property 'error'/);
			assert.match(checker.checkResponse('GET', '/v1/nowhere', 200, 'application/json', {}).join('\n'), /no path in the description matches/);
			assert.match(checker.checkResponse('POST', '/v1/chat/completions', 200, 'text/event-stream', 'data: {"id":"x"}\n\n').join('\n'), /\[DONE\]/);
			assert.match(checker.checkRequest('POST', '/v1/fine_tuning/jobs', 'application/json', { model: 'gpt-4o-mini' }).join('\n'), /must have required property 'training_file'/);
			assert.match(checker.checkRequest('POST', '/v1/fine_tuning/jobs', 'application/json', { model: 'm', training_file: 'f', method: { type: 'dpo', dpo: { hyperparameters: { beta: 3 } } } }).join('\n'), /beta/);
			assert.match(checker.checkRequest('POST', '/v1/uploads', 'application/json', { filename: 'a', purpose: 'fine-tune', bytes: 1 }).join('\n'), /mime_type/);
		});

		it('keeps OpenAPI 3.0 leftovers meaningful: nullable allows null, and only null', () => {
			assert.deepEqual(checker.checkRequest('POST', '/v1/fine_tuning/jobs', 'application/json', { model: 'm', training_file: 'f', suffix: null, seed: null }), []);
			assert.match(checker.checkRequest('POST', '/v1/fine_tuning/jobs', 'application/json', { model: 'm', training_file: 'f', suffix: 5 }).join('\n'), /suffix/);
			assert.match(checker.checkRequest('POST', '/v1/fine_tuning/jobs', 'application/json', { model: 'm', training_file: 'f', hyperparameters: { learning_rate_multiplier: 0 } }).join('\n'), /learning_rate_multiplier/);
		});
	});
});

/**
 * Azure OpenAI's data plane mirrors OpenAI's operations and schemas, so its exchanges go through the same
 * checker once the path is mapped: `/openai/…` (classic), `/openai/v1/…` and `/openai/deployments/{name}/…`
 * all become `/v1/…`. Where Azure differs the description is loose enough to hold both: model names
 * (`<base>.ft-<hex>`), checkpoint ids (`ftchkpt-…`) and the extra `trainingType` body field are free strings
 * or unchecked extras there. ARM has no OpenAI schema; azure.test.ts checks its shapes directly.
 */
function azureToOpenAIPath(path: string): string | undefined {
	return path.startsWith('/openai/') ? path.replace(/^\/openai(\/v1|\/deployments\/[^/]+)?(?=\/)/, '/v1') : undefined;
}

describe('emulator: OpenAPI contract, Azure OpenAI mode', () => {
	const { context, recordingFetch, seenOperations } = checkExchanges({ clock: 'manual', azure: true }, azureToOpenAIPath);

	it('files, jobs, checkpoints, models and chat by deployment, through the classic and the v1 clients', async () => {
		const { client, emulator, writeFile } = context();
		const azure = emulator.azure as NonNullable<typeof emulator.azure>;
		const classic = new AzureOpenAI({ endpoint: emulator.endpoint, apiKey: azure.apiKey, apiVersion: '2025-04-01-preview', fetch: recordingFetch, maxRetries: 0 });
		const file = await classic.files.create({ file: fs.createReadStream(writeFile('a.jsonl', supportChatDataset(12))), purpose: 'fine-tune' });
		await classic.files.list();
		await client.files.retrieve(file.id);
		const job = await classic.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: file.id, suffix: 'contract', trainingType: 'Standard' } as OpenAI.FineTuning.JobCreateParams);
		emulator.advance(JOB_MS);
		const done = await client.fineTuning.jobs.retrieve(job.id);
		await classic.fineTuning.jobs.list({ limit: 2 });
		await classic.fineTuning.jobs.listEvents(job.id, { limit: 5 });
		await client.fineTuning.jobs.checkpoints.list(job.id);
		await classic.models.list();
		await client.models.retrieve(done.fine_tuned_model as string);
		await assert.rejects(classic.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: file.id, trainingType: 'Nope' } as OpenAI.FineTuning.JobCreateParams));

		const deployment = await fetch(`${emulator.endpoint}${azure.accountPath}/deployments/contract?api-version=2024-10-01`, {
			method: 'PUT',
			headers: { authorization: `Bearer ${azure.managementToken}`, 'content-type': 'application/json' },
			body: JSON.stringify({ sku: { name: 'Standard', capacity: 1 }, properties: { model: { format: 'OpenAI', name: done.fine_tuned_model, version: '1' } } }),
		});
		assert.equal(deployment.status, 201);
		emulator.advance(JOB_MS);
		await classic.chat.completions.create({ model: 'contract', messages: [{ role: 'user', content: 'refund?' }] });
		for await (const chunk of await client.chat.completions.create({ model: 'contract', messages: [{ role: 'user', content: 'shipping?' }], stream: true, stream_options: { include_usage: true } })) {
			assert.equal(chunk.object, 'chat.completion.chunk');
		}
		await client.files.delete(file.id);
	});

	it('covered the Azure data plane\'s operations with a 200', () => {
		const expected = ['POST /files', 'GET /files', 'GET /files/{file_id}', 'DELETE /files/{file_id}', 'POST /fine_tuning/jobs', 'GET /fine_tuning/jobs', 'GET /fine_tuning/jobs/{fine_tuning_job_id}', 'GET /fine_tuning/jobs/{fine_tuning_job_id}/events', 'GET /fine_tuning/jobs/{fine_tuning_job_id}/checkpoints', 'GET /models', 'GET /models/{model}', 'POST /chat/completions'];
		assert.deepEqual(expected.filter((op) => !seenOperations.has(op)), []);
	});
});

describe('emulator: OpenAPI contract, fine-tuning closed to the organisation', () => {
	const { context } = checkExchanges({ clock: 'manual', fineTuningClosed: true });

	it('refuses job creation with an OpenAI error body (403 fine_tuning_not_available) and serves everything else', async () => {
		const { client } = context();
		const training = await uploadTrainingFile(context(), 'closed.jsonl', supportChatDataset(12));
		await assert.rejects(client.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: training }, { maxRetries: 0 }), (error: unknown) => {
			const { status, code } = error as { status?: number; code?: string };
			return status === 403 && code === 'fine_tuning_not_available';
		});
		assert.deepEqual((await client.fineTuning.jobs.list()).data, []);
		await client.models.list();
	});
});

describe('emulator: OpenAPI contract, a server that does not stream', () => {
	const { context } = checkExchanges({ clock: 'manual', noStreaming: true });

	it('refuses stream: true with an OpenAI error body (400 unsupported_value) and answers without it', async () => {
		const { client } = context();
		await assert.rejects(client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true }));
		await assert.rejects(client.completions.create({ model: 'babbage-002', prompt: 'hi', stream: true }));
		await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
		await client.completions.create({ model: 'babbage-002', prompt: 'hi' });
	});
});
