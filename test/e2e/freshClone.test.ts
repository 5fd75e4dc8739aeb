import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../host/paths';
import { runCommand } from '../host/process';

/** The first command of the README's "Command line" section, as a reader copies it (comment dropped). */
function readmeCliCommand(): string {
	const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
	const block = /^## Command line\n+```sh\n([^\n]+)/m.exec(readme);
	assert.ok(block, 'the README has a "Command line" section starting with a sh block');
	return (block[1] as string).replace(/\s+#.*$/, '').trim();
}

describe('a fresh clone', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finetune-studio-clone-'));
	const clone = path.join(dir, 'clone');
	after(() => fs.rmSync(dir, { recursive: true, force: true }));

	it("runs the README's command-line example exactly as written after npm install", async function () {
		const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
		if (head.status !== 0) {
			// A source tarball has no history to clone from.
			this.skip();
		}
		// The committed tree, as a person gets it: no dist/, no node_modules/.
		await runCommand('git', ['clone', '--quiet', PROJECT_ROOT, clone]);
		await runCommand('git', ['checkout', '--quiet', '--detach', head.stdout.trim()], { cwd: clone });
		assert.equal(fs.existsSync(path.join(clone, 'dist')), false);
		// --prefer-offline: the packages this checkout installed are in npm's cache already.
		await runCommand('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: clone, logFile: path.join(dir, 'npm-install.log') });

		const samples = path.join(clone, 'test', 'fixtures', 'sample-workspace', 'datasets');
		fs.copyFileSync(path.join(samples, 'support-chat.jsonl'), path.join(clone, 'train.jsonl'));
		fs.copyFileSync(path.join(samples, 'order-tools.jsonl'), path.join(clone, 'valid.jsonl'));
		const command = readmeCliCommand();
		assert.match(command, /^npx finetune-studio lint /);
		const run = spawnSync('sh', ['-c', command], { cwd: clone, encoding: 'utf8' });
		assert.ok(run.status === 0 || run.status === 1, `'${command}' exited with ${run.status}:\n${run.stdout}\n${run.stderr}`);
		assert.doesNotMatch(run.stderr, /not found/);
		assert.match(run.stdout, /Target model: gpt-4o-mini-2024-07-18/);
	});
});
