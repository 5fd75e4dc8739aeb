import * as assert from 'node:assert/strict';
import { FINDING_CODES, type FindingCode } from '../../../src/dataset/codes';
import { DatasetLinter } from '../../../src/dataset/dataset';
import { exampleTokens } from '../../../src/dataset/exampleTokens';
import type { LintTarget } from '../../../src/dataset/lineLint';
import { applyEdits } from '../../../src/dataset/fixes';
import { getTokenizer } from '../../../src/dataset/tokens';
import { trainingKeysOf } from '../../../src/dataset/pairing';
import { lensSummary, shortSummary, summaryLines } from '../../../src/dataset/summaryText';
import { useTestRanks } from './rankDirectory';

/** A valid chat example; `n` makes each one distinct. */
function chat(n: number): string {
	return JSON.stringify({ messages: [{ role: 'user', content: `Question ${n}?` }, { role: 'assistant', content: `Answer ${n}.` }] });
}

/** Nine valid chat examples, so that one more makes a file of ten. */
const NINE = Array.from({ length: 9 }, (_, n) => chat(n));
const TEN = [...NINE, chat(9)];

function file(lines: readonly string[]): string {
	return `${lines.join('\n')}\n`;
}

/** A file of nine valid examples plus `line` for a chat model. */
function withNine(line: string): string {
	return file([...NINE, line]);
}

interface Case {
	/** A file that yields the code. */
	readonly failing: string;
	/** The same mistake corrected: a file that does not. */
	readonly passing: string;
	readonly model?: string;
	/** The passing twin's model, where the model is the mistake. */
	readonly passingModel?: string;
	/** Whether the finding offers a fix that removes it. */
	readonly fixable?: boolean;
	/** The service both files are checked for, where the code is one service's (default openai). */
	readonly target?: LintTarget;
}

const msg = (role: string, content: unknown, extra: object = {}): object => ({ role, content, ...extra });
const record = (value: unknown): string => JSON.stringify(value);
const user = msg('user', 'Hi');
const assistant = msg('assistant', 'Hello!');

