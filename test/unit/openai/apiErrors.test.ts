import * as assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { Logger } from '../../../src/logger';
import { createOpenAIClient } from '../../../src/openai/client';
import { API_KEY_REJECTED_MESSAGE, ApiError, isFineTuningClosed } from '../../../src/openai/errors';
import { JobsService } from '../../../src/openai/jobs';
import { ModelsService } from '../../../src/openai/models';
import { startEmulator } from '../../fixtures/openai-emulator';
import { TEST_API_KEY, useEmulator } from './emulatorHarness';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	await new Promise<void>((resolve) => server.close(() => resolve()));
	assert.ok(address && typeof address === 'object');
	return address.port;
}

function recordingLogger(): Logger & { lines: string[] } {
	const lines: string[] = [];
	return { lines, info: (line) => lines.push(line), warn: (line) => lines.push(line), error: (line) => lines.push(line) };
}

describe('openai error mapping (emulator)', () => {
	const fixture = useEmulator();
	// No SDK retries: these tests are about the mapping, not the backoff.
	const noRetries = () => fixture().client.withOptions({ maxRetries: 0 });

	it("maps a rejected key to 'auth' without echoing the key", async () => {
		const wrongKey = 'sk-proj-Wrong.Key.With.Dots.123456789';
		const logger = recordingLogger();
		const client = createOpenAIClient({ apiKey: wrongKey, baseURL: fixture().emulator.baseURL }, logger);
		const error = await new ModelsService(client, logger).list().then(
			() => assert.fail('expected a 401'),
			(thrown: unknown) => thrown,
		);
		assert.ok(ApiError.is(error, 'auth'));
		assert.equal(error.message, API_KEY_REJECTED_MESSAGE);
		assert.equal(error.status, 401);
		for (const text of [error.message, String(error.stack), JSON.stringify(error), ...logger.lines]) {
			assert.ok(!text.includes(wrongKey) && !text.includes('123456789'), text);
		}
	});

	it('scrubs the key when the server echoes it back in a message', async () => {
		const logger = recordingLogger();
		const error = await new ModelsService(noRetries(), logger).retrieve(TEST_API_KEY).then(
			() => assert.fail('expected a 404'),
			(thrown: unknown) => thrown,
		);
		assert.ok(ApiError.is(error, 'not-found'));
		assert.match(error.message, /\[redacted\]/, 'the echo was there, and was scrubbed');
		for (const text of [error.message, String(error.stack), JSON.stringify(error), ...logger.lines]) {
			assert.ok(!text.includes(TEST_API_KEY), text);
		}
	});

	it("maps a 429 without a quota code to 'rate-limited', retryable, with Retry-After", async () => {
		fixture().emulator.addFault({ route: 'GET /v1/models', kind: 'status-429', retryAfterSeconds: 7 });
		const error = await new ModelsService(noRetries()).list().catch((thrown: unknown) => thrown);
		assert.ok(ApiError.is(error, 'rate-limited'));
		assert.equal(error.retryable, true);
		assert.equal(error.retryAfterMs, 7_000);
		assert.equal(error.code, 'rate_limit_exceeded');
	});

	it("maps a 500 to 'server', retryable, after the SDK's own retries", async () => {
		fixture().emulator.addFault({ route: 'GET /v1/models', kind: 'status-500', times: 2 });
		const client = fixture().client.withOptions({ maxRetries: 1 });
		const error = await new ModelsService(client).list().catch((thrown: unknown) => thrown);
		assert.ok(ApiError.is(error, 'server'));
		assert.equal(error.retryable, true);
		assert.equal(error.status, 500);
	});

	it("maps a dropped connection to 'network'", async () => {
		fixture().emulator.addFault({ route: 'GET /v1/fine_tuning/jobs', kind: 'drop-connection' });
		const error = await new JobsService(noRetries()).list().catch((thrown: unknown) => thrown);
		assert.ok(ApiError.is(error, 'network'));
	});

	it("maps a server that is not there to 'network', naming the host", async () => {
		const port = await closedPort();
		const client = createOpenAIClient({ apiKey: TEST_API_KEY, baseURL: `http://127.0.0.1:${port}/v1` }).withOptions({ maxRetries: 0 });
		const error = await new JobsService(client).list().catch((thrown: unknown) => thrown);
		assert.ok(ApiError.is(error, 'network'));
		assert.equal(error.message, `Can't reach 127.0.0.1:${port}: check your network or the base URL setting`);
		assert.equal(error.retryable, true);
	});

	it("maps a request id onto the error when the server sends one", async () => {
		const error = await new JobsService(noRetries()).retrieve('ftjob-missing').catch((thrown: unknown) => thrown);
		assert.ok(ApiError.is(error, 'not-found'));
		assert.ok(error.requestId === undefined || error.requestId.length > 0);
	});
});

describe('openai error mapping: fine-tuning closed to the organisation', () => {
	it("recognises OpenAI's refusal conservatively: a 403 or 400 with a fine-tuning-unavailable code or message, nothing else", () => {
		assert.equal(isFineTuningClosed(403, 'fine_tuning_not_available', 'Forbidden'), true);
		assert.equal(isFineTuningClosed(403, null, 'Fine-tuning is no longer available to your organization.'), true);
		assert.equal(isFineTuningClosed(400, undefined, 'Creating fine-tuning jobs is not available for this organization'), true);
		assert.equal(isFineTuningClosed(403, null, 'You do not have access to the project proj_abc.'), false, 'another permission problem');
		assert.equal(isFineTuningClosed(400, 'invalid_value', 'Invalid suffix: it must be between 1 and 64 characters long.'), false);
		assert.equal(isFineTuningClosed(500, 'fine_tuning_not_available', 'Fine-tuning is no longer available'), false, 'a server error is not a refusal');
	});

	it("maps the emulator's refusal (403 fine_tuning_not_available) to 'fine-tuning-closed' with what OpenAI said", async () => {
		const emulator = await startEmulator({ clock: 'manual', fineTuningClosed: true });
		try {
			const jobs = new JobsService(createOpenAIClient({ apiKey: TEST_API_KEY, baseURL: emulator.baseURL }));
			const error = await jobs.create({ method: 'supervised', model: 'gpt-4o-mini-2024-07-18', trainingFile: 'file-x' }).then(
				() => assert.fail('expected a refusal'),
				(thrown: unknown) => thrown,
			);
			assert.ok(ApiError.is(error, 'fine-tuning-closed'), String(error));
			assert.equal(error.status, 403);
			assert.match(error.message, /^OpenAI no longer lets this organization create fine-tuning jobs: Fine-tuning is no longer available/);
		} finally {
			await emulator.close();
		}
	});
});
