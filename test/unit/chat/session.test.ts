import * as assert from 'node:assert/strict';
import type { ChatColumn, ChatModelRef } from '../../../src/chat/conversation';
import * as session from '../../../src/chat/session';

const FINE_TUNED: ChatModelRef = { connection: 'Emulator', model: 'ft:gpt-4o-mini-2024-07-18:acme::abc', api: 'chat', baseModel: 'gpt-4o-mini-2024-07-18' };
const BASE: ChatModelRef = { connection: 'Emulator', model: 'gpt-4o-mini-2024-07-18', api: 'chat' };
const LEGACY: ChatModelRef = { connection: 'Emulator', model: 'ft:babbage-002:acme::xyz', api: 'completions' };
const column = (model: ChatModelRef, parameters: ChatColumn['parameters'] = {}): ChatColumn => ({ model, parameters });
const signal = new AbortController().signal;

/** A conversation of two answered turns with one column. */
function twoTurns() {
	let conversation = session.newConversation('c1', 1, [column(FINE_TUNED)], 'You are terse.');
	conversation = session.addTurn(conversation, 't1', 'First question', 2);
	conversation = session.setReply(conversation, 't1', 0, { text: 'First answer', status: 'done' }, 3);
	conversation = session.addTurn(conversation, 't2', 'Second question', 4);
	return session.setReply(conversation, 't2', 0, { text: 'Second answer', status: 'done' }, 5);
}

describe('chat session operations', () => {
	it('adds turns whose replies stream, titled by the first message', () => {
		const conversation = session.addTurn(session.newConversation('c1', 1, [column(FINE_TUNED), column(BASE)]), 't1', '  How do I\nreset my   password? '.repeat(5), 2);
		assert.equal(conversation.turns.length, 1);
		assert.deepEqual(conversation.turns[0].replies, [session.STREAMING, session.STREAMING]);
		assert.ok(conversation.title.length <= 60 && conversation.title.startsWith('How do I reset my password?'));
		assert.ok(!conversation.title.includes('\n'));
		assert.equal(conversation.updatedAt, 2);
		assert.ok(session.isStreaming(conversation));
	});

	it('sets one reply without touching the others, and ignores a turn that is gone', () => {
		let conversation = session.addTurn(session.newConversation('c1', 1, [column(FINE_TUNED), column(BASE)]), 't1', 'Hi', 2);
		conversation = session.setReply(conversation, 't1', 1, { text: 'Hello', status: 'done' }, 3);
		assert.deepEqual(conversation.turns[0].replies, [session.STREAMING, { text: 'Hello', status: 'done' }]);
		assert.equal(session.setReply(conversation, 'gone', 0, { text: 'x', status: 'done' }, 4), conversation);
		assert.equal(session.setReply(conversation, 't1', 5, { text: 'x', status: 'done' }, 4), conversation);
	});

	it('edit-and-resend replaces the turn with a new id and drops the turns after it', () => {
		const edited = session.editTurn(twoTurns(), 't1', 't1b', 'Better first question', 6);
		assert.equal(edited.turns.length, 1);
		assert.equal(edited.turns[0].id, 't1b');
		assert.equal(edited.turns[0].user, 'Better first question');
		assert.deepEqual(edited.turns[0].replies, [session.STREAMING]);
		assert.equal(edited.title, 'Better first question');
		assert.equal(session.editTurn(twoTurns(), 't2', 't2b', 'Other', 6).title, 'First question');
		assert.equal(session.editTurn(twoTurns(), 'gone', 'x', 'Other', 6).turns.length, 2);
	});

	it('asks with the system prompt, earlier turns and this column’s answers', () => {
		const conversation = twoTurns();
		assert.deepEqual(session.chatMessagesOf(conversation, 1, 0), [
			{ role: 'system', content: 'You are terse.' },
			{ role: 'user', content: 'First question' },
			{ role: 'assistant', content: 'First answer' },
			{ role: 'user', content: 'Second question' },
		]);
		assert.deepEqual(session.chatMessagesOf(session.setSystemPrompt(conversation, '  ', 6), 0, 0), [{ role: 'user', content: 'First question' }]);
	});

	it('builds the request from the column’s parameters and the store setting', () => {
		const conversation = session.setParameters(twoTurns(), 0, { temperature: 0.3, topP: 0.9, maxTokens: 64, seed: 7, stop: ['END'] }, 6);
		const ask = session.replyRequestOf(conversation, 1, 0, { store: true, signal });
		assert.equal(ask.api, 'chat');
		assert.equal(ask.request.model, FINE_TUNED.model);
		assert.equal(ask.request.temperature, 0.3);
		assert.equal(ask.request.topP, 0.9);
		assert.equal(ask.request.maxTokens, 64);
		assert.equal(ask.request.seed, 7);
		assert.deepEqual(ask.request.stop, ['END']);
		assert.equal(ask.api === 'chat' && ask.request.store, true);
		assert.equal(ask.request.signal, signal);
		const plain = session.replyRequestOf(twoTurns(), 0, 0, { store: false, signal });
		assert.equal('temperature' in plain.request || 'stop' in plain.request, false);
	});

	it('gives a legacy completion model the turn’s text as its prompt', () => {
		let conversation = session.newConversation('c1', 1, [column(LEGACY, { maxTokens: 20 })]);
		conversation = session.addTurn(conversation, 't1', 'Once upon a time', 2);
		const ask = session.replyRequestOf(conversation, 0, 0, { store: false, signal });
		assert.deepEqual(ask.api === 'completions' && { prompt: ask.request.prompt, maxTokens: ask.request.maxTokens }, { prompt: 'Once upon a time', maxTokens: 20 });
	});

	it('adds, changes and removes columns with their replies', () => {
		let conversation = session.addColumn(twoTurns(), column(BASE, { temperature: 1 }), 6);
		assert.equal(conversation.columns.length, 2);
		assert.deepEqual(
			conversation.turns.map((turn) => turn.replies.length),
			[2, 2],
		);
		assert.equal(conversation.turns[0].replies[1], undefined);
		conversation = session.setModel(conversation, 1, LEGACY, 7);
		assert.deepEqual(conversation.columns[1], { model: LEGACY, parameters: { temperature: 1 } });
		conversation = session.removeColumn(conversation, 0, 8);
		assert.deepEqual(conversation.columns, [{ model: LEGACY, parameters: { temperature: 1 } }]);
		assert.deepEqual(conversation.turns[0].replies, [undefined]);
	});

	it('settles replies a closed panel left streaming as stopped, keeping their text', () => {
		const conversation = session.setReply(twoTurns(), 't2', 0, { text: 'Half an ans', status: 'streaming' }, 6);
		const settled = session.settleInterrupted(conversation);
		assert.deepEqual(settled.turns[1].replies[0], { text: 'Half an ans', status: 'stopped' });
		const settledAlready = twoTurns();
		assert.equal(session.settleInterrupted(settledAlready), settledAlready);
	});

	it('tells an Open Chat request from a tree node', () => {
		assert.ok(session.isChatOpenRequest({ model: FINE_TUNED }));
		assert.ok(session.isChatOpenRequest({ model: FINE_TUNED, compareWith: [BASE] }));
		assert.ok(session.isChatOpenRequest({ conversationId: 'c1' }));
		for (const value of [undefined, null, {}, { model: { model: 'x' } }, { compareWith: [{}] }, { conversationId: 3 }, { kind: 'job', id: 'ftjob-1' }]) {
			assert.equal(session.isChatOpenRequest(value), false, JSON.stringify(value));
		}
	});
});
