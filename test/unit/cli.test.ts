import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT, runCli, type JsonFileReport } from '../../src/cli';
import { PROJECT_ROOT, SAMPLE_WORKSPACE } from '../host/paths';
import { useTestRanks } from './dataset/rankDirectory';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
	let out = '';
	let err = '';
	const code = await runCli(args, { out: (text) => (out += text), err: (text) => (err += text) });
	return { code, out, err };
}

const dataset = (name: string): string => path.join(SAMPLE_WORKSPACE, 'datasets', name);

describe('command line', () => {
	before(useTestRanks);

	it('prints the package version', async () => {
		const { version } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
		assert.deepEqual(await run(['--version']), { code: EXIT.ok, out: `${version}\n`, err: '' });
	});

	it('prints usage for help, and exits 2 when called with nothing', async () => {
		assert.equal((await run(['help'])).code, EXIT.ok);
		assert.match((await run(['--help'])).out, /^Usage: finetune-studio lint FILE/);
		assert.equal((await run([])).code, EXIT.usage);
	});

	it('exits 2 on bad usage: an unknown command, an unknown option, no file, a missing file', async () => {
		assert.match((await run(['frobnicate'])).err, /unknown command 'frobnicate'/);
		for (const args of [['frobnicate'], ['lint', '--frob', dataset('support-chat.jsonl')], ['lint'], ['lint', 'no/such/file.jsonl']]) {
			assert.equal((await run(args)).code, EXIT.usage, args.join(' '));
		}
	});

	it('exits 0 on a valid dataset and prints its summary', async () => {
		const { code, out } = await run(['lint', dataset('support-chat.jsonl')]);
		assert.equal(code, EXIT.ok, out);
		assert.match(out, /Examples: 12/);
	});

	it('exits 1 on a broken dataset and reports 1-based lines in the JSON contract', async () => {
		const { code, out } = await run(['lint', dataset('broken.jsonl'), '--json']);
		assert.equal(code, EXIT.findings);
		const reports = out.trim().split('\n').map((line) => JSON.parse(line) as JsonFileReport);
		assert.equal(reports.length, 1);
		const [report] = reports;
		assert.ok(report);
		assert.deepEqual(Object.keys(report).sort(), ['examples', 'file', 'findings', 'format', 'target', 'tokens']);
		assert.equal(report.target, 'openai');
		assert.deepEqual(Object.keys(report.tokens).sort(), ['max', 'mean', 'min', 'p95', 'total']);
		assert.equal(report.format, 'chat');
		const invalidJson = report.findings.find((finding) => finding.code === 'jsonl.invalid-json');
		assert.deepEqual(invalidJson && { line: invalidJson.line, severity: invalidJson.severity }, { line: 5, severity: 'error' });
		for (const finding of report.findings) {
			assert.deepEqual(Object.keys(finding).sort(), ['code', 'column', 'endColumn', 'endLine', 'line', 'message', 'severity']);
			assert.ok(finding.line >= 1 && finding.column >= 1 && finding.endLine >= finding.line);
		}
	});

	it('says a directory is a directory, and refuses an empty --model', async () => {
		const directory = await run(['lint', path.join(SAMPLE_WORKSPACE, 'datasets')]);
		assert.equal(directory.code, EXIT.usage);
		assert.match(directory.err, /is a directory/);
		const empty = await run(['lint', dataset('support-chat.jsonl'), '--model', '']);
		assert.equal(empty.code, EXIT.usage);
		assert.match(empty.err, /--model needs a model id/);
	});

	it('warns about an unknown --model, naming the closest known one, and says its price is unknown', async () => {
		const { code, out } = await run(['lint', dataset('support-chat.jsonl'), '--model', 'gpt-4o-mnii']);
		assert.equal(code, EXIT.ok, out);
		assert.match(out, /:1:1: warning dataset\.unknown-model: The target model "gpt-4o-mnii" is not one OpenAI fine-tunes \(did you mean gpt-4o-mini-2024-07-18\?\)/);
		assert.match(out, /Estimated cost: unknown/);
		assert.doesNotMatch(out, /billed by training time/);
	});

	describe('with hostile keys', () => {
		const hostile = '\u001b]0;PWNED\u0007\u001b[2K\r\u001b[32mOK: 0 errors\u009b2J\u202e';
		let file: string;
		before(() => {
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finetune-studio-cli-'));
			file = path.join(dir, 'hostile.jsonl');
			const lines = Array.from({ length: 10 }, (_, n) => JSON.stringify({ messages: [{ role: 'user', content: `Q${n}` }, { role: 'assistant', content: `A${n}` }], ...(n === 3 ? { [hostile]: 1, ['k'.repeat(5000)]: 2 } : {}) }));
			fs.writeFileSync(file, `${lines.join('\n')}\n`);
		});

		it('prints no control characters: keys are escaped and cut to about 60 characters', async () => {
			const { out } = await run(['lint', file]);
			// eslint-disable-next-line no-control-regex
			assert.doesNotMatch(out.replaceAll('\n', ''), /[\u0000-\u001f\u007f-\u009f\u202e]/);
			assert.match(out, /"\\u001b]0;PWNED\\u0007\\u001b\[2K\\r\\u001b\[32mOK: 0 errors\\u009b2J\\u202e" is not part of this format/);
			const long = out.split('\n').find((line) => line.includes('kkk'));
			assert.ok(long && long.length < 400, long);
			assert.match(long, /"k{59}…"/);
		});

		it('keeps --json free of control characters, and parseable back to the same message', async () => {
			const { out } = await run(['lint', file, '--json']);
			// eslint-disable-next-line no-control-regex
			assert.doesNotMatch(out.trimEnd(), /[\u0000-\u001f\u007f-\u009f\u202e]/);
			const report = JSON.parse(out) as JsonFileReport;
			assert.ok(report.findings.some((finding) => finding.message.startsWith('"\\u001b]0;PWNED')));
		});
	});

	it('prints a line\'s findings in column order, and singular counts', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finetune-studio-cli-'));
		const file = path.join(dir, 'order.jsonl');
		const lines = Array.from({ length: 10 }, (_, n) => JSON.stringify({ messages: [{ role: 'user', content: `Q${n}` }, { role: 'assistant', content: `A${n}` }] }));
		// The unknown key is found before the message rule, but sits further right.
		lines[3] = JSON.stringify({ messages: [{ role: 'user', content: 'Q' }, { role: 'assistant', content: 'A', weight: 1, foo: 1 }], zzz: 1 }).replace('"role":"user"', '"role":"usr"');
		fs.writeFileSync(file, `${lines.join('\n')}\n`);
		const { out } = await run(['lint', file]);
		const places = out.split('\n').filter((line) => line.startsWith(file)).map((line) => line.slice(file.length + 1).split(':').slice(0, 2).map(Number) as [number, number]);
		assert.ok(places.length >= 3, out);
		assert.deepEqual(places, [...places].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
		assert.match(out, /Problems: 2 errors, 1 warning$/m);
	});

	it('checks for the --target service: a byte order mark is an error for openai, a warning for compatible, asked for by azure', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finetune-studio-cli-'));
		const withBom = path.join(dir, 'bom.jsonl');
		const plain = dataset('support-chat.jsonl');
		fs.writeFileSync(withBom, `\uFEFF${fs.readFileSync(plain, 'utf8')}`);
		const codes = async (file: string, ...args: string[]): Promise<[number, string[]]> => {
			const { code, out } = await run(['lint', file, '--json', ...args]);
			const report = JSON.parse(out) as JsonFileReport;
			return [code, [report.target, ...report.findings.map((finding) => `${finding.code} ${finding.severity}`)]];
		};
		assert.deepEqual(await codes(withBom), [EXIT.findings, ['openai', 'jsonl.bom error']]);
		assert.deepEqual(await codes(withBom, '--target', 'openai'), [EXIT.findings, ['openai', 'jsonl.bom error']]);
		assert.deepEqual(await codes(withBom, '--target', 'compatible'), [EXIT.ok, ['compatible', 'jsonl.bom warning']]);
		assert.deepEqual(await codes(withBom, '--target', 'azure'), [EXIT.ok, ['azure']]);
		assert.deepEqual(await codes(plain, '--target', 'azure'), [EXIT.ok, ['azure', 'jsonl.missing-bom warning']]);
		assert.deepEqual(await codes(plain, '--target', 'compatible'), [EXIT.ok, ['compatible']]);
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('exits 2 on a --target that is not openai, azure or compatible, and lists them in the usage', async () => {
		for (const target of ['Azure', 'ollama', '']) {
			const { code, out, err } = await run(['lint', dataset('support-chat.jsonl'), '--target', target]);
			assert.equal(code, EXIT.usage, target);
			assert.equal(out, '');
			assert.match(err, new RegExp(`--target must be one of openai, azure, compatible, not '${target}'`));
		}
		assert.match((await run(['lint', dataset('support-chat.jsonl'), '--target'])).err, /--target/);
		assert.match((await run(['--help'])).out, /--target KIND +the service the files are for: openai, azure, compatible \(default\s+openai\)/);
	});

	it('checks a validation file against its training file', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finetune-studio-cli-'));
		const training = dataset('support-chat.jsonl');
		const validation = path.join(dir, 'valid.jsonl');
		fs.writeFileSync(validation, fs.readFileSync(training, 'utf8').split('\n').slice(0, 3).join('\n'));
		const { out } = await run(['lint', training, '--validation', validation, '--json']);
		const [, report] = out.trim().split('\n').map((line) => JSON.parse(line) as JsonFileReport);
		assert.equal(report?.findings.filter((finding) => finding.code === 'dataset.validation-overlap').length, 3);
		fs.rmSync(dir, { recursive: true, force: true });
	});
});
