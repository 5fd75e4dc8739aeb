import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import * as path from 'node:path';
import { EXIT, runCli } from '../../../src/cli';
import { PROJECT_ROOT } from '../../host/paths';
import { TEST_API_KEY, useEmulator } from '../openai/emulatorHarness';
import { contentGets, filesBelow, seedJobs, type SeededJobs } from './exportFixture';

// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('command line: export (emulator)', () => {
	const fixture = useEmulator();
	let seeded: SeededJobs;
	let scratch: string;

	before(async () => {
		seeded = await seedJobs(fixture());
		scratch = await mkdtemp(path.join(fixture().scratchDir, 'cli-'));
	});

	const environment = (): NodeJS.ProcessEnv => ({ OPENAI_API_KEY: TEST_API_KEY, OPENAI_BASE_URL: fixture().emulator.baseURL });

	async function run(args: string[], env: NodeJS.ProcessEnv = environment()) {
		let out = '';
		let err = '';
		const since = fixture().emulator.requests.length;
		const code = await runCli(args, { out: (text) => (out += text), err: (text) => (err += text) }, { env });
		return { code, out, err, downloads: contentGets(fixture().emulator, since) };
	}

	it('exits 0 having exported every job, a progress line per file on stderr and the summary on stdout; a second run downloads nothing and exits 0', async () => {
		const outDir = path.join(scratch, 'all');
		const first = await run(['export', '--out', outDir]);

		assert.equal(first.code, EXIT.ok, first.out + first.err);
		assert.match(first.out, /^Exported 3 of 3 jobs to /);
		assert.match(first.out, /Files: 6 downloaded \([\d.]+ MB\), 1 shared with another job, 0 already there/);
		const written = await filesBelow(outDir);
		const progressLines = first.err.trimEnd().split('\n');
		assert.equal(progressLines.length, written.length, 'one line per file');
		for (const file of written) {
			assert.ok(progressLines.some((line) => line.endsWith(file) || line.includes(`${file} (`)), `${file} is reported`);
		}
		assert.doesNotMatch(first.err + first.out, CONTROLS, 'no escape codes when stderr is not a terminal');

		const second = await run(['export', '--out', outDir]);
		assert.equal(second.code, EXIT.ok, second.out + second.err);
		assert.deepEqual(second.downloads, []);
		assert.match(second.out, /Files: 0 downloaded \(0 bytes\), 0 shared with another job, 7 already there/);
		assert.deepEqual(await filesBelow(outDir), written);
	});

	it('on a terminal, keeps a running byte count on the last line of stderr and erases it before each file line and the summary', async () => {
		const outDir = path.join(scratch, 'terminal');
		let err = '';
		const code = await runCli(['export', '--out', outDir, '--job', seeded.jobIds[1] as string], { out: () => undefined, err: (text) => (err += text), errIsTerminal: true }, { env: environment() });
		assert.equal(code, EXIT.ok);
		const erase = '\r\u001b[2K';
		const lines = err.split('\n');
		assert.equal(lines.pop(), '', 'the count is erased at the end');
		assert.ok(lines.some((line) => /downloading [\d.]+ \w+ of 3\.0 MB \(\d+%\)/.test(line)), 'a running count');
		for (const line of lines) {
			const visible = line.includes(erase) ? line.slice(line.lastIndexOf(erase) + erase.length) : line;
			assert.match(visible, /^(downloaded|written) +\S+ \([\d.]+ \w+\)$/, 'each file line starts on an erased line');
		}
		assert.equal(lines.length, 6, 'a line per file: four details, the training file, the result');
	});

	it('exits 1 and lists what could not be exported: a job that does not exist', async () => {
		const outDir = path.join(scratch, 'missing');
		const { code, out } = await run(['export', '--out', outDir, '--job', seeded.jobIds[0] as string, '--job', 'ftjob-nope']);
		assert.equal(code, EXIT.incomplete);
		assert.match(out, /^Exported 1 of 1 job to /);
		assert.match(out, /Not exported \(1\); run the same command again to retry:\n {2}ftjob-nope: job: Not found: /);
	});

	it('exits 1 when the jobs cannot be listed, saying the key was rejected in terms of the command line', async () => {
		const { code, out } = await run(['export', '--out', path.join(scratch, 'rejected')], { ...environment(), OPENAI_API_KEY: 'not-a-key' });
		assert.equal(code, EXIT.incomplete);
		assert.match(out, /^Exported 0 of 0 jobs to /);
		assert.match(out, /\n {2}job list: the server rejected the key in OPENAI_API_KEY\n$/);
	});

	it('exits 1 when a download breaks off, and 0 on the run that completes it', async () => {
		const outDir = path.join(scratch, 'dropped');
		fixture().emulator.addFault({ route: `GET /v1/files/${seeded.sharedTrainingId}/content`, kind: 'drop-mid-response' });
		const first = await run(['export', '--out', outDir]);
		assert.equal(first.code, EXIT.incomplete);
		assert.match(first.err, /^failed {5}.*shared\.jsonl: The download of file-\w+ broke off after \d+ of \d+ bytes$/m);
		const second = await run(['export', '--out', outDir]);
		assert.equal(second.code, EXIT.ok, second.out);
		assert.deepEqual(second.downloads, [seeded.sharedTrainingId]);
	});

	it('exits 2 on bad usage and without an API key, before any request', async () => {
		const since = fixture().emulator.requests.length;
		const outDir = path.join(scratch, 'unused');
		const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
			[['export'], environment(), /export needs --out DIR/],
			[['export', '--out', ''], environment(), /export needs --out DIR/],
			[['export', '--out', outDir, 'stray'], environment(), /Unexpected argument 'stray'/],
			[['export', '--out', outDir, '--frob'], environment(), /Unknown option '--frob'/],
			[['export', '--out', outDir, '--job'], environment(), /--job/],
			[['export', '--out', outDir, '--job', ' '], environment(), /--job needs a job id/],
			[['export', '--out', outDir], { OPENAI_BASE_URL: fixture().emulator.baseURL }, /set OPENAI_API_KEY/],
			[['export', '--out', outDir], { OPENAI_API_KEY: '  ' }, /set OPENAI_API_KEY/],
		];
		for (const [args, env, message] of cases) {
			const { code, out, err } = await run(args, env);
			assert.equal(code, EXIT.usage, args.join(' '));
			assert.equal(out, '');
			assert.match(err, message);
		}
		assert.equal(fixture().emulator.requests.length, since, 'no request was made');
	});

	it('runs as a program: exits 0, and exits at once when done', async () => {
		const outDir = path.join(scratch, 'program');
		const cli = path.join(PROJECT_ROOT, 'out', 'src', 'cli.js');
		const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
			execFile(process.execPath, [cli, 'export', '--out', outDir, '--job', seeded.jobIds[0] as string], { env: { ...process.env, ...environment() } }, (error, stdout) =>
				resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout }),
			);
		});
		assert.equal(code, EXIT.ok, stdout);
		assert.match(stdout, /^Exported 1 of 1 job to /);
	});
});
