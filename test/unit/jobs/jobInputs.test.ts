import * as assert from 'node:assert/strict';
import { INPUT_RANGES, parseGrader, parseNumber, parseSuffix } from '../../../src/jobs/jobInputs';

describe('jobs: wizard input validation', () => {
	it('reads blank as auto, and whole numbers within the API limits', () => {
		assert.deepEqual(parseNumber('', INPUT_RANGES.epochs), { ok: true, value: undefined });
		assert.deepEqual(parseNumber('  3 ', INPUT_RANGES.epochs), { ok: true, value: 3 });
		assert.deepEqual(parseNumber('50', INPUT_RANGES.epochs), { ok: true, value: 50 });
		assert.deepEqual(parseNumber('51', INPUT_RANGES.epochs), { ok: false, problem: { kind: 'out-of-range', range: INPUT_RANGES.epochs } });
		assert.deepEqual(parseNumber('0', INPUT_RANGES.batchSize), { ok: false, problem: { kind: 'out-of-range', range: INPUT_RANGES.batchSize } });
		assert.deepEqual(parseNumber('2.5', INPUT_RANGES.epochs), { ok: false, problem: { kind: 'not-an-integer' } });
		assert.deepEqual(parseNumber('three', INPUT_RANGES.epochs), { ok: false, problem: { kind: 'not-a-number' } });
		assert.deepEqual(parseNumber('0x10', INPUT_RANGES.batchSize), { ok: false, problem: { kind: 'not-a-number' } });
		assert.deepEqual(parseNumber('', INPUT_RANGES.splitPercent, true), { ok: false, problem: { kind: 'required' } });
	});

	it('keeps exclusive lower bounds exclusive: learning rate multiplier and beta above 0, beta at most 2', () => {
		assert.equal(parseNumber('0', INPUT_RANGES.learningRateMultiplier).ok, false);
		assert.deepEqual(parseNumber('.05', INPUT_RANGES.learningRateMultiplier), { ok: true, value: 0.05 });
		assert.deepEqual(parseNumber('1e-3', INPUT_RANGES.learningRateMultiplier), { ok: true, value: 0.001 });
		assert.equal(parseNumber('0', INPUT_RANGES.beta).ok, false);
		assert.deepEqual(parseNumber('2', INPUT_RANGES.beta), { ok: true, value: 2 });
		assert.equal(parseNumber('2.01', INPUT_RANGES.beta).ok, false);
	});

	it('takes seeds from 0 to 2^31 - 1', () => {
		assert.deepEqual(parseNumber('0', INPUT_RANGES.seed), { ok: true, value: 0 });
		assert.deepEqual(parseNumber('2147483647', INPUT_RANGES.seed), { ok: true, value: 2_147_483_647 });
		assert.equal(parseNumber('2147483648', INPUT_RANGES.seed).ok, false);
		assert.equal(parseNumber('-1', INPUT_RANGES.seed).ok, false);
	});

	it('takes suffixes of up to 64 letters, digits, - and _', () => {
		assert.deepEqual(parseSuffix(''), { ok: true, value: undefined });
		assert.deepEqual(parseSuffix(' support_bot-2 '), { ok: true, value: 'support_bot-2' });
		assert.deepEqual(parseSuffix('a'.repeat(64)), { ok: true, value: 'a'.repeat(64) });
		assert.deepEqual(parseSuffix('a'.repeat(65)), { ok: false, problem: { kind: 'too-long', maxLength: 64 } });
		assert.deepEqual(parseSuffix('my bot'), { ok: false, problem: { kind: 'bad-characters' } });
		assert.deepEqual(parseSuffix('bot:v2'), { ok: false, problem: { kind: 'bad-characters' } });
	});

	it("takes Azure's shorter limit, and refuses the dots Azure's model names cannot hold", () => {
		assert.deepEqual(parseSuffix('a'.repeat(40), 40), { ok: true, value: 'a'.repeat(40) });
		assert.deepEqual(parseSuffix('a'.repeat(41), 40), { ok: false, problem: { kind: 'too-long', maxLength: 40 } });
		assert.deepEqual(parseSuffix('bot-v1.2', 40), { ok: false, problem: { kind: 'bad-characters' } });
	});

	it('takes a grader that is a JSON object with a known type, and says what is wrong otherwise', () => {
		const grader = { type: 'python', name: 'score', source: 'def grade(sample, item): return 1.0' };
		assert.deepEqual(parseGrader(JSON.stringify(grader)), { ok: true, value: grader });
		const invalid = parseGrader('{ type: python }');
		assert.equal(!invalid.ok && invalid.problem.kind, 'invalid-json');
		assert.deepEqual(parseGrader('[1, 2]'), { ok: false, problem: { kind: 'not-an-object' } });
		assert.deepEqual(parseGrader('{"name": "x"}'), { ok: false, problem: { kind: 'no-type' } });
		assert.deepEqual(parseGrader('{"type": "vibes"}'), { ok: false, problem: { kind: 'unknown-type', type: 'vibes' } });
	});
});
