import * as assert from 'node:assert/strict';
import type { ChatColumn, Conversation, Reply, Turn } from '../../../src/chat/conversation';
import { useTestRanks } from '../dataset/rankDirectory';
import { conversationRecords, conversationToJsonl, preferencePairOf, recordFindings, trainingExampleOf, type Built, type TrainingRecord } from '../../../src/chat/records';

const FINE_TUNE: ChatColumn = { model: { connection: 'OpenAI', model: 'ft:gpt-4.1-mini-2025-04-14:acme::abc123', api: 'chat', baseModel: 'gpt-4.1-mini-2025-04-14' }, parameters: {} };
const BASE: ChatColumn = { model: { connection: 'OpenAI', model: 'gpt-4.1-mini-2025-04-14', api: 'chat' }, parameters: {} };
const LEGACY: ChatColumn = { model: { connection: 'OpenAI', model: 'ft:davinci-002:acme::xyz', api: 'completions', baseModel: 'davinci-002' }, parameters: {} };
const SYSTEM = 'You are Ada, the support assistant of Lumen Lamps.';

const done = (text: string): Reply => ({ text, status: 'done' });
const failed: Reply = { text: '', status: 'failed', error: { kind: 'rate-limit', message: 'Rate limited' } };

function conversationOf(columns: readonly ChatColumn[], turns: readonly [string, ...(Reply | undefined)[]][], systemPrompt = SYSTEM): Conversation {
	return {
		id: 'c1',
		title: '',
		createdAt: 1,
		updatedAt: 2,
		systemPrompt,
		columns,
		turns: turns.map(([user, ...replies], index): Turn => ({ id: `t${index}`, user, replies })),
	};
}

/** The record of a build that must succeed. */
function recordOf<T>(built: Built<T>): { record: T; omittedTurns: readonly number[] } {
	assert.ok('record' in built, `refused: ${JSON.stringify('refusal' in built ? built.refusal : undefined)}`);
	return built;
}

before(useTestRanks);

const lintsClean = (record: TrainingRecord, model = 'gpt-4.1-mini-2025-04-14') => assert.deepEqual(recordFindings(record, { model, target: 'openai' }), []);

