import * as assert from 'node:assert/strict';
import { chmod, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { appendLineSafely, UnsafeTargetError } from '../../src/safeWrite';

describe('the safe writer appending a line', () => {
	let folder: string;
	beforeEach(async () => {
		folder = await mkdtemp(path.join(tmpdir(), 'finetune-studio-safe-append-'));
	});
	afterEach(async () => {
		await rm(folder, { recursive: true, force: true });
	});
	const target = () => path.join(folder, 'data.jsonl');

	it('creates a missing file with the line as line 1', async () => {
		assert.deepEqual(await appendLineSafely(target(), '{"a":1}'), { path: target(), line: 1 });
		assert.equal(await readFile(target(), 'utf8'), '{"a":1}\n');
	});

	it('keeps every existing byte and adds the line after them, with a line break first when the file lacks one', async () => {
		await writeFile(target(), '{"a":1}\n{"b":2}\n');
		assert.deepEqual(await appendLineSafely(target(), '{"c":3}'), { path: target(), line: 3 });
		await writeFile(path.join(folder, 'open.jsonl'), '{"a":1}\n{"b":2}');
		assert.deepEqual(await appendLineSafely(path.join(folder, 'open.jsonl'), '{"c":3}'), { path: path.join(folder, 'open.jsonl'), line: 3 });
		assert.equal(await readFile(target(), 'utf8'), '{"a":1}\n{"b":2}\n{"c":3}\n');
		assert.equal(await readFile(path.join(folder, 'open.jsonl'), 'utf8'), '{"a":1}\n{"b":2}\n{"c":3}\n');
		assert.deepEqual((await readdir(folder)).sort(), ['data.jsonl', 'open.jsonl'], 'no temporary file is left');
	});

	it('appends to an empty file as line 1, and follows a file\'s CRLF line breaks', async () => {
		await writeFile(target(), '');
		assert.equal((await appendLineSafely(target(), 'x')).line, 1);
		await writeFile(target(), 'a\r\nb');
		assert.equal((await appendLineSafely(target(), 'c')).line, 3);
		assert.equal(await readFile(target(), 'utf8'), 'a\r\nb\r\nc\r\n');
	});

	it('copies a file larger than its copy buffer exactly, counting lines across chunk edges', async () => {
		// Lines of 1000 bytes put line breaks (and a CR before each) on both sides of every 1 MiB edge.
		const line = `${'x'.repeat(998)}\r\n`;
		const big = line.repeat(3000);
		await writeFile(target(), big);
		assert.equal((await appendLineSafely(target(), 'last')).line, 3001);
		const written = await readFile(target());
		assert.equal(written.length, big.length + 'last\r\n'.length);
		assert.equal(written.subarray(0, big.length).toString('latin1'), big);
	});

	it('keeps the file\'s permissions', async () => {
		await writeFile(target(), 'a\n');
		await chmod(target(), 0o600);
		await appendLineSafely(target(), 'b');
		assert.equal((await stat(target())).mode & 0o777, 0o600);
	});

	it('refuses a symbolic link and leaves what it points to untouched', async () => {
		const victim = path.join(folder, 'victim.txt');
		await writeFile(victim, 'precious\n');
		await symlink(victim, target());
		await assert.rejects(appendLineSafely(target(), 'x'), (error: unknown) => UnsafeTargetError.is(error) && error.kind === 'symlink');
		assert.equal(await readFile(victim, 'utf8'), 'precious\n');
	});
});
