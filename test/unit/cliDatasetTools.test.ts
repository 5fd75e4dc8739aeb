import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT, runCli } from '../../src/cli';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
	let out = '';
	let err = '';
	const code = await runCli(args, { out: (text) => (out += text), err: (text) => (err += text) });
	return { code, out, err };
}

const chat = (index: number): string => JSON.stringify({ messages: [{ role: 'user', content: `Q${index}` }, { role: 'assistant', content: `A${index}` }] });
const alpaca = (index: number): string => JSON.stringify({ instruction: `Do ${index}.`, input: '', output: `Done ${index}.` });

describe('command line: dataset tools', () => {
	let dir: string;
	beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finetune-studio-cli-tools-'))));
	afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

	const write = (name: string, lines: readonly string[]): string => {
		const file = path.join(dir, name);
		fs.writeFileSync(file, `${lines.join('\n')}\n`);
		return file;
	};
	const lines = (file: string): string[] => fs.readFileSync(file, 'utf8').split('\n').filter((line) => line !== '');

	describe('convert', () => {
		it('exits 0 when every record converted, writing NAME.TARGET.jsonl beside the file and a summary on stderr', async () => {
			const file = write('data.jsonl', [alpaca(1), alpaca(2)]);
			const { code, out, err } = await run(['convert', file, '--to', 'chat']);
			assert.equal(code, EXIT.ok, err);
			assert.equal(out, '');
			assert.match(err, /^Converted 2 of 2 records to OpenAI chat \(2 from Alpaca/);
			assert.deepEqual(lines(path.join(dir, 'data.chat.jsonl')).map((line) => (JSON.parse(line) as { messages: unknown[] }).messages.length), [2, 2]);
		});

		it('exits 1 when some records were skipped, listing them by reason with line numbers', async () => {
			const file = write('data.jsonl', [alpaca(1), '{"text": "no layout"}', 'not json', alpaca(2)]);
			const { code, err } = await run(['convert', file, '--to', 'trl-sft', '--out', path.join(dir, 'out.jsonl')]);
			assert.equal(code, EXIT.skipped);
			assert.match(err, /Skipped 2 records:\n {2}the layout is none of .* \(1\): line 2\n {2}the line is not valid JSON \(1\): line 3\n/);
			assert.equal(lines(path.join(dir, 'out.jsonl')).length, 2);
		});

		it('writes no file when no record converted', async () => {
			const file = write('data.jsonl', [chat(1), chat(2)]);
			const { code, err } = await run(['convert', file, '--to', 'dpo']);
			assert.equal(code, EXIT.skipped);
			assert.match(err, /^Converted 0 of 2 records to OpenAI preference \(DPO\) → nothing written\nSkipped 2 records:\n {2}chat \(messages\) records have one answer.* lines 1, 2\n$/);
			assert.deepEqual(fs.readdirSync(dir), ['data.jsonl']);
		});

		it('writes to standard output with --out -, and takes --from', async () => {
			const file = write('data.jsonl', [JSON.stringify({ prompt: 'Q', chosen: 'Good', rejected: 'Bad' })]);
			const { code, out } = await run(['convert', file, '--to', 'dpo', '--from', 'trl-preference', '--out', '-']);
			assert.equal(code, EXIT.ok);
			assert.deepEqual(JSON.parse(out), { input: { messages: [{ role: 'user', content: 'Q' }] }, preferred_output: [{ role: 'assistant', content: 'Good' }], non_preferred_output: [{ role: 'assistant', content: 'Bad' }] });
		});

		it('exits 2 on bad usage, and keeps an existing output unless --force', async () => {
			const file = write('data.jsonl', [alpaca(1)]);
			for (const args of [['convert', file], ['convert', file, '--to', 'parquet'], ['convert', file, '--to', 'chat', '--from', 'csv'], ['convert', '--to', 'chat'], ['convert', path.join(dir, 'missing.jsonl'), '--to', 'chat'], ['convert', file, file, '--to', 'chat'], ['convert', file, '--to', 'chat', '--frob']]) {
				assert.equal((await run(args)).code, EXIT.usage, args.join(' '));
			}
			const target = write('data.chat.jsonl', ['keep me']);
			const refused = await run(['convert', file, '--to', 'chat']);
			assert.equal(refused.code, EXIT.usage);
			assert.match(refused.err, /already exists; pass --force to replace it/);
			assert.deepEqual(lines(target), ['keep me']);
			assert.equal((await run(['convert', file, '--to', 'chat', '--force'])).code, EXIT.ok);
			assert.notDeepEqual(lines(target), ['keep me']);
		});

		it('refuses to write through a symlink', async () => {
			const file = write('data.jsonl', [alpaca(1)]);
			const elsewhere = write('elsewhere.jsonl', ['precious']);
			fs.symlinkSync(elsewhere, path.join(dir, 'data.chat.jsonl'));
			const { code, err } = await run(['convert', file, '--to', 'chat', '--force']);
			assert.equal(code, EXIT.usage);
			assert.match(err, /symbolic link/);
			assert.deepEqual(lines(elsewhere), ['precious']);
		});
	});

	describe('split', () => {
		it('exits 0, writing NAME.train.jsonl and NAME.valid.jsonl, the same for the same seed', async () => {
			const file = write('data.jsonl', Array.from({ length: 50 }, (_, index) => chat(index)));
			const { code, err } = await run(['split', file, '--fraction', '0.2', '--seed', '9']);
			assert.equal(code, EXIT.ok, err);
			assert.match(err, /^Split 50 examples: 40 for training → .*data\.train\.jsonl, 10 for validation → .*data\.valid\.jsonl\n$/);
			const validation = lines(path.join(dir, 'data.valid.jsonl'));
			const again = await run(['split', file, '--fraction', '0.2', '--seed', '9', '--train-out', path.join(dir, 't.jsonl'), '--valid-out', path.join(dir, 'v.jsonl')]);
			assert.equal(again.code, EXIT.ok);
			assert.deepEqual(lines(path.join(dir, 'v.jsonl')), validation);
		});

		it('exits 1 on too few distinct examples, 2 on bad usage', async () => {
			const file = write('same.jsonl', [chat(1), chat(1)]);
			assert.equal((await run(['split', file])).code, EXIT.tooFew);
			const data = write('data.jsonl', [chat(1), chat(2)]);
			for (const args of [['split', data, '--fraction', '1'], ['split', data, '--fraction', 'half'], ['split', data, '--seed', '-1'], ['split', data, '--out', 'x.jsonl'], ['split', data, '--train-out', 'a.jsonl', '--valid-out', 'a.jsonl'], ['split']]) {
				assert.equal((await run(args)).code, EXIT.usage, args.join(' '));
			}
		});
	});

	describe('dedupe', () => {
		it('exits 0 and lists the duplicate groups; --near merges case and white space', async () => {
			const file = write('data.jsonl', [chat(1), chat(2), chat(1), chat(1).replace('Q1', 'q1')]);
			const exact = await run(['dedupe', file]);
			assert.equal(exact.code, EXIT.ok);
			assert.equal(exact.err, `Kept 3 of 4 examples, removing 1 duplicate in 1 group → ${path.join(dir, 'data.dedupe.jsonl')}\n  2×: lines 1, 3\n`);
			const near = await run(['dedupe', file, '--near', '--out', path.join(dir, 'near.jsonl')]);
			assert.equal(near.code, EXIT.ok);
			assert.match(near.err, /removing 2 near duplicates in 1 group .*\n {2}3×: lines 1, 3, 4\n$/);
			assert.equal(lines(path.join(dir, 'near.jsonl')).length, 2);
		});

		it('exits 2 on bad usage', async () => {
			const file = write('data.jsonl', [chat(1)]);
			for (const args of [['dedupe'], ['dedupe', file, '--near=yes'], ['dedupe', dir]]) {
				assert.equal((await run(args)).code, EXIT.usage, args.join(' '));
			}
		});
	});

	describe('sample', () => {
		it('exits 0, taking --count or --fraction with a seed', async () => {
			const file = write('data.jsonl', Array.from({ length: 40 }, (_, index) => chat(index)));
			const { code, err } = await run(['sample', file, '--count', '5', '--seed', '3']);
			assert.equal(code, EXIT.ok, err);
			assert.match(err, /^Sampled 5 of 40 examples \(seed 3\)/);
			assert.equal(lines(path.join(dir, 'data.sample.jsonl')).length, 5);
			assert.equal((await run(['sample', file, '--fraction', '0.5', '--out', path.join(dir, 'half.jsonl')])).code, EXIT.ok);
			assert.equal(lines(path.join(dir, 'half.jsonl')).length, 20);
		});

		it('exits 2 without exactly one of --count and --fraction, or with a bad one', async () => {
			const file = write('data.jsonl', [chat(1)]);
			for (const args of [['sample', file], ['sample', file, '--count', '2', '--fraction', '0.5'], ['sample', file, '--count', '0'], ['sample', file, '--count', '2.5'], ['sample', file, '--fraction', '0']]) {
				assert.equal((await run(args)).code, EXIT.usage, args.join(' '));
			}
		});

		it('says which value is wrong and what it takes, for --count, --fraction and --seed alike in every tool', async () => {
			const file = write('data.jsonl', [chat(1)]);
			const said = async (args: string[]): Promise<string> => {
				const { code, err } = await run(args);
				assert.equal(code, EXIT.usage, args.join(' '));
				return err;
			};
			assert.equal(await said(['sample', file, '--count', '2.5']), "finetune-studio: --count must be a whole number above 0, not '2.5'\n");
			assert.equal(await said(['sample', file, '--fraction', '1e-1']), "finetune-studio: --fraction must be a number above 0 and at most 1, such as 0.1, not '1e-1'\n");
			assert.equal(await said(['split', file, '--fraction', '1']), "finetune-studio: --fraction must be a number above 0 and below 1, such as 0.1, not '1'\n");
			assert.equal(await said(['shuffle', file, '--seed', '1.5']), "finetune-studio: --seed must be a whole number from 0 to 4294967295, not '1.5'\n");
			assert.equal(await said(['sample', file, '--count', '1', '--seed', '']), "finetune-studio: --seed must be a whole number from 0 to 4294967295, not ''\n");
		});
	});

	describe('shuffle', () => {
		it('exits 0 and writes every example in a seeded order', async () => {
			const data = Array.from({ length: 30 }, (_, index) => chat(index));
			const file = write('data.jsonl', data);
			const { code, err } = await run(['shuffle', file, '--seed', '4']);
			assert.equal(code, EXIT.ok, err);
			const shuffled = lines(path.join(dir, 'data.shuffled.jsonl'));
			assert.deepEqual([...shuffled].sort(), [...data].sort());
			assert.notDeepEqual(shuffled, data);
		});

		it('exits 2 on bad usage, and on an existing output without --force', async () => {
			const file = write('data.jsonl', [chat(1)]);
			for (const args of [['shuffle'], ['shuffle', file, '--seed', 'abc'], ['shuffle', file, '--seed', '4294967296']]) {
				assert.equal((await run(args)).code, EXIT.usage, args.join(' '));
			}
			write('data.shuffled.jsonl', ['keep']);
			assert.equal((await run(['shuffle', file])).code, EXIT.usage);
			assert.equal((await run(['shuffle', file, '--force'])).code, EXIT.ok);
		});
	});
});
