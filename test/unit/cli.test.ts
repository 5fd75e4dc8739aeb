import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXIT, runCli } from '../../src/cli';
import { PROJECT_ROOT } from '../host/paths';

function run(args: string[]): { code: number; out: string; err: string } {
	let out = '';
	let err = '';
	const code = runCli(args, { out: (text) => (out += text), err: (text) => (err += text) });
	return { code, out, err };
}

describe('command line', () => {
	it('prints the package version', () => {
		const { version } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
		assert.deepEqual(run(['--version']), { code: EXIT.ok, out: `${version}\n`, err: '' });
	});

	it('prints usage for help, and exits 2 when called with nothing', () => {
		assert.equal(run(['help']).code, EXIT.ok);
		assert.match(run(['--help']).out, /^Usage: finetune-studio/);
		assert.equal(run([]).code, EXIT.usage);
	});

	it('names an unknown command and exits 2', () => {
		const { code, err } = run(['frobnicate']);
		assert.equal(code, EXIT.usage);
		assert.match(err, /unknown command 'frobnicate'/);
	});
});
