import * as assert from 'node:assert/strict';
import { promptCompletionToChat, withoutSeparator } from '../../../src/dataset/convert/toChat';

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
		assert.deepEqual(newlines?.messages[1], { role: 'assistant', content: `a${'\n'.repeat(10_000)}x` });
		const spaces = promptCompletionToChat({ prompt: `q${' '.repeat(100_000)}->`, completion: `a${' '.repeat(100_000)}` });
		assert.deepEqual(spaces?.messages, [
			{ role: 'user', content: 'q' },
			{ role: 'assistant', content: 'a' },
		]);
		assert.equal(promptCompletionToChat({ prompt: 'hi', completion: ' '.repeat(100_000) }), undefined);
	});
});
