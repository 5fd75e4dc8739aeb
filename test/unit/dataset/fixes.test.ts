import * as assert from 'node:assert/strict';
import type { FindingCode } from '../../../src/dataset/codes';
import { DatasetLinter } from '../../../src/dataset/dataset';
import { applyEdits, fixAllOfKind } from '../../../src/dataset/fixes';
import { useTestRanks } from './rankDirectory';

const chat = (n: number): string => JSON.stringify({ messages: [{ role: 'user', content: `Q${n}` }, { role: 'assistant', content: `A${n}` }] });
const TEN = Array.from({ length: 10 }, (_, n) => chat(n));

function lint(text: string, model = 'gpt-4o-mini-2024-07-18'): DatasetLinter {
	const linter = new DatasetLinter({ model });
	linter.setText(text);
	return linter;
}

function count(text: string, code: FindingCode, model?: string): number {
	return lint(text, model).findings().filter((finding) => finding.code === code).length;
}

/** Applies "fix all of this kind" until none is left, as a person clicking it again would. */
function fixAll(text: string, code: FindingCode, model?: string): string {
	let current = text;
	for (let round = 0; round < 5 && count(current, code, model) > 0; round++) {
		current = applyEdits(current, fixAllOfKind(lint(current, model).findingsWithFixes((finding) => finding.code === code), code).edits);
	}
	return current;
}

