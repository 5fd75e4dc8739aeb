import * as assert from 'node:assert/strict';
import { escapeIcons, escapeMarkdown, escapeNotificationLinks } from '../../src/editor/markdown';

const HOSTILE = '![t](https://attacker.example/beacon.png) [Re-enter your API key](https://phish.example) www.phish.example <img src=x> $(alert) *bold*';

describe('showing dataset and setting text in the editor', () => {
	it('escapes every markdown construct, and unescaping gives the text back', () => {
		const escaped = escapeMarkdown(HOSTILE);
		assert.doesNotMatch(escaped, /(?<!\\)[[\]()!<>*$]/);
		assert.doesNotMatch(escaped, /https:\/\/|www\./);
		assert.equal(escaped.replace(/\\([!-/:-@[-`{-~])/g, '$1'), HOSTILE);
		assert.equal(escapeMarkdown('a\nb'), 'a b', 'one line: no headings or lists from a newline');
	});

	it('escapes icon syntax for the status bar and CodeLens', () => {
		assert.equal(escapeIcons('gpt $(alert) x'), 'gpt \\$(alert) x');
	});

	it("leaves no link a notification would render (VS Code's own pattern)", () => {
		// vs/base/common/linkedText.ts
		const LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
		assert.match(HOSTILE, LINK);
		assert.doesNotMatch(escapeNotificationLinks(HOSTILE), LINK);
		assert.doesNotMatch(escapeNotificationLinks('[run](command:workbench.action.terminal.new)'), LINK);
	});
});
