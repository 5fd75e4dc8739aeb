import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { OpenAI } from 'openai';
import { startEmulator, type Emulator } from '../../fixtures/openai-emulator';
import { createOpenAIClient } from '../../../src/openai/client';

/** Key-shaped, so the scrubbing tests can look for it in everything the services produce. */
export const TEST_API_KEY = 'sk-proj-TestKey0123456789abcdefEmulator';

/** An emulator with a manual clock, a client pointed at it and a scratch directory, for one `describe`. */
export interface EmulatorFixture {
	readonly emulator: Emulator;
	readonly client: OpenAI;
	readonly scratchDir: string;
}

/** Starts the emulator in `before` and closes it in `after`; read the fixture inside tests only. */
export function useEmulator(): () => EmulatorFixture {
	let fixture: EmulatorFixture | undefined;
	before(async () => {
		const emulator = await startEmulator({ clock: 'manual' });
		const scratchDir = await mkdtemp(path.join(tmpdir(), 'finetune-studio-openai-'));
		fixture = { emulator, client: createOpenAIClient({ apiKey: TEST_API_KEY, baseURL: emulator.baseURL }), scratchDir };
	});
	afterEach(() => fixture?.emulator.clearFaults());
	after(async () => {
		await fixture?.emulator.close();
		if (fixture) {
			await rm(fixture.scratchDir, { recursive: true, force: true });
		}
	});
	return () => {
		if (!fixture) {
			throw new Error('useEmulator(): the fixture is only available inside tests');
		}
		return fixture;
	};
}

/** Writes `content` to a file in the scratch directory. */
export async function writeScratchFile(fixture: EmulatorFixture, name: string, content: string | Buffer): Promise<string> {
	const filePath = path.join(fixture.scratchDir, name);
	await writeFile(filePath, content);
	return filePath;
}

/** `count` valid chat examples, one JSON object a line. */
export function chatDataset(count = 12): string {
	return lines(count, (i) => ({ messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: `What is ${i} + ${i}?` }, { role: 'assistant', content: `${i + i}.` }] }));
}

/** A valid chat dataset of a little over `bytes`, different on every line so misordered or cut bytes show. */
export function largeChatDataset(bytes: number): string {
	const parts: string[] = [];
	let size = 0;
	for (let i = 0; size < bytes; i++) {
		const line = JSON.stringify({ messages: [{ role: 'user', content: `Question number ${i}: ${'why '.repeat(20)}` }, { role: 'assistant', content: `Answer number ${i}.` }] }) + '\n';
		parts.push(line);
		size += Buffer.byteLength(line);
	}
	return parts.join('');
}

/** `count` valid DPO examples. */
export function preferenceDataset(count = 12): string {
	return lines(count, (i) => ({
		input: { messages: [{ role: 'user', content: `Greet customer ${i}.` }] },
		preferred_output: [{ role: 'assistant', content: `Hello, customer ${i}! How can I help?` }],
		non_preferred_output: [{ role: 'assistant', content: 'What.' }],
	}));
}

/** `count` valid reinforcement examples with a reference answer. */
export function reinforcementDataset(count = 12): string {
	return lines(count, (i) => ({ messages: [{ role: 'user', content: `What is ${i} times 2?` }], answer: String(i * 2) }));
}

function lines(count: number, example: (index: number) => unknown): string {
	return Array.from({ length: count }, (_, i) => JSON.stringify(example(i))).join('\n') + '\n';
}
