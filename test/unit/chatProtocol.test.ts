import * as assert from 'node:assert/strict';
import { isFromWebview, isToWebview } from '../../src/chat/protocol';

describe('chat protocol guards', () => {
	it('accepts the messages of the protocol', () => {
		assert.ok(isFromWebview({ type: 'ready' }));
		assert.ok(isToWebview({ type: 'init', extensionVersion: '1.2.3' }));
	});

	it('rejects anything else', () => {
		for (const value of [undefined, null, 'ready', 42, {}, { type: 'init' }, { type: 'eval', code: 'x' }]) {
			assert.equal(isFromWebview(value), false, JSON.stringify(value));
		}
		for (const value of [null, { type: 'init' }, { type: 'init', extensionVersion: 3 }, { type: 'ready' }]) {
			assert.equal(isToWebview(value), false, JSON.stringify(value));
		}
	});
});
