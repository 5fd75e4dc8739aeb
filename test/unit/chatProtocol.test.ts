import * as assert from 'node:assert/strict';
import type { Conversation } from '../../src/chat/conversation';
import { isChatParameters, isFromWebview, isToWebview } from '../../src/chat/protocol';

const CONVERSATION: Conversation = { id: 'c1', title: '', createdAt: 0, updatedAt: 0, systemPrompt: '', columns: [], turns: [] };

describe('chat protocol guards', () => {
	it('accepts every message the webview may post', () => {
		const messages = [
			{ type: 'ready' },
			{ type: 'send', text: 'Hello' },
			{ type: 'stop' },
			{ type: 'stop', column: 1 },
			{ type: 'regenerate' },
			{ type: 'regenerate', column: 0 },
			{ type: 'retry', turnId: 't1', column: 0 },
			{ type: 'edit', turnId: 't1', text: 'Hi again' },
			{ type: 'systemPrompt', text: '' },
			{ type: 'parameters', column: 0, parameters: { temperature: 0.2, topP: 1, maxTokens: 100, seed: -3, stop: ['\n\n'] } },
			{ type: 'parameters', column: 0, parameters: {} },
			{ type: 'pickModel', column: 0 },
			{ type: 'addColumn' },
			{ type: 'removeColumn', column: 1 },
			{ type: 'newChat' },
			{ type: 'save', turnId: 't1', column: 0 },
			{ type: 'save', turnId: 't1', column: 0, editedText: 'Better answer' },
			{ type: 'prefer', turnId: 't1', column: 1, over: 0 },
			{ type: 'openLink', url: 'https://example.com' },
			{ type: 'copy', text: 'code' },
		];
		for (const message of messages) {
			assert.ok(isFromWebview(message), JSON.stringify(message));
		}
	});

	it('rejects malformed messages from the webview', () => {
		const messages: unknown[] = [
			undefined,
			null,
			'ready',
			42,
			{},
			{ type: 'init' },
			{ type: 'eval', code: 'x' },
			{ type: 'toString' },
			{ type: 'send' },
			{ type: 'send', text: 3 },
			{ type: 'stop', column: -1 },
			{ type: 'stop', column: 0.5 },
			{ type: 'retry', turnId: 't1' },
			{ type: 'parameters', column: 0, parameters: { temperature: 'hot' } },
			{ type: 'parameters', column: 0, parameters: { maxTokens: 0 } },
			{ type: 'parameters', column: 0, parameters: { seed: 1.5 } },
			{ type: 'parameters', column: 0, parameters: { stop: [1] } },
			{ type: 'parameters', column: 0, parameters: null },
			{ type: 'save', turnId: 't1', column: 0, editedText: 4 },
			{ type: 'prefer', turnId: 't1', column: 1, over: 1 },
			{ type: 'openLink' },
		];
		for (const message of messages) {
			assert.equal(isFromWebview(message), false, JSON.stringify(message));
		}
	});

	it('accepts the messages of the host and rejects malformed ones', () => {
		const reply = { text: 'Hi', status: 'done' };
		for (const message of [
			{ type: 'init', extensionVersion: '1.2.3', conversation: CONVERSATION },
			{ type: 'conversation', conversation: CONVERSATION },
			{ type: 'turnAdded', turn: { id: 't1', user: 'Hi', replies: [] } },
			{ type: 'turnsTruncated', keep: 0 },
			{ type: 'reply', turnId: 't1', column: 0, reply },
			{ type: 'saveOutcome', turnId: 't1', column: 0, saved: true, message: 'Saved' },
		]) {
			assert.ok(isToWebview(message), JSON.stringify(message));
		}
		for (const message of [
			null,
			{ type: 'init' },
			{ type: 'init', extensionVersion: 3, conversation: CONVERSATION },
			{ type: 'init', extensionVersion: '1.2.3' },
			{ type: 'ready' },
			{ type: 'reply', turnId: 't1', column: 0, reply: { text: 5, status: 'done' } },
			{ type: 'turnAdded', turn: { id: 't1' } },
			{ type: 'constructor' },
		]) {
			assert.equal(isToWebview(message), false, JSON.stringify(message));
		}
	});

	it('checks parameters field by field', () => {
		assert.ok(isChatParameters({ temperature: 0 }));
		assert.equal(isChatParameters({ topP: Number.NaN }), false);
		assert.equal(isChatParameters({ maxTokens: Number.POSITIVE_INFINITY }), false);
	});
});
