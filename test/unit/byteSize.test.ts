import * as assert from 'node:assert/strict';
import { formatBytes } from '../../src/byteSize';

describe('byte sizes', () => {
	it('formats byte counts for progress messages', () => {
		assert.equal(formatBytes(512), '512 bytes');
		assert.equal(formatBytes(812 * 1024), '812 KB');
		assert.equal(formatBytes(12.3 * 1024 * 1024), '12.3 MB');
		assert.equal(formatBytes(140 * 1024 * 1024), '140.0 MB');
		assert.equal(formatBytes(1024 ** 3), '1.0 GB');
	});
});
