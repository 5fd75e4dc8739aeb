import * as assert from 'node:assert/strict';
import { TextMap } from '../../../src/dataset/textMap';

describe('TextMap', () => {
	// Past 16,383 characters V8 hashes a string by its length alone; such texts are keyed by digest.
	const long = (last: string) => `${'x'.repeat(20_000)}${last}`;

	it('keys short and long texts by their whole content: get, has, set, delete, size', () => {
		const map = new TextMap<number>();
		map.set('a', 1).set(long('a'), 2).set(long('b'), 3);
		assert.equal(map.size, 3);
		assert.equal(map.get('a'), 1);
		assert.equal(map.get(long('a')), 2);
		assert.equal(map.get(long('b')), 3);
		assert.equal(map.get(long('c')), undefined);
		assert.ok(map.has(long('b')) && !map.has('b'));
		map.set(long('a'), 4);
		assert.equal(map.get(long('a')), 4);
		assert.equal(map.size, 3);
		assert.ok(map.delete(long('a')));
		assert.ok(!map.delete(long('a')));
		assert.equal(map.size, 2);
		map.clear();
		assert.equal(map.size, 0);
	});

	it('iterates the short texts in insertion order, then the long ones, each with its own text', () => {
		const map = new TextMap<number>();
		map.set(long('b'), 1).set('z', 2).set(long('a'), 3).set('y', 4);
		assert.deepEqual(
			[...map].map(([text, value]) => [text.length > 100 ? `long ${text.slice(-1)}` : text, value]),
			[
				['z', 2],
				['y', 4],
				['long b', 1],
				['long a', 3],
			],
		);
		assert.deepEqual([...map.values()], [2, 4, 1, 3]);
	});

	it('may be changed while it is iterated, as a Map may', () => {
		const map = new TextMap<number>();
		for (const [index, text] of ['a', 'b', long('a'), long('b')].entries()) {
			map.set(text, index);
		}
		for (const [text, value] of map) {
			if (value % 2 === 0) {
				map.delete(text);
			}
		}
		assert.deepEqual([...map.values()], [1, 3]);
	});
});