describe('quick fixes', () => {
	before(useTestRanks);

	it('fixes all blank lines of a file at once, CRLF included', () => {
		const text = `${TEN.slice(0, 3).join('\r\n')}\r\n\r\n  \r\n${TEN.slice(3).join('\r\n')}\r\n\r\n`;
		assert.equal(count(text, 'jsonl.blank-line'), 3);
		const fixed = applyEdits(text, fixAllOfKind(lint(text).findingsWithFixes(() => true), 'jsonl.blank-line').edits);
		assert.equal(count(fixed, 'jsonl.blank-line'), 0);
		assert.equal(lint(fixed).summary().examples, 10);
	});

	it('removes every unknown key, neighbours included, without breaking the JSON', () => {
		const text = TEN.map((line) => line.replace('{"messages"', '{"id": 1, "source": "x", "messages"').replace(/}$/, ', "note": "y"}')).join('\n');
		assert.equal(count(text, 'record.unknown-key'), 30);
		const fixed = fixAll(text, 'record.unknown-key');
		assert.equal(fixed, TEN.join('\n'));
	});

	it('converts all prompt/completion records to chat for a chat model', () => {
		const text = Array.from({ length: 10 }, (_, n) => JSON.stringify({ prompt: `Q${n}\n\n###\n\n`, completion: ` A${n} END` })).join('\n');
		const fixed = fixAll(text, 'format.model-mismatch');
		assert.deepEqual(lint(fixed).findings(), []);
		assert.equal(fixed.split('\n')[0], chat(0));
	});

	it('removes a weight from a message that is not the assistant\'s', () => {
		const text = [...TEN.slice(1), JSON.stringify({ messages: [{ role: 'user', content: 'Q', weight: 1 }, { role: 'assistant', content: 'A' }] })].join('\n');
		const fixed = fixAll(text, 'chat.invalid-weight');
		assert.deepEqual(lint(fixed).findings(), []);
	});

	it('converts Anthropic HH records to preference records or to chat, and ShareGPT to chat', () => {
		const hh = JSON.stringify({ chosen: '\n\nHuman: Is the lamp dimmable?\n\nAssistant: Yes, with any dimmer.', rejected: '\n\nHuman: Is the lamp dimmable?\n\nAssistant: No idea.' });
		const text = [...TEN.slice(1), hh].join('\n');
		const [toPreference, toChat] = lint(text).findingsWithFixes(() => true).find((finding) => finding.code === 'record.foreign-format')?.fixes ?? [];
		assert.ok(toPreference && toChat);
		const preference = JSON.parse(applyEdits(text, toPreference.edits).split('\n')[9] as string) as Record<string, unknown>;
		assert.deepEqual(preference, {
			input: { messages: [{ role: 'user', content: 'Is the lamp dimmable?' }] },
			preferred_output: [{ role: 'assistant', content: 'Yes, with any dimmer.' }],
			non_preferred_output: [{ role: 'assistant', content: 'No idea.' }],
		});
		assert.equal(count(applyEdits(text, toChat.edits), 'record.foreign-format'), 0);
		const shareGpt = JSON.stringify({ conversations: [{ from: 'human', value: 'Hi' }, { from: 'gpt', value: 'Hello' }] });
		const fixed = fixAll([...TEN.slice(1), shareGpt].join('\n'), 'record.foreign-format');
		assert.deepEqual(lint(fixed).findings(), []);
	});

	it('recognises TRL preference records, string and conversational, with one error naming OpenAI\'s DPO shape and a fix that converts them', () => {
		const preference = (n: number): string => JSON.stringify({ input: { messages: [{ role: 'user', content: `Q${n}` }] }, preferred_output: [{ role: 'assistant', content: `Good ${n}` }], non_preferred_output: [{ role: 'assistant', content: `Bad ${n}` }] });
		const trl = [
			'{"prompt": "Q", "chosen": "Good", "rejected": "Bad"}',
			JSON.stringify({ prompt: [{ role: 'user', content: 'Q' }], chosen: [{ role: 'assistant', content: 'Good' }], rejected: [{ role: 'assistant', content: 'Bad' }] }),
		];
		for (const line of trl) {
			const text = [...Array.from({ length: 9 }, (_, n) => preference(n)), line].join('\n');
			const findings = lint(text).findingsWithFixes(() => true).filter((candidate) => candidate.range.start.line === 9);
			assert.deepEqual(findings.map((finding) => finding.code), ['record.foreign-format'], line);
			const [finding] = findings;
			assert.match(finding?.message ?? '', /TRL preference .*"preferred_output"/);
			const [toPreference] = finding?.fixes ?? [];
			assert.equal(toPreference?.title, 'Convert to a preference (DPO) record');
			assert.deepEqual(lint(applyEdits(text, toPreference.edits)).findings(), []);
		}
		// Keys in the style of the line: the string variant was written with spaces after ":" and ",".
		const fixed = applyEdits([...Array.from({ length: 9 }, (_, n) => preference(n)), trl[0]].join('\n'), lint([...Array.from({ length: 9 }, (_, n) => preference(n)), trl[0]].join('\n')).findingsWithFixes(() => true).find((finding) => finding.code === 'record.foreign-format')?.fixes?.[0]?.edits ?? []);
		assert.equal(fixed.split('\n')[9], '{"input": {"messages": [{"role": "user", "content": "Q"}]}, "preferred_output": [{"role": "assistant", "content": "Good"}], "non_preferred_output": [{"role": "assistant", "content": "Bad"}]}');
	});

	it('converts prompt/completion to chat in the line\'s own style, keeping a leading space unless it is the legacy convention', () => {
		const plain = [...TEN.slice(1), '{"prompt": "What is 2+2?", "completion": " 4"}'].join('\n');
		const [fix] = lint(plain).findingsWithFixes(() => true).find((finding) => finding.code === 'format.model-mismatch')?.fixes ?? [];
		assert.equal(fix?.title, 'Convert to a chat record');
		assert.equal(applyEdits(plain, fix.edits).split('\n')[9], '{"messages": [{"role": "user", "content": "What is 2+2?"}, {"role": "assistant", "content": " 4"}]}');
		const legacy = [...TEN.slice(1), '{"prompt":"What is 2+2?\\n\\n###\\n\\n","completion":" 4 END"}'].join('\n');
		const [legacyFix] = lint(legacy).findingsWithFixes(() => true).find((finding) => finding.code === 'format.model-mismatch')?.fixes ?? [];
		assert.match(legacyFix?.title ?? '', /legacy separator, stop sequence and leading space/);
		assert.equal(applyEdits(legacy, legacyFix.edits).split('\n')[9], '{"messages":[{"role":"user","content":"What is 2+2?"},{"role":"assistant","content":"4"}]}');
	});

	it('points at a trailing comma, not at the bracket after it, and removes it', () => {
		const text = [...TEN.slice(2), '{"messages": [{"role": "user", "content": "Q"}, {"role": "assistant", "content": "A"},  ]}', '{"messages": [{"role": "user", "content": "Q2"}, {"role": "assistant", "content": "A2", }]}'].join('\n');
		const findings = lint(text).findingsWithFixes(() => true).filter((finding) => finding.code === 'jsonl.invalid-json');
		assert.deepEqual(
			findings.map(({ range }) => text.split('\n')[range.start.line]?.slice(range.start.character, range.end.character)),
			[',', ','],
		);
		assert.deepEqual(findings.map((finding) => finding.fixes?.[0]?.title), ['Remove the trailing comma', 'Remove the trailing comma']);
		assert.deepEqual(lint(fixAll(text, 'jsonl.invalid-json')).findings(), []);
	});
});
