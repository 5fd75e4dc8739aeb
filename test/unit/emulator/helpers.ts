import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OpenAI } from 'openai';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../fixtures/openai-emulator';

/** An emulator, an OpenAI client on it and a scratch directory, shared by the tests of one `describe`. */
export interface EmulatorContext {
	emulator: Emulator;
	client: OpenAI;
	/** Writes a scratch file and returns its path. */
	writeFile(name: string, content: string): string;
}

/** Starts an emulator (manual clock unless told otherwise) in `before` and closes it in `after`. */
export function useEmulator(options: EmulatorOptions = { clock: 'manual' }, clientOptions: { fetch?: typeof fetch } = {}): () => EmulatorContext {
	let context: EmulatorContext | undefined;
	let scratch: string | undefined;
	before(async () => {
		const emulator = await startEmulator(options);
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-test-'));
		scratch = dir;
		context = {
			emulator,
			// In the Azure mode this is the v1 style: the resource key as bearer token on `/openai/v1`.
			client: new OpenAI({ apiKey: emulator.azure?.apiKey ?? 'sk-test-emulator', baseURL: emulator.baseURL, maxRetries: 2, ...clientOptions }),
			writeFile(name, content) {
				const file = path.join(dir, name);
				fs.writeFileSync(file, content);
				return file;
			},
		};
	});
	afterEach(() => context?.emulator.clearFaults());
	after(async () => {
		await context?.emulator.close();
		if (scratch) {
			fs.rmSync(scratch, { recursive: true, force: true });
		}
	});
	return () => {
		if (!context) {
			throw new Error('the emulator context is only available inside tests');
		}
		return context;
	};
}

const TOPICS = ['refund', 'shipping', 'password', 'invoice', 'warranty', 'delivery', 'account', 'discount', 'return', 'subscription', 'upgrade', 'cancel'];

/** `count` chat examples of a small support bot, each topic with its own answer. */
export function supportChatDataset(count = 12): string {
	return jsonl(count, (i) => {
		const topic = TOPICS[i % TOPICS.length];
		return {
			messages: [
				{ role: 'system', content: 'You are a concise support agent.' },
				{ role: 'user', content: `How do I handle a ${topic} request number ${i}?` },
				{ role: 'assistant', content: `For ${topic} requests, open the ${topic} page and follow the steps (case ${i}).` },
			],
		};
	});
}

/** `count` prompt-completion pairs, the legacy format of babbage-002 and davinci-002. */
export function promptCompletionDataset(count = 12): string {
	return jsonl(count, (i) => ({ prompt: `Translate ${TOPICS[i % TOPICS.length]} ->`, completion: ` ${TOPICS[i % TOPICS.length].toUpperCase()}` }));
}

/** `count` DPO examples. */
export function preferenceDataset(count = 12): string {
	return jsonl(count, (i) => ({
		input: { messages: [{ role: 'user', content: `Greet customer ${i}.` }] },
		preferred_output: [{ role: 'assistant', content: `Hello, customer ${i}! How can I help?` }],
		non_preferred_output: [{ role: 'assistant', content: 'What.' }],
	}));
}

/** Lines of JSON, one example each. */
export function jsonl(count: number, example: (index: number) => unknown): string {
	return Array.from({ length: count }, (_, i) => JSON.stringify(example(i))).join('\n') + '\n';
}

/** Uploads `content` as a `fine-tune` file through the SDK and returns its id. */
export async function uploadTrainingFile(context: EmulatorContext, name: string, content: string): Promise<string> {
	const file = await context.client.files.create({ file: fs.createReadStream(context.writeFile(name, content)), purpose: 'fine-tune' });
	return file.id;
}

/** The default job duration, in milliseconds, for `advance()`. */
export const JOB_MS = 20_000;
