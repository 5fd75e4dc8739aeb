import * as assert from 'node:assert/strict';
import { jsonLineLike } from '../../../src/dataset/convert/conversions';
import { isUnconvertible, promptCompletionToChat, trlToPreference, withoutSeparator } from '../../../src/dataset/convert/toChat';

describe('converters', () => {
	it('strip legacy separators and stop sequences, and nothing that merely ends like one', () => {
		assert.equal(withoutSeparator('What is 2+2?\n\n###\n\n', ['###', '->']), 'What is 2+2?');
		assert.equal(withoutSeparator('  2+2 ->  ', ['###', '->']), '2+2');
		assert.equal(withoutSeparator(' 4 END', ['###', ' END', '\nEND']), '4');
		assert.equal(withoutSeparator(' 4\nEND\n', ['###', ' END', '\nEND']), '4');
		assert.equal(withoutSeparator(' my FRIEND', ['###', ' END', '\nEND']), 'my FRIEND');
	});

	// The shapes that made the old /\s*(…)\s*$/ backtrack cubically: they must convert, whole.
	it('convert completions with long runs of white space inside and at the end', () => {
		const newlines = promptCompletionToChat({ prompt: 'hi', completion: `a${'\n'.repeat(10_000)}x` });
		assert.ok(!isUnconvertible(newlines));
		assert.deepEqual(newlines.chat.messages[1], { role: 'assistant', content: `a${'\n'.repeat(10_000)}x` });
		const spaces = promptCompletionToChat({ prompt: `q${' '.repeat(100_000)}->`, completion: `a${' '.repeat(100_000)}` });
		assert.ok(!isUnconvertible(spaces));
		assert.deepEqual(spaces.chat.messages, [
			{ role: 'user', content: 'q' },
			{ role: 'assistant', content: 'a' },
		]);
		assert.deepEqual(promptCompletionToChat({ prompt: 'hi', completion: ' '.repeat(100_000) }), { unconvertible: 'the completion is empty' });
	});

	it('keep a completion\'s leading space unless the record follows the legacy separator convention', () => {
		assert.deepEqual(promptCompletionToChat({ prompt: 'What is 2+2?', completion: ' 4' }), {
			chat: { messages: [{ role: 'user', content: 'What is 2+2?' }, { role: 'assistant', content: ' 4' }] },
			legacy: false,
		});
		assert.deepEqual(promptCompletionToChat({ prompt: 'What is 2+2?\n\n###\n\n', completion: ' 4' }), {
			chat: { messages: [{ role: 'user', content: 'What is 2+2?' }, { role: 'assistant', content: '4' }] },
			legacy: true,
		});
	});

	it('write JSON in the style of the line they replace', () => {
		const value = { messages: [{ role: 'user', content: 'a, b: c\n' }], empty: [], none: {} };
		assert.equal(jsonLineLike(value, '{"prompt":"x","completion":" y"}'), JSON.stringify(value));
		assert.equal(jsonLineLike(value, '{"prompt": "x", "completion": " y"}'), '{"messages": [{"role": "user", "content": "a, b: c\\n"}], "empty": [], "none": {}}');
	});

	it('convert TRL preference records, string and conversational, to DPO records', () => {
		const expected = { input: { messages: [{ role: 'user', content: 'Q' }] }, preferred_output: [{ role: 'assistant', content: 'Good' }], non_preferred_output: [{ role: 'assistant', content: 'Bad' }] };
		assert.deepEqual(trlToPreference({ prompt: 'Q', chosen: 'Good', rejected: 'Bad' }), expected);
		assert.deepEqual(trlToPreference({ prompt: [{ role: 'user', content: 'Q' }], chosen: [{ role: 'assistant', content: 'Good' }], rejected: [{ role: 'assistant', content: 'Bad' }] }), expected);
		const implicit = { chosen: [{ role: 'user', content: 'Q' }, { role: 'assistant', content: 'Good' }], rejected: [{ role: 'user', content: 'Q' }, { role: 'assistant', content: 'Bad' }] };
		assert.deepEqual(trlToPreference(implicit), expected);
		assert.deepEqual(trlToPreference({ prompt: 'Q', chosen: [{ role: 'assistant', content: 'A' }, { role: 'assistant', content: 'B' }], rejected: 'Bad' }), { unconvertible: '"chosen" must be non-empty text or exactly one assistant message with text' });
	});
});
