import * as assert from 'node:assert/strict';
import { MAX_SEED, parseCount, parseFraction, parseSampleSize, parseSeed } from '../../../src/dataset/toolInputs';

describe('the numbers the dataset tools take as text, read alike by the command line and the commands', () => {
	it('reads a seed: a whole number from 0 to 2^32 - 1, white space around it aside', () => {
		assert.equal(parseSeed('0'), 0);
		assert.equal(parseSeed(' 42 '), 42);
		assert.equal(parseSeed('4294967295'), MAX_SEED);
		for (const text of ['', ' ', '4294967296', '-1', '1.5', 'abc', '1e3', '0x10', '99999999999999999999']) {
			assert.equal(parseSeed(text), undefined, text);
		}
	});

	it('reads a count: a whole number above 0', () => {
		assert.equal(parseCount('500'), 500);
		assert.equal(parseCount(' 7 '), 7);
		for (const text of ['0', '', '2.5', '-3', '1e2', 'ten', '99999999999999999999']) {
			assert.equal(parseCount(text), undefined, text);
		}
	});

	it('reads a fraction above 0 and below 1, or up to 1 when one is allowed (a sample of everything, not a split)', () => {
		assert.equal(parseFraction('0.1', false), 0.1);
		assert.equal(parseFraction(' .5 ', false), 0.5);
		assert.equal(parseFraction('1', false), undefined);
		assert.equal(parseFraction('1', true), 1);
		assert.equal(parseFraction('1.0', true), 1);
		for (const text of ['0', '0.0', '', '1.5', '-0.5', 'half', '1e-1', '0x1', 'Infinity', '0.5.1']) {
			assert.equal(parseFraction(text, true), undefined, text);
		}
	});

	it('reads a sample size as a count or a fraction up to 1', () => {
		assert.deepEqual(parseSampleSize('500'), { count: 500 });
		assert.deepEqual(parseSampleSize('1'), { count: 1 });
		assert.deepEqual(parseSampleSize('0.1'), { fraction: 0.1 });
		assert.deepEqual(parseSampleSize('1.0'), { fraction: 1 });
		for (const text of ['0', '', '1.5', '-3', '0.0', 'ten', '1e2']) {
			assert.equal(parseSampleSize(text), undefined, text);
		}
	});
});
