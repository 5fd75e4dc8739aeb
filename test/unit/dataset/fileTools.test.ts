import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dedupeFile, MAX_REPORTED_GROUPS, sampleFile, shuffleFile } from '../../../src/dataset/fileTools';
import { hashGroups } from '../../../src/dataset/duplicateGroups';
import { TargetExistsError } from '../../../src/safeWrite';

const record = (index: number, text = `question ${index}`): string => JSON.stringify({ messages: [{ role: 'user', content: text }, { role: 'assistant', content: `answer ${index}` }] });

describe('dataset file tools', () => {
	let dir: string;
	beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finetune-studio-tools-'))));
	afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

	const input = (lines: readonly string[], name = 'in.jsonl'): string => {
		const file = path.join(dir, name);
		fs.writeFileSync(file, `${lines.join('\n')}\n`);
		return file;
	};
	const read = (file: string): string[] => fs.readFileSync(file, 'utf8').split('\n').filter((line) => line !== '');
	const out = (name: string): string => path.join(dir, name);

	it('number hash groups in the order of their first example', () => {
		const { groupOf, sizes } = hashGroups(Float64Array.from([7, 3, 7, 9, 3, 7]));
		assert.deepEqual([...groupOf], [0, 1, 0, 2, 1, 0]);
		assert.deepEqual([...sizes], [3, 2, 1]);
	});

	it('dedupe keeps the first of each group in place and reports the groups by line', async () => {
		const file = input([record(1), record(2), ` ${record(1)}`, '', record(3), record(2), record(1)]);
		const result = await dedupeFile(file, out('exact.jsonl'), { whenExists: 'fail' });
		assert.deepEqual(read(result.path), [record(1), record(2), record(3)]);
		assert.deepEqual([result.examples, result.kept, result.groupCount], [6, 3, 2]);
		assert.deepEqual(result.groups, [
			{ count: 3, lines: [1, 3, 7] },
			{ count: 2, lines: [2, 6] },
		]);
	});

	it('dedupe --near also merges records that differ only in white space and case, and in JSON spacing', async () => {
		const spaced = JSON.stringify(JSON.parse(record(1, 'Question  1 ')), null, 1).replace(/\n/g, ' ');
		const file = input([record(1), spaced, record(1, 'QUESTION 1'), record(1, 'question 11')]);
		const exact = await dedupeFile(file, out('exact.jsonl'), { whenExists: 'fail' });
		assert.equal(exact.kept, 4);
		const near = await dedupeFile(file, out('near.jsonl'), { whenExists: 'fail', near: true });
		assert.deepEqual(read(near.path), [record(1), record(1, 'question 11')]);
		assert.deepEqual(near.groups, [{ count: 3, lines: [1, 2, 3] }]);
	});

	it('dedupe reports a bounded number of groups', async () => {
		const lines = Array.from({ length: MAX_REPORTED_GROUPS + 5 }, (_, index) => record(index)).flatMap((line) => [line, line]);
		const result = await dedupeFile(input(lines), out('many.jsonl'), { whenExists: 'fail' });
		assert.equal(result.groupCount, MAX_REPORTED_GROUPS + 5);
		assert.equal(result.groups.length, MAX_REPORTED_GROUPS);
	});

	it('sample takes N or a fraction, seeded, in the original order', async () => {
		const lines = Array.from({ length: 100 }, (_, index) => record(index));
		const file = input(lines);
		const first = read((await sampleFile(file, out('a.jsonl'), { count: 10 }, 5, { whenExists: 'fail' })).path);
		assert.equal(first.length, 10);
		assert.deepEqual(first, lines.filter((line) => first.includes(line)));
		assert.deepEqual(read((await sampleFile(file, out('b.jsonl'), { count: 10 }, 5, { whenExists: 'fail' })).path), first);
		assert.notDeepEqual(read((await sampleFile(file, out('c.jsonl'), { count: 10 }, 6, { whenExists: 'fail' })).path), first);
		assert.equal((await sampleFile(file, out('d.jsonl'), { fraction: 0.25 }, 5, { whenExists: 'fail' })).sampled, 25);
		assert.equal((await sampleFile(file, out('e.jsonl'), { count: 500 }, 5, { whenExists: 'fail' })).sampled, 100);
	});

	it('shuffle reorders every example, the same way for the same seed, through the safe writer', async () => {
		// Long lines cross the reader's chunks; CRLF line ends are dropped.
		const lines = Array.from({ length: 300 }, (_, index) => record(index, `${index} ${'x'.repeat(index * 50)}`));
		const file = path.join(dir, 'in.jsonl');
		fs.writeFileSync(file, `${lines.join('\r\n')}\r\n\r\n`);
		const shuffled = read((await shuffleFile(file, out('a.jsonl'), 1, { whenExists: 'fail' })).path);
		assert.notDeepEqual(shuffled, lines);
		assert.deepEqual([...shuffled].sort(), [...lines].sort());
		assert.deepEqual(read((await shuffleFile(file, out('b.jsonl'), 1, { whenExists: 'fail' })).path), shuffled);
		assert.notDeepEqual(read((await shuffleFile(file, out('c.jsonl'), 2, { whenExists: 'fail' })).path), shuffled);
		await assert.rejects(shuffleFile(file, out('a.jsonl'), 1, { whenExists: 'fail' }), (error) => TargetExistsError.is(error));
		assert.deepEqual(fs.readdirSync(dir).filter((name) => name.endsWith('.tmp')), []);
	});
});
