import * as assert from 'node:assert/strict';
import type { Conversation } from '../../../src/chat/conversation';
import { ConversationStore, defaultTitle } from '../../../src/chat/history';
import { MemoryMemento } from '../../fixtures/memoryMemento';

function conversation(id: string, firstMessage: string, title = ''): Conversation {
	return {
		id,
		title,
		createdAt: 1,
		updatedAt: 2,
		systemPrompt: '',
		columns: [{ model: { connection: 'OpenAI', model: 'gpt-4.1-mini', api: 'chat' }, parameters: {} }],
		turns: [{ id: 't0', user: firstMessage, replies: [{ text: 'Hello!', status: 'done' }] }],
	};
}

describe('the conversation store', () => {
	let store: ConversationStore;
	let changes: number;
	beforeEach(() => {
		store = new ConversationStore(new MemoryMemento());
		changes = 0;
		store.onDidChange(() => changes++);
	});

	it('lists the last saved first, and titles an untitled conversation with its first message', async () => {
		await store.save(conversation('a', 'Why does my lamp flicker?'));
		await store.save(conversation('b', 'Second', 'Named'));
		await store.save(conversation('a', 'Why does my lamp flicker?'));
		assert.deepEqual(
			store.list().map((saved) => [saved.id, saved.title]),
			[
				['a', 'Why does my lamp flicker?'],
				['b', 'Named'],
			],
		);
		assert.equal(changes, 3);
	});

	it('renames in place, back to the first message when the name is empty, and reports an unknown id', async () => {
		await store.save(conversation('a', 'First question'));
		await store.save(conversation('b', 'Second question'));
		assert.equal(await store.rename('a', '  Lamp support  '), true);
		assert.deepEqual(
			store.list().map((saved) => [saved.id, saved.title]),
			[
				['b', 'Second question'],
				['a', 'Lamp support'],
			],
			'a name is not a new message: the order stays',
		);
		assert.equal(await store.rename('a', ' '), true);
		assert.equal(store.get('a')?.title, 'First question');
		assert.equal(await store.rename('missing', 'x'), false);
		assert.equal(changes, 4);
	});

	it('deletes the ones named, and nothing for an unknown id', async () => {
		for (const id of ['a', 'b', 'c']) {
			await store.save(conversation(id, id));
		}
		assert.equal(await store.delete('a', 'c', 'missing'), 2);
		assert.deepEqual(
			store.list().map((saved) => saved.id),
			['b'],
		);
		assert.equal(await store.delete('missing'), 0);
		assert.equal(changes, 4, 'three saves and one delete that changed something');
	});

	it('stops telling a listener once it is disposed', async () => {
		let heard = 0;
		const listener = store.onDidChange(() => heard++);
		await store.save(conversation('a', 'a'));
		listener.dispose();
		await store.save(conversation('b', 'b'));
		assert.equal(heard, 1);
	});

	it('cuts a long first message to one line, between characters', () => {
		const long = `${'Lamp 💡 '.repeat(12)}\nand more`;
		const title = defaultTitle({ turns: [{ id: 't', user: long, replies: [] }] });
		assert.equal([...title].length, 60);
		assert.ok(title.endsWith('…'));
		assert.ok(!title.includes('\n'));
		assert.ok(!/[\uD800-\uDBFF]…$/.test(title), 'no half surrogate pair');
		assert.equal(defaultTitle({ turns: [] }), '');
	});
});
