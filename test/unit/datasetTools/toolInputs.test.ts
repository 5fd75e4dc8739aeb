import * as assert from 'node:assert/strict';
import { sampleSizeFrom, seedFrom } from '../../../src/datasetTools/toolInputs';

describe('what the dataset commands read from the user', () => {
	it('reads a seed: blank is 0, whole numbers up to 2^32 - 1, nothing else', () => {
		assert.equal(seedFrom(''), 0);
		assert.equal(seedFrom(' 42 '), 42);
		assert.equal(seedFrom('4294967295'), 4294967295);
		for (const text of ['4294967296', '-1', '1.5', 'abc', '1e3']) {
			assert.equal(seedFrom(text), undefined, text);
		}
	});

	it('reads a sample size as a count or a fraction up to 1', () => {
		assert.deepEqual(sampleSizeFrom('500'), { count: 500 });
		assert.deepEqual(sampleSizeFrom('0.1'), { fraction: 0.1 });
		assert.deepEqual(sampleSizeFrom('1.0'), { fraction: 1 });
		for (const text of ['0', '', '1.5', '-3', '0.0', 'ten', '1e2']) {
			assert.equal(sampleSizeFrom(text), undefined, text);
		}
	});
});