const CASES: Record<FindingCode, Case> = {
	'jsonl.invalid-json': { failing: withNine('{"messages": [}'), passing: withNine(chat(100)) },
	'jsonl.not-object': { failing: withNine('[1, 2]'), passing: withNine(chat(100)) },
	'jsonl.blank-line': { failing: file([...NINE.slice(0, 5), '', ...NINE.slice(5), chat(100)]), passing: file(TEN), fixable: true },
	'jsonl.bom': { failing: `\uFEFF${file(TEN)}`, passing: file(TEN), fixable: true },
	'jsonl.missing-bom': { target: 'azure', failing: file(TEN), passing: `\uFEFF${file(TEN)}`, fixable: true },
	// As an editor shows a UTF-16 file it reads as UTF-8: a NUL beside every character.
	'jsonl.utf16': { failing: Buffer.from(file(TEN), 'utf16le').toString('utf8'), passing: file(TEN) },
	'jsonl.invalid-utf8': { failing: '', passing: '' },
	'record.unknown-format': { failing: withNine(record({ question: 'a', answer: 'b' })), passing: withNine(chat(100)) },
	'record.foreign-format': { failing: withNine(record({ instruction: 'Say hi', input: '', output: 'Hi' })), passing: withNine(chat(100)), fixable: true },
	'record.unknown-key': { failing: withNine(record({ messages: [user, assistant], id: 7 })), passing: withNine(record({ messages: [user, assistant] })), fixable: true },
	'format.model-mismatch': { failing: withNine(record({ prompt: 'Hi', completion: ' Hello' })), passing: withNine(chat(100)), fixable: true },
	'chat.messages-invalid': { failing: withNine(record({ messages: [] })), passing: withNine(chat(100)) },
	'chat.missing-role': { failing: withNine(record({ messages: [{ content: 'Hi' }, assistant] })), passing: withNine(chat(100)) },
	'chat.unknown-role': { failing: withNine(record({ messages: [user, msg('asistant', 'Hello!')] })), passing: withNine(record({ messages: [user, assistant] })), fixable: true },
	'chat.unknown-message-key': { failing: withNine(record({ messages: [msg('user', 'Hi', { id: 1 }), assistant] })), passing: withNine(record({ messages: [user, assistant] })), fixable: true },
	'chat.missing-content': { failing: withNine(record({ messages: [{ role: 'user' }, assistant] })), passing: withNine(chat(100)) },
	'chat.empty-content': { failing: withNine(record({ messages: [msg('user', '  '), assistant] })), passing: withNine(chat(100)) },
	'chat.invalid-content': { failing: withNine(record({ messages: [msg('user', 42), assistant] })), passing: withNine(chat(100)) },
	'chat.image-not-allowed': {
		failing: withNine(record({ messages: [user, msg('assistant', [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }])] })),
		passing: withNine(record({ messages: [msg('user', [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }]), assistant] })),
	},
	'chat.invalid-image': {
		failing: withNine(record({ messages: [msg('user', [{ type: 'image_url', image_url: { url: 'http://example.com/a.png' } }]), assistant] })),
		passing: withNine(record({ messages: [msg('user', [{ type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }]), assistant] })),
	},
	'chat.invalid-name': { failing: withNine(record({ messages: [msg('user', 'Hi', { name: 'Ada Lovelace' }), assistant] })), passing: withNine(record({ messages: [msg('user', 'Hi', { name: 'ada_lovelace' }), assistant] })) },
	'chat.invalid-weight': { failing: withNine(record({ messages: [user, msg('assistant', 'Hello!', { weight: 0.5 })] })), passing: withNine(record({ messages: [user, msg('assistant', 'Hello!', { weight: 1 })] })) },
	'chat.nothing-to-learn': { failing: withNine(record({ messages: [user, msg('assistant', 'Hello!', { weight: 0 })] })), passing: withNine(record({ messages: [user, msg('assistant', 'Hello!', { weight: 1 })] })) },
	'chat.untrained-tail': { failing: withNine(record({ messages: [user, assistant, msg('user', 'Thanks')] })), passing: withNine(record({ messages: [user, assistant] })) },
	'chat.invalid-tool-call': {
		failing: withNine(record({ messages: [user, { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: { a: 1 } } }] }, { role: 'tool', tool_call_id: 'c1', content: '1' }, assistant] })),
		passing: withNine(record({ messages: [user, { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a": 1}' } }] }, { role: 'tool', tool_call_id: 'c1', content: '1' }, assistant] })),
		fixable: true,
	},
	'chat.unanswered-tool-call': {
		failing: withNine(record({ messages: [user, { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] }] })),
		passing: withNine(record({ messages: [user, { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'c1', content: '1' }, assistant] })),
	},
	'chat.unknown-tool-call-id': {
		failing: withNine(record({ messages: [user, { role: 'tool', tool_call_id: 'c9', content: '1' }, assistant] })),
		passing: withNine(record({ messages: [user, { role: 'assistant', tool_calls: [{ id: 'c9', type: 'function', function: { name: 'f', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'c9', content: '1' }, assistant] })),
	},
	'chat.invalid-tools': { failing: withNine(record({ messages: [user, assistant], tools: [{ name: 'f' }] })), passing: withNine(record({ messages: [user, assistant], tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }] })) },
	'chat.undefined-tool': {
		failing: withNine(record({ tools: [{ type: 'function', function: { name: 'g' } }], messages: [user, { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'c1', content: '1' }, assistant] })),
		passing: withNine(record({ tools: [{ type: 'function', function: { name: 'f' } }], messages: [user, { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'c1', content: '1' }, assistant] })),
	},
	'prompt.invalid': { model: 'babbage-002', failing: file(Array.from({ length: 10 }, (_, n) => record({ prompt: `Q${n}`, completion: n === 9 ? 7 : ` A${n}` }))), passing: file(Array.from({ length: 10 }, (_, n) => record({ prompt: `Q${n}`, completion: ` A${n}` }))) },
	'prompt.completion-no-leading-space': {
		model: 'davinci-002',
		failing: file(Array.from({ length: 10 }, (_, n) => record({ prompt: `Q${n}`, completion: n === 9 ? 'A9' : ` A${n}` }))),
		passing: file(Array.from({ length: 10 }, (_, n) => record({ prompt: `Q${n}`, completion: ` A${n}` }))),
		fixable: true,
	},
	'preference.invalid-input': { failing: file(Array.from({ length: 10 }, (_, n) => preference(n, n === 9 ? { input: 'Hi' } : {}))), passing: file(Array.from({ length: 10 }, (_, n) => preference(n))) },
	'preference.input-not-ending-with-user': {
		failing: file(Array.from({ length: 10 }, (_, n) => preference(n, n === 9 ? { input: { messages: [user, assistant] } } : {}))),
		passing: file(Array.from({ length: 10 }, (_, n) => preference(n))),
	},
	'preference.invalid-output': {
		failing: file(Array.from({ length: 10 }, (_, n) => preference(n, n === 9 ? { preferred_output: [msg('user', 'x')] } : {}))),
		passing: file(Array.from({ length: 10 }, (_, n) => preference(n))),
	},
	'preference.identical-outputs': {
		failing: file(Array.from({ length: 10 }, (_, n) => preference(n, n === 9 ? { non_preferred_output: [msg('assistant', 'Good 9')] } : {}))),
		passing: file(Array.from({ length: 10 }, (_, n) => preference(n))),
	},
	'preference.legacy-keys': {
		failing: file(Array.from({ length: 10 }, (_, n) => (n === 9 ? record({ input: { messages: [msg('user', 'Q9')] }, preferred_completion: [msg('assistant', 'Good 9')], non_preferred_output: [msg('assistant', 'Bad 9')] }) : preference(n)))),
		passing: file(Array.from({ length: 10 }, (_, n) => preference(n))),
		fixable: true,
	},
	'reinforcement.ends-with-assistant': {
		model: 'o4-mini-2025-04-16',
		failing: file(Array.from({ length: 10 }, (_, n) => record({ messages: n === 9 ? [msg('user', 'Q9'), msg('assistant', 'A9')] : [msg('user', `Q${n}`)], reference_answer: `A${n}` }))),
		passing: file(Array.from({ length: 10 }, (_, n) => record({ messages: [msg('user', `Q${n}`)], reference_answer: `A${n}` }))),
	},
	'dataset.empty': { failing: '\n', passing: file(TEN) },
	'dataset.too-few-examples': { failing: file(NINE), passing: file(TEN) },
	'dataset.mixed-formats': { failing: withNine(preference(100)), passing: withNine(chat(100)) },
	'dataset.duplicate': { failing: withNine(chat(0)), passing: withNine(chat(100)), fixable: true },
	'dataset.too-many-tokens': { model: 'gpt-3.5-turbo-0125', failing: withNine(chat(0).replace('Answer 0.', 'word '.repeat(17_000))), passing: withNine(chat(100)) },
	'dataset.unknown-model': { model: 'gpt-4o-mnii', passingModel: 'gpt-4o-mini', failing: file(TEN), passing: file(TEN) },
	'dataset.validation-overlap': { failing: file(TEN), passing: file(TEN.map((line) => line.replace('Question', 'Query'))) },
};

function preference(n: number, override: object = {}): string {
	return record({ input: { messages: [msg('user', `Q${n}`)] }, preferred_output: [msg('assistant', `Good ${n}`)], non_preferred_output: [msg('assistant', `Bad ${n}`)], ...override });
}

function lint(text: string, model = 'gpt-4o-mini-2024-07-18', trainingOf?: string, target?: LintTarget): DatasetLinter {
	const linter = new DatasetLinter({ model, target });
	if (trainingOf !== undefined) {
		linter.setTrainingKeys(trainingKeysOf(trainingOf));
	}
	linter.setText(text);
	return linter;
}

function codesOf(linter: DatasetLinter): FindingCode[] {
	return linter.findings().map((finding) => finding.code);
}

/** Codes whose cases are not plain in-memory text: invalid UTF-8 is a property of bytes on disk. */
const FILE_ONLY_CODES = new Set<FindingCode>(['jsonl.invalid-utf8']);
/** Codes that need a paired training file: its examples are the same file's. */
const PAIRED_CODES = new Set<FindingCode>(['dataset.validation-overlap']);

describe('finding codes', () => {
	before(useTestRanks);

	it('has a case for every code', () => {
		assert.deepEqual(Object.keys(CASES).sort(), Object.keys(FINDING_CODES).sort());
	});

	for (const [code, testCase] of Object.entries(CASES) as [FindingCode, Case][]) {
		if (FILE_ONLY_CODES.has(code)) {
			continue;
		}
		describe(code, () => {
			const trainingOf = PAIRED_CODES.has(code) ? file(TEN) : undefined;

			it('is found in a minimal failing file', () => {
				const found = codesOf(lint(testCase.failing, testCase.model, trainingOf, testCase.target));
				assert.ok(found.includes(code), `expected ${code}, found ${found.join(', ') || 'nothing'}`);
			});

			it('is not found in its passing twin, which is clean', () => {
				const findings = lint(testCase.passing, testCase.passingModel ?? testCase.model, trainingOf, testCase.target).findings();
				assert.deepEqual(findings.filter((finding) => finding.severity !== 'info').map((finding) => `${finding.code}: ${finding.message}`), []);
			});

			if (testCase.fixable) {
				it('is fixed by its quick fix', () => {
					const linter = lint(testCase.failing, testCase.model, trainingOf, testCase.target);
					const finding = linter.findingsWithFixes(() => true).find((candidate) => candidate.code === code);
					const fix = finding?.fixes?.[0];
					assert.ok(fix, `${code} offers no fix`);
					const fixed = applyEdits(testCase.failing, fix.edits);
					assert.ok(!codesOf(lint(fixed, testCase.model, trainingOf, testCase.target)).includes(code), `still ${code} after "${fix.title}":\n${fixed}`);
				});
			}
		});
	}
});

describe('byte order marks, by target', () => {
	before(useTestRanks);

	it('counts the BOM VS Code keeps out of the text ("utf8bom") as one, with no text edit to remove it', () => {
		const bomOf = (target: LintTarget): string[] => {
			const linter = new DatasetLinter({ model: 'gpt-4o-mini-2024-07-18', target, encoding: 'utf8bom' });
			linter.setText(file(TEN));
			return linter.findingsWithFixes(() => true).map((finding) => `${finding.code} ${finding.severity} ${finding.fixes?.length ?? 0} fixes`);
		};
		assert.deepEqual(bomOf('openai'), ['jsonl.bom error 0 fixes']);
		assert.deepEqual(bomOf('compatible'), ['jsonl.bom warning 0 fixes']);
		assert.deepEqual(bomOf('azure'), []);
		const linter = new DatasetLinter({ model: 'gpt-4o-mini-2024-07-18', target: 'openai', encoding: 'utf8bom' });
		linter.setText(file(TEN));
		assert.match(linter.findings()[0]?.message ?? '', /"Save with Encoding", UTF-8/);
		// Saved as UTF-8, the file has no BOM left.
		assert.ok(linter.setEncoding('utf8'));
		assert.deepEqual(codesOf(linter), []);
	});

	it('says what is and is not known about OpenAI and unknown servers, and quotes Azure\'s docs', () => {
		const messageOf = (target: LintTarget, text: string): string => lint(text, undefined, undefined, target).findings()[0]?.message ?? '';
		assert.match(messageOf('openai', `\uFEFF${file(TEN)}`), /OpenAI's fine-tuning docs do not say whether it accepts one/);
		assert.match(messageOf('compatible', `\uFEFF${file(TEN)}`), /Whether this server accepts one is unknown/);
		assert.match(messageOf('azure', file(TEN)), /"must be encoded in UTF-8 and include a byte-order mark \(BOM\)"/);
	});

	it('follows a BOM added or removed by an edit of the first line', () => {
		const linter = lint(file(TEN), undefined, undefined, 'azure');
		assert.deepEqual(codesOf(linter), ['jsonl.missing-bom']);
		linter.replaceLines(0, 1, [`\uFEFF${TEN[0] as string}`]);
		assert.deepEqual(codesOf(linter), []);
		linter.replaceLines(0, 1, [TEN[0] as string]);
		assert.deepEqual(codesOf(linter), ['jsonl.missing-bom']);
	});
});

describe('rule gaps closed', () => {
	before(useTestRanks);

	const tenPreference = (line: string): string => file([...Array.from({ length: 9 }, (_, n) => preference(n)), line]);
	const onLine = (linter: DatasetLinter, line: number): string[] =>
		linter
			.findings()
			.filter((finding) => finding.range.start.line === line)
			.map((finding) => finding.code)
			.sort();

	it('names a message by its role with the right article', () => {
		const messages = (finding: { code: string; message: string }): boolean => finding.code === 'chat.unknown-message-key';
		const found = lint(withNine(record({ messages: [msg('user', 'Hi', { id: 1 }), msg('assistant', 'Hello', { id: 2 })] })))
			.findings()
			.filter(messages)
			.map((finding) => finding.message.split(' may not')[0]);
		assert.deepEqual(found, ['A user message', 'An assistant message']);
	});

	it('checks DPO messages as strictly as chat messages: keys, weight, tool calls', () => {
		const issue = '{"input":{"messages":[{"role":"user","content":"Q"}]},"preferred_output":[{"role":"assistant","content":"good","weight":0.5,"foo":1}],"non_preferred_output":[{"role":"assistant","content":"bad","weight":0}]}';
		assert.deepEqual(onLine(lint(tenPreference(issue)), 9), ['chat.invalid-weight', 'chat.invalid-weight', 'chat.unknown-message-key']);
		const input = record({ input: { messages: [msg('user', 'Q', { foo: 1 }), msg('assistant', 'A', { weight: 1 }), msg('user', 'Q2')] }, preferred_output: [msg('assistant', 'Good')], non_preferred_output: [msg('assistant', 'Bad')] });
		assert.deepEqual(onLine(lint(tenPreference(input)), 9), ['chat.invalid-weight', 'chat.unknown-message-key']);
		const calls = record({
			input: { messages: [user] },
			preferred_output: [{ role: 'assistant', content: 'Good', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] }],
			non_preferred_output: [msg('assistant', 'Bad')],
		});
		const linter = lint(tenPreference(calls));
		assert.deepEqual(onLine(linter, 9), ['chat.invalid-tool-call']);
		const fixed = applyEdits(tenPreference(calls), linter.findingsWithFixes(() => true).find((finding) => finding.code === 'chat.invalid-tool-call')?.fixes?.[0]?.edits ?? []);
		assert.deepEqual(lint(fixed).findings(), []);
	});

	it('reports empty content even when the role is unknown', () => {
		const linter = lint(withNine(record({ messages: [user, { role: 'bot', content: '' }] })));
		assert.deepEqual(onLine(linter, 9), ['chat.empty-content', 'chat.nothing-to-learn', 'chat.unknown-role']);
	});

	it('says a missing completion is missing', () => {
		const linter = lint(file(Array.from({ length: 10 }, (_, n) => record(n === 9 ? { prompt: 'Q' } : { prompt: `Q${n}`, completion: ` A${n}` }))), 'babbage-002');
		const messages = linter.findings().map((finding) => finding.message);
		assert.ok(messages.some((message) => /"completion" is missing/.test(message)), messages.join('\n'));
		assert.ok(!messages.some((message) => message.includes('undefined')), messages.join('\n'));
	});

	it('does not call a file of Alpaca or Anthropic HH records empty', () => {
		const alpaca = file(Array.from({ length: 10 }, (_, n) => record({ instruction: `Say ${n}`, input: '', output: `${n}` })));
		assert.ok(!codesOf(lint(alpaca)).includes('dataset.empty'));
		const hh = file([record({ chosen: '\n\nHuman: Hi\n\nAssistant: Hello', rejected: '\n\nHuman: Hi\n\nAssistant: Go away' })]);
		assert.deepEqual(codesOf(lint(hh)), ['record.foreign-format']);
		assert.ok(codesOf(lint('\n')).includes('dataset.empty'));
	});
});

describe('an unknown or empty target model', () => {
	before(useTestRanks);

	it('is warned about with the closest known model, checked against the largest known context, and priced as unknown', () => {
		const linter = lint(withNine(chat(9).replace('Answer 9.', 'word '.repeat(210_000))), 'gpt-4o-mnii');
		const warning = linter.findings().find((finding) => finding.code === 'dataset.unknown-model');
		assert.match(warning?.message ?? '', /"gpt-4o-mnii" is not one OpenAI fine-tunes \(did you mean gpt-4o-mini-2024-07-18\?\)/);
		const tooLong = linter.findings().find((finding) => finding.code === 'dataset.too-many-tokens');
		assert.match(tooLong?.message ?? '', /more than the 200,000 the largest known model \(the target model is unknown\) trains on/);
		const lines = summaryLines(linter.summary());
		assert.ok(lines.includes('Target model: gpt-4o-mnii (unknown: did you mean gpt-4o-mini-2024-07-18?; context checks assume 200,000 tokens)'), lines.join('\n'));
		assert.ok(lines.some((line) => line.startsWith('Estimated cost: unknown')), lines.join('\n'));
		assert.match(lensSummary(linter.summary()), /cost unknown/);
	});

	it('is warned about when empty, and a known one, fine-tuned or aliased, is not', () => {
		assert.match(lint(file(TEN), '').findings().find((finding) => finding.code === 'dataset.unknown-model')?.message ?? '', /^No target model is set/);
		for (const model of ['gpt-4o-mini', 'ft:gpt-4o-mini-2024-07-18:acme::abc123', 'gpt-4o-mini-2024-07-18.ft-0123abcd', 'o4-mini-2025-04-16']) {
			assert.ok(!codesOf(lint(file(TEN), model)).includes('dataset.unknown-model'), model);
		}
		assert.ok(summaryLines(lint(file(TEN), 'o4-mini-2025-04-16').summary()).includes('Estimated cost: billed by training time for this model'));
	});

	it('counts in the singular where the count is 1', () => {
		const one = lint(file([chat(0)]));
		assert.match(lensSummary(one.summary()), /^1 example · /);
		assert.match(shortSummary(one.summary()), /^1 example · /);
		assert.match(one.findings().find((finding) => finding.code === 'dataset.too-few-examples')?.message ?? '', /^Only 1 example:/);
	});
});

describe('token formulas, as the README states them', () => {
	before(useTestRanks);

	it('counts a tool call as its string values, and a DPO example as input + preferred + non-preferred + 3', () => {
		const tokenizer = getTokenizer('o200k_base');
		const count = (text: string): number => tokenizer.count(text);
		const call = { id: 'call_1', type: 'function', function: { name: 'get_order', arguments: '{"order_id": "A-17"}' } };
		const chatRecord = { messages: [msg('user', 'Where is A-17?'), { role: 'assistant', tool_calls: [call] }] };
		assert.equal(exampleTokens(chatRecord, 'chat', tokenizer), 3 + count('user') + count('Where is A-17?') + 3 + count('assistant') + count('call_1') + count('get_order') + count('{"order_id": "A-17"}') + 3);
		const dpo = { input: { messages: [msg('user', 'Q')] }, preferred_output: [msg('assistant', 'Good')], non_preferred_output: [msg('assistant', 'Bad')] };
		const message = (role: string, content: string): number => 3 + count(role) + count(content);
		assert.equal(exampleTokens(dpo, 'preference', tokenizer), message('user', 'Q') + message('assistant', 'Good') + message('assistant', 'Bad') + 3);
	});
});
