import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chooseValidationExamples, splitExamples, splitFile, splitPaths, TooFewExamplesError, validationCount } from '../../../src/jobs/split';

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
		const result = await splitFile(file, 25);
		assert.deepEqual(splitPaths(file), { trainingPath: path.join(scratch, 'support.train.jsonl'), validationPath: path.join(scratch, 'support.valid.jsonl') });
		assert.deepEqual([result.trainingCount, result.validationCount], [30, 10]);
		const lines = async (p: string): Promise<string[]> => (await readFile(p, 'utf8')).split('\n').filter((line) => line !== '');
		const expected = splitExamples(data, 25);
		assert.deepEqual(await lines(result.trainingPath), expected.training);
		assert.deepEqual(await lines(result.validationPath), expected.validation);
		const again = await splitFile(file, 25);
		assert.deepEqual(await lines(again.validationPath), expected.validation);
	});

	it('refuses a file with fewer than two examples', async () => {
		const file = path.join(scratch, 'one.jsonl');
		await writeFile(file, `${examples(1)[0]}\n`);
		await assert.rejects(splitFile(file, 10), (error) => TooFewExamplesError.is(error) && error.count === 1);
	});
});
