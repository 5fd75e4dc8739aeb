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
		assert.deepEqual(Object.keys(report).sort(), ['examples', 'file', 'findings', 'format', 'tokens']);
		assert.deepEqual(Object.keys(report.tokens).sort(), ['max', 'mean', 'min', 'p95', 'total']);
		assert.equal(report.format, 'chat');
		const invalidJson = report.findings.find((finding) => finding.code === 'jsonl.invalid-json');
		assert.deepEqual(invalidJson && { line: invalidJson.line, severity: invalidJson.severity }, { line: 5, severity: 'error' });
		for (const finding of report.findings) {
			assert.deepEqual(Object.keys(finding).sort(), ['code', 'column', 'endColumn', 'endLine', 'line', 'message', 'severity']);
			assert.ok(finding.line >= 1 && finding.column >= 1 && finding.endLine >= finding.line);
		}
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
