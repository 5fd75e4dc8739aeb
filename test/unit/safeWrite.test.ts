import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { linkSafely, openSafeWrite, TargetExistsError, UnsafeTargetError, writeFileSafely, type ReplaceAnswer } from '../../src/safeWrite';

describe('the safe writer', () => {
	let scratch: string;
	let folder: string;
	let count = 0;
	before(async () => {
		scratch = await mkdtemp(path.join(tmpdir(), 'finetune-studio-safe-write-'));
	});
	beforeEach(async () => {
		folder = path.join(scratch, `case-${++count}`);
		await mkdir(folder);
	});
	after(async () => {
		await rm(scratch, { recursive: true, force: true });
	});
	const listing = async (): Promise<string[]> => (await readdir(folder)).sort();
	const answering = (answer: ReplaceAnswer, asked: string[][] = []) => async (...existing: string[]): Promise<ReplaceAnswer> => {
		asked.push(existing);
		return answer;
	};

	it('writes a new file, leaving no temporary file', async () => {
		const target = path.join(folder, 'out.jsonl');
		assert.equal(await writeFileSafely(target, 'hello\n', { whenExists: 'fail' }), target);
		assert.equal(await readFile(target, 'utf8'), 'hello\n');
		assert.deepEqual(await listing(), ['out.jsonl']);
	});

	it('refuses a symlinked target whatever the policy, and leaves what it points to untouched', async () => {
		const victim = path.join(folder, 'victim.txt');
		await writeFile(victim, 'precious\n');
		const target = path.join(folder, 'out.jsonl');
		await symlink(victim, target);
		const asked: string[][] = [];
		for (const whenExists of ['fail', 'fresh-name', answering('replace', asked)] as const) {
			await assert.rejects(writeFileSafely(target, 'attack\n', { whenExists }), (error) => UnsafeTargetError.is(error) && error.kind === 'symlink' && error.target === target);
		}
		assert.deepEqual(asked, [], 'nobody is asked to replace a symlink');
		assert.equal(await readFile(victim, 'utf8'), 'precious\n');
		assert.deepEqual(await listing(), ['out.jsonl', 'victim.txt']);
	});

	it('refuses a target that is not a regular file', async () => {
		const target = path.join(folder, 'out.jsonl');
		await mkdir(target);
		await assert.rejects(writeFileSafely(target, 'x', { whenExists: answering('replace') }), (error) => UnsafeTargetError.is(error) && error.kind === 'not-a-file');
		assert.deepEqual(await listing(), ['out.jsonl']);
	});

	it('asks before replacing an existing file: declined keeps it, yes replaces it and keeps its permissions', async () => {
		const target = path.join(folder, 'out.jsonl');
		await writeFile(target, 'mine\n');
		await chmod(target, 0o640);
		const asked: string[][] = [];
		await assert.rejects(writeFileSafely(target, 'new\n', { whenExists: answering('cancel', asked) }), (error) => TargetExistsError.is(error) && error.declined);
		assert.deepEqual(asked, [[target]]);
		assert.equal(await readFile(target, 'utf8'), 'mine\n');
		await assert.rejects(writeFileSafely(target, 'new\n', { whenExists: 'fail' }), (error) => TargetExistsError.is(error) && !error.declined);
		assert.equal(await writeFileSafely(target, 'new\n', { whenExists: answering('replace') }), target);
		assert.equal(await readFile(target, 'utf8'), 'new\n');
		assert.equal((await stat(target)).mode & 0o777, 0o640);
		assert.deepEqual(await listing(), ['out.jsonl']);
	});

	it('picks a fresh name beside an existing file: name-1, then name-2', async () => {
		const target = path.join(folder, 'out.jsonl');
		await writeFile(target, 'mine\n');
		assert.equal(await writeFileSafely(target, 'one\n', { whenExists: 'fresh-name' }), path.join(folder, 'out-1.jsonl'));
		assert.equal(await writeFileSafely(target, 'two\n', { whenExists: answering('fresh-name') }), path.join(folder, 'out-2.jsonl'));
		assert.equal(await readFile(target, 'utf8'), 'mine\n');
		assert.equal(await readFile(path.join(folder, 'out-2.jsonl'), 'utf8'), 'two\n');
	});

	it('does not replace a file that appeared while writing, when the caller never agreed to replace one', async () => {
		const target = path.join(folder, 'out.jsonl');
		const writer = await openSafeWrite(target, { whenExists: 'fail' });
		await writer.write('late\n');
		await writeFile(target, 'arrived meanwhile\n');
		await assert.rejects(writer.commit(), (error) => TargetExistsError.is(error));
		assert.equal(await readFile(target, 'utf8'), 'arrived meanwhile\n');
		assert.deepEqual(await listing(), ['out.jsonl']);
	});

	it('streams, and an abort leaves no temporary file and no target', async () => {
		const target = path.join(folder, 'big.jsonl');
		const writer = await openSafeWrite(target, { whenExists: 'fail' });
		for (let line = 0; line < 10_000; line++) {
			await writer.write(`{"line":${line}}\n`);
		}
		assert.equal((await listing()).length, 1, 'only the temporary file exists while writing');
		assert.notEqual((await listing())[0], 'big.jsonl');
		await writer.abort();
		assert.deepEqual(await listing(), []);
	});

	it('links a file under a second name with the same checks: the bytes once, a symlink refused, an existing file replaced only when agreed', async () => {
		const source = path.join(folder, 'source.jsonl');
		await writeFile(source, 'data\n');
		const linked = path.join(folder, 'linked.jsonl');
		assert.equal(await linkSafely(source, linked, { whenExists: 'fail' }), linked);
		assert.equal((await stat(linked)).ino, (await stat(source)).ino);
		await assert.rejects(linkSafely(source, linked, { whenExists: 'fail' }), (error) => TargetExistsError.is(error));

		const victim = path.join(folder, 'victim.txt');
		await writeFile(victim, 'precious\n');
		const planted = path.join(folder, 'planted.jsonl');
		await symlink(victim, planted);
		await assert.rejects(linkSafely(source, planted, { whenExists: answering('replace') }), (error) => UnsafeTargetError.is(error));
		assert.equal(await readFile(victim, 'utf8'), 'precious\n');

		const stale = path.join(folder, 'stale.jsonl');
		await writeFile(stale, 'old');
		await linkSafely(source, stale, { whenExists: answering('replace') });
		assert.equal(await readFile(stale, 'utf8'), 'data\n');
		assert.deepEqual(await listing(), ['linked.jsonl', 'planted.jsonl', 'source.jsonl', 'stale.jsonl', 'victim.txt'], 'no temporary file left');
	});
});