describe('chat records: a reply as a training example', () => {
	const compare = conversationOf(
		[FINE_TUNE, BASE],
		[
			['My lamp flickers when dimmed.', done('Is the bulb dimmable?'), done('Please read the manual.')],
			['Yes, it says dimmable.', done('Then the dimmer may not suit LEDs: try a trailing-edge dimmer.'), done('Contact support.')],
		],
	);

	it('holds the system prompt, the earlier turns with this column\'s replies, and the reply, and lints clean for gpt-4.1-mini', () => {
		const { record, omittedTurns } = recordOf(trainingExampleOf(compare, 1, 0));
		assert.deepEqual(record, {
			messages: [
				{ role: 'system', content: SYSTEM },
				{ role: 'user', content: 'My lamp flickers when dimmed.' },
				{ role: 'assistant', content: 'Is the bulb dimmable?' },
				{ role: 'user', content: 'Yes, it says dimmable.' },
				{ role: 'assistant', content: 'Then the dimmer may not suit LEDs: try a trailing-edge dimmer.' },
			],
		});
		assert.deepEqual(omittedTurns, []);
		lintsClean(record);
	});

	it('takes the other column\'s own history for its reply', () => {
		const { record } = recordOf(trainingExampleOf(compare, 1, 1));
		assert.deepEqual(
			'messages' in record && record.messages.filter((message) => message.role === 'assistant').map((message) => message.content),
			['Please read the manual.', 'Contact support.'],
		);
	});

	it('stops at the turn saved: later turns are not in it', () => {
		const { record } = recordOf(trainingExampleOf(compare, 0, 0));
		assert.deepEqual('messages' in record && record.messages.map((message) => message.role), ['system', 'user', 'assistant']);
	});

	it('teaches the edited text in place of the reply, as it is', () => {
		const edited = 'Check that the bulb is marked dimmable.\n\n```\nmodel: LL-40\n```';
		const { record } = recordOf(trainingExampleOf(compare, 0, 1, edited));
		assert.deepEqual('messages' in record && record.messages.at(-1), { role: 'assistant', content: edited });
		lintsClean(record);
	});

	it('has no system message when the system prompt is empty or only white space', () => {
		for (const systemPrompt of ['', '  \n ']) {
			const { record } = recordOf(trainingExampleOf(conversationOf([BASE], [['Hi', done('Hello!')]], systemPrompt), 0, 0));
			assert.deepEqual(record, { messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello!' }] });
			lintsClean(record);
		}
	});

	it('leaves out earlier turns this column did not answer, and says which', () => {
		const conversation = conversationOf([BASE], [['First?', failed], ['Second?', undefined], ['Third?', done('Third answer.')], ['Fourth?', done('Fourth answer.')]]);
		const { record, omittedTurns } = recordOf(trainingExampleOf(conversation, 3, 0));
		assert.deepEqual(omittedTurns, [0, 1]);
		assert.deepEqual('messages' in record && record.messages.map((message) => message.content), [SYSTEM, 'Third?', 'Third answer.', 'Fourth?', 'Fourth answer.']);
		lintsClean(record);
	});

	it('keeps a reply the user stopped, as it was shown', () => {
		const { record } = recordOf(trainingExampleOf(conversationOf([BASE], [['Hi', { text: 'Hello, how', status: 'stopped' }]]), 0, 0));
		assert.deepEqual('messages' in record && record.messages.at(-1), { role: 'assistant', content: 'Hello, how' });
	});

	it('refuses a reply that failed, is still streaming, is missing or empty, an empty edit, and a turn or column that is not there', () => {
		const conversation = conversationOf(
			[BASE, FINE_TUNE],
			[
				['a', failed, { text: 'partial', status: 'streaming' }],
				['b', { text: '  ', status: 'done' }, undefined],
			],
		);
		assert.deepEqual(trainingExampleOf(conversation, 0, 0), { refusal: { kind: 'no-reply', turnIndex: 0, column: 0, status: 'failed' } });
		assert.deepEqual(trainingExampleOf(conversation, 0, 1), { refusal: { kind: 'no-reply', turnIndex: 0, column: 1, status: 'streaming' } });
		assert.deepEqual(trainingExampleOf(conversation, 1, 0), { refusal: { kind: 'no-reply', turnIndex: 1, column: 0, status: 'done' } });
		assert.deepEqual(trainingExampleOf(conversation, 1, 1), { refusal: { kind: 'no-reply', turnIndex: 1, column: 1 } });
		assert.deepEqual(trainingExampleOf(conversation, 1, 1, ' \n'), { refusal: { kind: 'empty-edit' } });
		assert.deepEqual(trainingExampleOf(conversation, 2, 0), { refusal: { kind: 'no-such-turn', turnIndex: 2 } });
		assert.deepEqual(trainingExampleOf(conversation, 0, 2), { refusal: { kind: 'no-such-column', column: 2 } });
	});

	it('makes a prompt/completion record for a legacy completions model, clean for davinci-002', () => {
		const conversation = conversationOf([LEGACY], [['Lamp: LL-40\nIssue: flicker\n\n###\n\n', done(' Replace the dimmer. END')]]);
		const { record } = recordOf(trainingExampleOf(conversation, 0, 0));
		assert.deepEqual(record, { prompt: 'Lamp: LL-40\nIssue: flicker\n\n###\n\n', completion: ' Replace the dimmer. END' });
		lintsClean(record, 'davinci-002');
	});

	it('shows the linter\'s findings for a record the target model does not train on', () => {
		const { record } = recordOf(trainingExampleOf(conversationOf([BASE], [['Hi', done('Hello!')]]), 0, 0));
		assert.deepEqual(
			recordFindings(record, { model: 'davinci-002', target: 'openai' }).map((found) => found.code),
			['format.model-mismatch'],
		);
	});
});

describe('chat records: a preference (DPO) pair from Compare', () => {
	const compare = conversationOf(
		[FINE_TUNE, BASE],
		[
			['My lamp flickers when dimmed.', done('Is the bulb dimmable?'), done('Read the manual.')],
			['Yes.', done('Then try a trailing-edge dimmer.'), done('Contact support.')],
		],
	);

	it('is OpenAI\'s preference record: input messages up to the user turn (the preferred column\'s history), one preferred and one non-preferred assistant output; clean for gpt-4.1-mini', () => {
		const { record } = recordOf(preferencePairOf(compare, 1, 0, 1));
		assert.deepEqual(record, {
			input: {
				messages: [
					{ role: 'system', content: SYSTEM },
					{ role: 'user', content: 'My lamp flickers when dimmed.' },
					{ role: 'assistant', content: 'Is the bulb dimmable?' },
					{ role: 'user', content: 'Yes.' },
				],
			},
			preferred_output: [{ role: 'assistant', content: 'Then try a trailing-edge dimmer.' }],
			non_preferred_output: [{ role: 'assistant', content: 'Contact support.' }],
		});
		lintsClean(record);
	});

	it('prefers either way round', () => {
		const { record } = recordOf(preferencePairOf(compare, 0, 1, 0));
		assert.deepEqual([record.preferred_output[0].content, record.non_preferred_output[0].content], ['Read the manual.', 'Is the bulb dimmable?']);
		assert.deepEqual(record.input.messages.at(-1), { role: 'user', content: 'My lamp flickers when dimmed.' });
	});

	it('refuses the same column twice, a legacy completions column, and a side without a usable reply', () => {
		assert.deepEqual(preferencePairOf(compare, 0, 1, 1), { refusal: { kind: 'same-column' } });
		const withLegacy = conversationOf([BASE, LEGACY], [['Hi', done('Hello!'), done(' Hello')]]);
		assert.deepEqual(preferencePairOf(withLegacy, 0, 0, 1), { refusal: { kind: 'completions-preference', column: 1 } });
		const oneFailed = conversationOf([FINE_TUNE, BASE], [['Hi', done('Hello!'), failed]]);
		assert.deepEqual(preferencePairOf(oneFailed, 0, 0, 1), { refusal: { kind: 'no-reply', turnIndex: 0, column: 1, status: 'failed' } });
	});

	it('lets the linter warn when both replies are the same', () => {
		const same = conversationOf([FINE_TUNE, BASE], [['Hi', done('Hello!'), done('Hello!')]]);
		const { record } = recordOf(preferencePairOf(same, 0, 0, 1));
		assert.deepEqual(
			recordFindings(record, { model: 'gpt-4.1-mini-2025-04-14', target: 'openai' }).map((found) => found.code),
			['preference.identical-outputs'],
		);
	});
});

describe('chat records: a whole conversation for export', () => {
	it('is one chat record per conversation with every answered turn of the chosen column, one JSONL line', () => {
		const conversation = conversationOf(
			[FINE_TUNE, BASE],
			[
				['One "quoted"\nline two', done('Answer one\nwith a break'), done('Other one')],
				['Two', failed, done('Other two')],
				['Three', done('Answer three'), undefined],
			],
		);
		const text = conversationToJsonl(conversation, 0);
		assert.equal(text.split('\n').length, 2, 'one line and its break');
		assert.ok(text.endsWith('}\n'));
		const record = JSON.parse(text) as TrainingRecord;
		assert.deepEqual(record, {
			messages: [
				{ role: 'system', content: SYSTEM },
				{ role: 'user', content: 'One "quoted"\nline two' },
				{ role: 'assistant', content: 'Answer one\nwith a break' },
				{ role: 'user', content: 'Three' },
				{ role: 'assistant', content: 'Answer three' },
			],
		});
		lintsClean(record);
		assert.deepEqual(
			(JSON.parse(conversationToJsonl(conversation, 1)) as { messages: { content: string }[] }).messages.map((message) => message.content),
			[SYSTEM, 'One "quoted"\nline two', 'Other one', 'Two', 'Other two'],
		);
	});

	it('is nothing when the column answered nothing, and a prompt/completion line per answered turn for a legacy model', () => {
		assert.equal(conversationToJsonl(conversationOf([BASE], [['Hi', failed]]), 0), '');
		assert.deepEqual(conversationRecords(conversationOf([LEGACY], [['A', done(' a')], ['B', failed], ['C', done(' c')]]), 0), [
			{ prompt: 'A', completion: ' a' },
			{ prompt: 'C', completion: ' c' },
		]);
	});
});

describe('chat records: checked against the file they join', () => {
	const settings = { model: 'gpt-4.1-mini-2025-04-14', target: 'openai' } as const;
	const compare = conversationOf([FINE_TUNE, BASE], [['Hi', done('Hello! How can I help?'), done('Hi.')]]);
	const example = recordOf(trainingExampleOf(compare, 0, 0)).record;
	const pair = recordOf(preferencePairOf(compare, 0, 0, 1)).record;
	const chatFile = `${JSON.stringify({ messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }] })}\n${JSON.stringify(example)}\n`;

	it('is clean in a file of its own format, and in an empty one', () => {
		assert.deepEqual(recordFindings(recordOf(trainingExampleOf(compare, 0, 1)).record, settings, chatFile), []);
		assert.deepEqual(recordFindings(pair, settings, '\n'), []);
	});

	it('finds a preference pair going into a file of chat examples, and an exact duplicate, on the line it would be', () => {
		const mixed = recordFindings(pair, settings, chatFile);
		assert.deepEqual(
			mixed.map((found) => [found.code, found.range.start.line]),
			[['dataset.mixed-formats', 2]],
		);
		assert.match(mixed[0]?.message ?? '', /preference \(DPO\) example sits in a file of 2 chat \(messages\) examples/);
		const duplicate = recordFindings(example, settings, chatFile.trimEnd());
		assert.deepEqual(
			duplicate.map((found) => [found.code, found.range.start.line]),
			[['dataset.duplicate', 2]],
		);
		assert.match(duplicate[0]?.message ?? '', /repeats line 2 exactly/);
	});
});
