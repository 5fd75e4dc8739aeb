import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { APIError, AzureOpenAI, BadRequestError, NotFoundError, OpenAI, PermissionDeniedError } from 'openai';

const MAIN = path.join(__dirname, '..', '..', 'fixtures', 'openai-emulator', 'main.js');

/** Runs `npm run emulator`'s entry point with `args`, hands its first output lines to `use`, then stops it. */
async function withEmulatorProcess(args: string[], lineCount: number, use: (lines: string[]) => Promise<void>): Promise<void> {
	const child = spawn(process.execPath, [MAIN, '--quiet', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
	try {
		const lines: string[] = [];
		for await (const line of readline.createInterface({ input: child.stdout })) {
			lines.push(line);
			if (lines.length === lineCount) {
				break;
			}
		}
		await use(lines);
	} finally {
		const exited = once(child, 'exit');
		child.kill('SIGTERM');
		await exited;
	}
}

describe('emulator: command line', () => {
	it('--azure prints the v1 base URL and the endpoint, key and tokens it accepts, which the SDK clients then use', async () => {
		await withEmulatorProcess(['--azure'], 2, async ([baseURL, azureLine]) => {
			assert.match(baseURL, /^http:\/\/127\.0\.0\.1:\d+\/openai\/v1$/);
			const endpoint = /Azure endpoint (\S+) \(api-key (\S+), Entra token (\S+)\)/.exec(azureLine);
			assert.ok(endpoint, azureLine);
			const classic = new AzureOpenAI({ endpoint: endpoint[1], apiKey: endpoint[2], apiVersion: '2024-10-21' });
			assert.ok((await classic.fineTuning.jobs.list()).data);
			assert.ok((await new OpenAI({ baseURL, apiKey: endpoint[3] }).models.list()).data.length > 0);
		});
	});

	it('--chat-only serves chat and answers the fine-tuning probe with 404', async () => {
		await withEmulatorProcess(['--chat-only'], 1, async ([baseURL]) => {
			const client = new OpenAI({ baseURL, apiKey: 'sk-test', maxRetries: 0 });
			assert.equal((await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })).object, 'chat.completion');
			await assert.rejects(client.fineTuning.jobs.list({ limit: 1 }), (error: unknown) => error instanceof NotFoundError);
		});
	});

	it('--fine-tuning-closed refuses job creation with 403 fine_tuning_not_available and still lists jobs', async () => {
		await withEmulatorProcess(['--fine-tuning-closed'], 1, async ([baseURL]) => {
			const client = new OpenAI({ baseURL, apiKey: 'sk-test', maxRetries: 0 });
			assert.ok((await client.fineTuning.jobs.list({ limit: 1 })).data);
			await assert.rejects(client.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: 'file-any' }), (error: unknown) => error instanceof PermissionDeniedError && error.code === 'fine_tuning_not_available');
		});
	});

	it('--help lists every flag, the new chat ones included, and exits', async () => {
		const child = spawn(process.execPath, [MAIN, '--help'], { stdio: ['ignore', 'pipe', 'inherit'] });
		let output = '';
		child.stdout.on('data', (data: Buffer) => (output += data.toString()));
		const [code] = (await once(child, 'exit')) as [number];
		assert.equal(code, 0);
		for (const flag of ['--port', '--job-seconds', '--data-dir', '--quiet', '--azure', '--deployment-seconds', '--chat-only', '--fine-tuning-closed', '--chat-token-delay-ms', '--no-streaming', '--fault', 'rate-limit-mid-stream', 'drop-mid-stream', 'afterChunks', '--help']) {
			assert.ok(output.includes(flag), flag);
		}
	});

	it('--no-streaming refuses stream: true with 400 unsupported_value', async () => {
		await withEmulatorProcess(['--no-streaming'], 1, async ([baseURL]) => {
			const client = new OpenAI({ baseURL, apiKey: 'sk-test', maxRetries: 0 });
			await assert.rejects(client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true }), (error: unknown) => error instanceof BadRequestError && error.code === 'unsupported_value');
		});
	});

	it('--chat-token-delay-ms paces the stream and --fault takes a mid-stream rate limit with afterChunks', async () => {
		await withEmulatorProcess(['--chat-token-delay-ms', '20', '--fault', 'rate-limit-mid-stream,POST /v1/chat/completions,afterChunks=3'], 1, async ([baseURL]) => {
			const client = new OpenAI({ baseURL, apiKey: 'sk-test', maxRetries: 0 });
			const started = Date.now();
			let chunks = 0;
			await assert.rejects(async () => {
				for await (const chunk of await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true })) {
					chunks += chunk.choices.length;
				}
			}, (error: unknown) => error instanceof APIError && error.code === 'rate_limit_exceeded');
			assert.equal(chunks, 3);
			assert.ok(Date.now() - started >= 3 * 20 * 0.9, `${Date.now() - started} ms`);
		});
	});
});
