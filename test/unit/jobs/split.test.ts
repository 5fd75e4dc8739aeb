import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { UnsafeTargetError, TargetExistsError } from '../../../src/safeWrite';
import { chooseValidationExamples, chooseValidationGroups, splitExamples, splitFile, splitPaths, TooFewExamplesError, validationCount } from '../../../src/jobs/split';

const examples = (count: number): string[] => Array.from({ length: count }, (_, index) => JSON.stringify({ messages: [{ role: 'user', content: `question ${index}` }] }));

describe('jobs: splitting off a validation set', () => {
	let scratch: string;
	before(async () => {
		scratch = await mkdtemp(path.join(tmpdir(), 'finetune-studio-split-'));
	});
	after(async () => {
		await rm(scratch, { recursive: true, force: true });
	});

	it('holds out N % of the examples, rounded, at least one and never all', () => {
		assert.equal(validationCount(100, 10), 10);
		assert.equal(validationCount(12, 10), 1);
		assert.equal(validationCount(15, 10), 2);
		assert.equal(validationCount(3, 1), 1);
		assert.equal(validationCount(2, 50), 1);
		assert.equal(validationCount(1, 50), 0);
		for (const [count, percent] of [[1000, 7], [12, 25], [999, 50]] as const) {
			const mask = chooseValidationExamples(count, percent);
			assert.equal(mask.reduce((sum, value) => sum + value, 0), validationCount(count, percent));
		}
	});

	it('is deterministic: the same N gives the same split, another N another one', () => {
		const data = examples(200);
		assert.deepEqual(splitExamples(data, 10), splitExamples(data, 10));
		assert.notDeepEqual(splitExamples(data, 10).validation, splitExamples(data, 20).validation);
		// A shuffle, not the first or last lines.
		const { validation } = splitExamples(data, 10);
		assert.notDeepEqual(validation, data.slice(0, 20));
		assert.notDeepEqual(validation, data.slice(-20));
	});

	it('loses and duplicates no example, and keeps the original order within each part', () => {
		const data = examples(101);
		const { training, validation } = splitExamples(data, 30);
		assert.equal(training.length + validation.length, data.length);
		assert.deepEqual([...training, ...validation].sort(), [...data].sort());
		assert.deepEqual(training, data.filter((line) => training.includes(line)));
		assert.deepEqual(validation, data.filter((line) => validation.includes(line)));
	});

	it('writes <name>.train.jsonl and <name>.valid.jsonl beside the file, dropping blank lines, the same as the in-memory split', async () => {
		const data = examples(40);
		const file = path.join(scratch, 'support.jsonl');
		await writeFile(file, `${data.slice(0, 20).join('\r\n')}\n\n   \n${data.slice(20).join('\n')}`);
		const result = await splitFile(file, 25, { whenExists: 'fail' });
		assert.deepEqual(splitPaths(file), { trainingPath: path.join(scratch, 'support.train.jsonl'), validationPath: path.join(scratch, 'support.valid.jsonl') });
		assert.deepEqual([result.trainingCount, result.validationCount], [30, 10]);
		const lines = async (p: string): Promise<string[]> => (await readFile(p, 'utf8')).split('\n').filter((line) => line !== '');
		const expected = splitExamples(data, 25);
		assert.deepEqual(await lines(result.trainingPath), expected.training);
		assert.deepEqual(await lines(result.validationPath), expected.validation);
		const asked: string[][] = [];
		const again = await splitFile(file, 25, {
			whenExists: async (...existing) => {
				asked.push(existing);
				return 'replace';
			},
		});
		assert.deepEqual(asked, [[result.trainingPath, result.validationPath]], 'asked once, about both parts');
		assert.deepEqual(await lines(again.validationPath), expected.validation);
	});

	it('refuses to write through a symlinked part: the file it points to stays untouched, no part or temporary file is left', async () => {
		const folder = path.join(scratch, 'symlinked');
		await mkdir(folder);
		const file = path.join(folder, 'data.jsonl');
		await writeFile(file, `${examples(20).join('\n')}\n`);
		const victim = path.join(folder, 'victim.txt');
		await writeFile(victim, 'precious\n');
		await symlink(victim, path.join(folder, 'data.train.jsonl'));
		for (const whenExists of ['fail', 'fresh-name', async () => 'replace' as const] as const) {
			await assert.rejects(splitFile(file, 10, { whenExists }), (error) => UnsafeTargetError.is(error) && error.kind === 'symlink');
		}
		assert.equal(await readFile(victim, 'utf8'), 'precious\n');
		assert.deepEqual((await readdir(folder)).sort(), ['data.jsonl', 'data.train.jsonl', 'victim.txt']);
	});

	it('keeps existing parts when the user declines, and writes a matching pair under fresh names when asked to', async () => {
		const folder = path.join(scratch, 'existing');
		await mkdir(folder);
		const file = path.join(folder, 'data.jsonl');
		await writeFile(file, `${examples(20).join('\n')}\n`);
		await writeFile(path.join(folder, 'data.valid.jsonl'), 'mine\n');
		await assert.rejects(splitFile(file, 10, { whenExists: async () => 'cancel' }), (error) => TargetExistsError.is(error) && error.declined);
		await assert.rejects(splitFile(file, 10, { whenExists: 'fail' }), (error) => TargetExistsError.is(error) && !error.declined);
		assert.deepEqual((await readdir(folder)).sort(), ['data.jsonl', 'data.valid.jsonl']);
		const fresh = await splitFile(file, 10, { whenExists: 'fresh-name' });
		assert.deepEqual([fresh.trainingPath, fresh.validationPath], Object.values(splitPaths(file, 1)));
		assert.equal(await readFile(path.join(folder, 'data.valid.jsonl'), 'utf8'), 'mine\n');
		assert.deepEqual((await readdir(folder)).sort(), ['data-1.train.jsonl', 'data-1.valid.jsonl', 'data.jsonl', 'data.valid.jsonl']);
	});

	it('refuses a file with fewer than two examples', async () => {
		const file = path.join(scratch, 'one.jsonl');
		await writeFile(file, `${examples(1)[0]}\n`);
		await assert.rejects(splitFile(file, 10, { whenExists: 'fail' }), (error) => TooFewExamplesError.is(error) && error.count === 1);
	});

	it('keeps duplicates on one side, reproducibly for a seed, whatever the white space around them', async () => {
		const data = examples(60);
		const lines = data.flatMap((line, index) => (index % 3 === 0 ? [line, ` ${line}  `, line] : [line]));
		const file = path.join(scratch, 'duplicates.jsonl');
		await writeFile(file, lines.join('\n'));
		const read = async (p: string): Promise<string[]> => (await readFile(p, 'utf8')).split('\n').filter((line) => line !== '').map((line) => line.trim());
		const targets = (name: string) => ({ trainingPath: path.join(scratch, `${name}.train.jsonl`), validationPath: path.join(scratch, `${name}.valid.jsonl`) });
		const first = await splitFile(file, 20, { whenExists: 'fail', seed: 11, targets: targets('first') });
		const training = await read(first.trainingPath);
		const validation = await read(first.validationPath);
		assert.equal(training.length + validation.length, lines.length);
		assert.ok(!training.some((line) => validation.includes(line)), 'an example on both sides');
		assert.ok(Math.abs(validation.length - lines.length * 0.2) <= 2, `${validation.length} of ${lines.length}`);
		const again = await splitFile(file, 20, { whenExists: 'fail', seed: 11, targets: targets('again') });
		assert.deepEqual(await read(again.validationPath), validation);
		const other = await splitFile(file, 20, { whenExists: 'fail', seed: 12, targets: targets('other') });
		assert.notDeepEqual(await read(other.validationPath), validation);
	});

	it('draws groups that fit the validation share, or else the smallest, and never all', () => {
		// 10 examples, 10 %: the one group of one is the only one that fits.
		assert.deepEqual([...chooseValidationGroups(Uint32Array.from([3, 3, 1, 3]), 10)], [0, 0, 1, 0]);
		// None fits one example: the smallest group goes.
		assert.deepEqual([...chooseValidationGroups(Uint32Array.from([5, 2, 4]), 10)], [0, 1, 0]);
		assert.deepEqual([...chooseValidationGroups(Uint32Array.from([7]), 50)], [0]);
	});

	it('refuses a file whose examples are all the same', async () => {
		const file = path.join(scratch, 'same.jsonl');
		await writeFile(file, `${examples(1)[0]}\n`.repeat(5));
		await assert.rejects(splitFile(file, 10, { whenExists: 'fail' }), (error) => TooFewExamplesError.is(error) && error.count === 5 && error.distinct === 1);
	});
});
