import * as assert from 'node:assert/strict';
import { DatasetLinter } from '../../../src/dataset/dataset';
import { messageTokens, type TokenCounter } from '../../../src/dataset/exampleTokens';
import { EXTREMES, GROUP_LINES, HISTOGRAM_BINS, PREVIEW_CHARACTERS, SYSTEM_PROMPT_CHARACTERS, TOP_DUPLICATE_GROUPS, TOP_ROLES, TOP_SYSTEM_PROMPTS, type DatasetReport, type ExampleLine } from '../../../src/dataset/report';
import { ReportBuilder, type ReportInput } from '../../../src/dataset/reportBuilder';
import { tokenStats, estimateTraining } from '../../../src/dataset/stats';
import { getTokenizer } from '../../../src/dataset/tokens';
import type { RecordFormat } from '../../../src/dataset/types';
import { seededRandom } from '../../../src/seededRandom';
import { chatExample } from '../../bench/datasetGenerator';
import { useTestRanks } from './rankDirectory';

const MODEL = 'gpt-4o-mini-2024-07-18';

/** Runs a generator to its end without pausing; returns its result and how often it yielded. */
function drain<T>(generator: Generator<void, T>): { result: T; yields: number } {
	let yields = 0;
	for (;;) {
		const step = generator.next();
		if (step.done) {
			return { result: step.value, yields };
		}
		yields++;
	}
}

function linted(lines: readonly string[], model = MODEL): DatasetLinter {
	const linter = new DatasetLinter({ model });
	linter.setText(lines.join('\n'));
	return linter;
}

function inputOf(linter: DatasetLinter): ReportInput {
	return { summary: linter.summary(), lines: linter.lineCount, contextTokens: linter.lineLinter.contextTokens };
}

/** The report of a linted text, from a fresh builder unless one is given. */
function reportOf(linter: DatasetLinter, builder = new ReportBuilder(linter.lineLinter.tokenizer)): DatasetReport {
	return drain(builder.build(linter.exampleLines(), inputOf(linter))).result;
}

/** Examples as the linter would hand them, with made-up token counts. */
function examplesOf(texts: readonly string[], tokens: (index: number) => number = () => 10, format: RecordFormat = 'chat'): ExampleLine[] {
	return texts.map((text, line) => ({ line, text, format, tokens: tokens(line) }));
}

const INPUT: ReportInput = { summary: { model: MODEL, examples: 0, tokens: tokenStats([]), estimate: estimateTraining([], MODEL), errors: 0, warnings: 0 }, lines: 0, contextTokens: 100 };

function chat(...messages: object[]): string {
	return JSON.stringify({ messages });
}

const user = (content: unknown): object => ({ role: 'user', content });
const assistant = (content: unknown, extra: object = {}): object => ({ role: 'assistant', content, ...extra });
const system = (content: unknown): object => ({ role: 'system', content });

/** A tokenizer that counts the texts it is asked to count: how much a build read anew. */
class CountingTokenizer implements TokenCounter {
	calls = 0;
	constructor(private readonly tokenizer: TokenCounter) {}
	count(text: string): number {
		this.calls++;
		return this.tokenizer.count(text);
	}
}

describe('ReportBuilder', () => {
	before(useTestRanks);

	describe('what each format says', () => {
		it('chat: messages, roles, trained assistant tokens (weight 0 left out), system prompt, preview', () => {
			const tokenizer = getTokenizer('o200k_base');
			const trained = assistant('Yes, it ships today.');
			const lines = [
				chat(system('Be brief.'), user('Does   it\n ship?'), assistant('Let me check.', { weight: 0 }), user('Well?'), trained),
				chat({ role: 'developer', content: [{ type: 'text', text: 'Be ' }, { type: 'text', text: 'kind.' }] }, user([{ type: 'text', text: 'Hello' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }]), assistant('Hi')),
				chat(user('No system here'), assistant('Right')),
			];
			const linter = linted(lines);
			const report = reportOf(linter);
			assert.equal(report.lines, 3);
			assert.equal(report.contextTokens, 65_536);
			assert.equal(report.summary.examples, 3);
			assert.deepEqual(report.messagesPerExample, [
				{ messages: 2, examples: 1 },
				{ messages: 3, examples: 1 },
				{ messages: 5, examples: 1 },
			]);
			assert.deepEqual(report.roles, [
				{ role: 'user', messages: 4, examples: 3 },
				{ role: 'assistant', messages: 4, examples: 3 },
				{ role: 'system', messages: 1, examples: 1 },
				{ role: 'developer', messages: 1, examples: 1 },
			]);
			const expected = messageTokens(trained, tokenizer) + messageTokens(assistant('Hi'), tokenizer) + messageTokens(assistant('Right'), tokenizer);
			assert.equal(report.assistantTokens, expected);
			assert.deepEqual(report.systemPrompts, [
				{ text: 'Be brief.', truncated: false, examples: 1, firstLine: 0 },
				{ text: 'Be kind.', truncated: false, examples: 1, firstLine: 1 },
			]);
			assert.equal(report.withoutSystemPrompt, 1);
			assert.deepEqual(
				[...report.longest].sort((a, b) => a.line - b.line).map((example) => example.preview),
				['Does it ship?', 'Hello', 'No system here'],
			);
		});

		it('preference: the input messages plus one output, both outputs trained, the system prompt of the input', () => {
			const tokenizer = getTokenizer('o200k_base');
			const preferred = [assistant('Paris.')];
			const other = [assistant('Lyon, I think.')];
			const line = JSON.stringify({ input: { messages: [system('Answer in one word.'), user('Capital of France?')] }, preferred_output: preferred, non_preferred_output: other });
			const report = reportOf(linted([line]));
			assert.equal(report.summary.format, 'preference');
			assert.deepEqual(report.messagesPerExample, [{ messages: 3, examples: 1 }]);
			assert.deepEqual(report.roles, [
				{ role: 'system', messages: 1, examples: 1 },
				{ role: 'user', messages: 1, examples: 1 },
				{ role: 'assistant', messages: 1, examples: 1 },
			]);
			assert.equal(report.assistantTokens, messageTokens(preferred[0], tokenizer) + messageTokens(other[0], tokenizer));
			assert.deepEqual(report.systemPrompts, [{ text: 'Answer in one word.', truncated: false, examples: 1, firstLine: 0 }]);
			assert.equal(report.longest[0]?.preview, 'Capital of France?');
		});

		it('prompt/completion: two messages, no roles, the completion trained, the prompt previewed', () => {
			const tokenizer = getTokenizer('cl100k_base');
			const report = reportOf(linted([JSON.stringify({ prompt: 'Translate: cat ->', completion: ' chat' }), JSON.stringify({ prompt: 'Translate: dog ->', completion: ' chien' })], 'davinci-002'));
			assert.equal(report.summary.format, 'prompt-completion');
			assert.deepEqual(report.messagesPerExample, [{ messages: 2, examples: 2 }]);
			assert.deepEqual(report.roles, []);
			assert.equal(report.assistantTokens, tokenizer.count(' chat') + tokenizer.count(' chien'));
			assert.deepEqual(report.systemPrompts, []);
			assert.equal(report.withoutSystemPrompt, 2);
			assert.deepEqual(
				[...report.shortest].sort((a, b) => a.line - b.line).map((example) => example.preview),
				['Translate: cat ->', 'Translate: dog ->'],
			);
		});

		it('reinforcement: read like chat', () => {
			const line = JSON.stringify({ messages: [{ role: 'developer', content: 'Grade it.' }, user('2+2?')], reference_answer: '4' });
			const report = reportOf(linted([line], 'o4-mini-2025-04-16'));
			assert.equal(report.summary.format, 'reinforcement');
			assert.deepEqual(report.messagesPerExample, [{ messages: 2, examples: 1 }]);
			assert.equal(report.assistantTokens, 0);
			assert.deepEqual(report.systemPrompts, [{ text: 'Grade it.', truncated: false, examples: 1, firstLine: 0 }]);
			assert.equal(report.longest[0]?.preview, '2+2?');
		});

		it('leaves out roles that are not strings, and keeps the top roles by messages, ties in the order first seen', () => {
			const roles = Array.from({ length: TOP_ROLES + 5 }, (_, index) => `role${index}`);
			const lines = [chat({ role: 42, content: 'x' }, { content: 'no role' }, user('a'), assistant('b')), chat(...roles.map((role) => ({ role, content: 'x' })), { role: 'role3', content: 'again' })];
			const report = drain(new ReportBuilder(getTokenizer('o200k_base')).build(examplesOf(lines), INPUT)).result;
			assert.equal(report.roles.length, TOP_ROLES);
			assert.deepEqual(report.roles.slice(0, 4), [
				{ role: 'role3', messages: 2, examples: 1 },
				{ role: 'user', messages: 1, examples: 1 },
				{ role: 'assistant', messages: 1, examples: 1 },
				{ role: 'role0', messages: 1, examples: 1 },
			]);
			assert.deepEqual(report.messagesPerExample, [
				{ messages: 4, examples: 1 },
				{ messages: TOP_ROLES + 6, examples: 1 },
			]);
		});

		it('is harmless on a text that is not JSON or not a record', () => {
			const report = drain(new ReportBuilder(getTokenizer('o200k_base')).build(examplesOf(['{"messages": [', '[1, 2]', '{"messages": "no"}']), INPUT)).result;
			assert.deepEqual(report.messagesPerExample, [{ messages: 0, examples: 3 }]);
			assert.deepEqual(report.roles, []);
			assert.equal(report.withoutSystemPrompt, 3);
			assert.deepEqual(
				report.longest.map((example) => example.preview),
				['', '', ''],
			);
		});
	});

	describe('token histogram', () => {
		const binsOf = (tokens: readonly number[], contextTokens = 100): DatasetReport => {
			const texts = tokens.map((_, index) => chat(user(`q${index}`), assistant('a')));
			return drain(new ReportBuilder(getTokenizer('o200k_base')).build(examplesOf(texts, (index) => tokens[index] as number), { ...INPUT, contextTokens })).result;
		};

		it('has equal bins of 1, 2 or 5 × 10ᵏ from 0 past the largest example, at most HISTOGRAM_BINS, holding every example', () => {
			const random = seededRandom(3);
			for (const max of [0, 1, 7, 39, 40, 41, 99, 100, 1_000, 1_999, 2_000, 65_536, 123_456_789]) {
				const tokens = [max, ...Array.from({ length: 200 }, () => Math.floor(random() * max))];
				const { tokenHistogram } = binsOf(tokens);
				assert.ok(tokenHistogram.length >= 1 && tokenHistogram.length <= HISTOGRAM_BINS, `${tokenHistogram.length} bins for ${max}`);
				const width = (tokenHistogram[0] as { to: number }).to;
				assert.match(String(width), /^[125]0*$/, `width ${width}`);
				tokenHistogram.forEach((bin, index) => {
					assert.equal(bin.from, index * width);
					assert.equal(bin.to, (index + 1) * width);
				});
				const last = tokenHistogram[tokenHistogram.length - 1] as { from: number; to: number };
				assert.ok(last.from <= max && max < last.to, `the last bin holds ${max}`);
				// The smallest nice width that fits: the next smaller one would need more bins.
				const smaller = width === 1 ? 0 : String(width).startsWith('2') ? width / 2 : String(width).startsWith('5') ? (width * 2) / 5 : width / 2;
				assert.ok(smaller === 0 || Math.floor(max / smaller) + 1 > HISTOGRAM_BINS, `${smaller} would fit ${max}`);
				assert.equal(
					tokenHistogram.reduce((sum, bin) => sum + bin.examples, 0),
					tokens.length,
				);
				for (const bin of tokenHistogram) {
					assert.equal(
						bin.examples,
						tokens.filter((count) => count >= bin.from && count < bin.to).length,
					);
				}
			}
		});

		it('bins a few small counts one token wide; counts the examples over the limit', () => {
			const report = binsOf([0, 3, 3, 5, 101, 100], 100);
			assert.equal(report.tokenHistogram.length, 21);
			assert.equal((report.tokenHistogram[0] as { to: number }).to, 5);
			assert.deepEqual(
				report.tokenHistogram.filter((bin) => bin.examples > 0),
				[
					{ from: 0, to: 5, examples: 3 },
					{ from: 5, to: 10, examples: 1 },
					{ from: 100, to: 105, examples: 2 },
				],
			);
			assert.equal(report.overLimit, 1);
			assert.deepEqual(binsOf([2, 0]).tokenHistogram, [
				{ from: 0, to: 1, examples: 1 },
				{ from: 1, to: 2, examples: 0 },
				{ from: 2, to: 3, examples: 1 },
			]);
		});

		it('is empty for an empty dataset', () => {
			const report = reportOf(linted(['']));
			assert.deepEqual(report.tokenHistogram, []);
			assert.deepEqual(report.longest, []);
			assert.deepEqual(report.messagesPerExample, []);
			assert.equal(report.overLimit, 0);
			assert.equal(report.lines, 1);
		});
	});

	describe('duplicates', () => {
		it('groups exact copies (trimmed, as the linter compares), largest first, ties by first line', () => {
			const a = chat(user('A'), assistant('a'));
			const b = chat(user('B'), assistant('b'));
			const c = chat(user('C'), assistant('c'));
			const d = chat(user('D'), assistant('d'));
			const linter = linted([b, a, c, a, `  ${a}\t`, b, d, c]);
			const report = reportOf(linter);
			assert.deepEqual(report.duplicateGroups, [
				{ examples: 3, lines: [1, 3, 4], preview: 'A' },
				{ examples: 2, lines: [0, 5], preview: 'B' },
				{ examples: 2, lines: [2, 7], preview: 'C' },
			]);
			assert.equal(report.duplicateExamples, 4);
			// The linter agrees on what is a duplicate.
			assert.equal(linter.findings().filter((finding) => finding.code === 'dataset.duplicate').length, report.duplicateExamples);
		});

		it('keeps the largest TOP_DUPLICATE_GROUPS groups and the first GROUP_LINES lines of each', () => {
			const texts: string[] = [];
			for (let group = 0; group < TOP_DUPLICATE_GROUPS + 3; group++) {
				texts.push(chat(user(`g${group}`), assistant('x')), chat(user(`g${group}`), assistant('x')));
			}
			const big = chat(user('big'), assistant('x'));
			for (let copy = 0; copy < GROUP_LINES + 5; copy++) {
				texts.push(big);
			}
			const report = drain(new ReportBuilder(getTokenizer('o200k_base')).build(examplesOf(texts), INPUT)).result;
			assert.equal(report.duplicateGroups.length, TOP_DUPLICATE_GROUPS);
			const first = report.duplicateGroups[0];
			assert.equal(first?.examples, GROUP_LINES + 5);
			assert.equal(first?.lines.length, GROUP_LINES);
			assert.equal(first?.lines[0], 2 * (TOP_DUPLICATE_GROUPS + 3));
			assert.deepEqual(
				report.duplicateGroups.slice(1).map((group) => group.preview),
				Array.from({ length: TOP_DUPLICATE_GROUPS - 1 }, (_, index) => `g${index}`),
			);
			assert.equal(report.duplicateExamples, TOP_DUPLICATE_GROUPS + 3 + GROUP_LINES + 4);
		});
	});

	describe('system prompts', () => {
		it('keeps the most common, ties in the order first seen, cut at SYSTEM_PROMPT_CHARACTERS', () => {
			const long = `${'Follow the house style. '.repeat(20)}😀 end`;
			const counts = [1, 3, 2, 3, 1, 1, 2];
			const texts: string[] = [];
			counts.forEach((count, prompt) => {
				for (let copy = 0; copy < count; copy++) {
					texts.push(chat(system(prompt === 6 ? long : `Prompt ${prompt}`), user(`q${prompt}.${copy}`), assistant('a')));
				}
			});
			texts.push(chat(user('none'), assistant('a')));
			const report = drain(new ReportBuilder(getTokenizer('o200k_base')).build(examplesOf(texts), INPUT)).result;
			assert.equal(report.systemPrompts.length, TOP_SYSTEM_PROMPTS);
			assert.deepEqual(
				report.systemPrompts.map((prompt) => [prompt.text.slice(0, 8), prompt.examples, prompt.firstLine]),
				[
					['Prompt 1', 3, 1],
					['Prompt 3', 3, 6],
					['Prompt 2', 2, 4],
					['Follow t', 2, 11],
					['Prompt 0', 1, 0],
				],
			);
			const cut = report.systemPrompts[3];
			assert.equal(cut?.truncated, true);
			assert.equal(cut?.text, long.slice(0, SYSTEM_PROMPT_CHARACTERS));
			assert.equal(report.systemPrompts[0]?.truncated, false);
			assert.equal(report.withoutSystemPrompt, 1);
		});
	});

	describe('longest and shortest examples', () => {
		it('are the EXTREMES examples with the most and fewest tokens, ties to the earlier line', () => {
			const tokens = [5, 9, 1, 9, 3, 1, 7, 9, 1, 2, 9, 1, 1];
			const texts = tokens.map((_, index) => chat(user(`line ${index}`), assistant('a')));
			const report = drain(new ReportBuilder(getTokenizer('o200k_base')).build(examplesOf(texts, (index) => tokens[index] as number), INPUT)).result;
			assert.equal(report.longest.length, EXTREMES);
			assert.deepEqual(
				report.longest.map((example) => [example.line, example.tokens]),
				[
					[1, 9],
					[3, 9],
					[7, 9],
					[10, 9],
					[6, 7],
				],
			);
			assert.deepEqual(
				report.shortest.map((example) => [example.line, example.tokens]),
				[
					[2, 1],
					[5, 1],
					[8, 1],
					[11, 1],
					[12, 1],
				],
			);
			assert.equal(report.longest[0]?.preview, 'line 1');
		});

		it('previews the first user text, white space collapsed, at most PREVIEW_CHARACTERS with an ellipsis where cut', () => {
			const words = Array.from({ length: 60 }, (_, index) => `word${index}`).join(' \n\t ');
			const texts = [chat(system('s'), assistant('first'), user(`  \n${words}`)), chat(user([{ type: 'text', text: ' one\n' }, { type: 'text', text: 'two ' }])), chat(user(`${'x'.repeat(PREVIEW_CHARACTERS - 2)}😀😀`)), chat(assistant('no user'))];
			const report = drain(new ReportBuilder(getTokenizer('o200k_base')).build(examplesOf(texts, (index) => 10 - index), INPUT)).result;
			const [long, parts, emoji, none] = report.longest.map((example) => example.preview);
			assert.equal(long?.length, PREVIEW_CHARACTERS);
			assert.ok(long?.startsWith('word0 word1 word2 '), long);
			assert.ok(long?.endsWith('…'), long);
			assert.equal(parts, 'one two');
			assert.equal(emoji, `${'x'.repeat(PREVIEW_CHARACTERS - 2)}…`, 'no half of a surrogate pair');
			assert.equal(none, '');
		});
	});

	describe('caching by line text', () => {
		it('reads again only the lines that changed, and forgets lines no longer there', () => {
			const random = seededRandom(7);
			const lines = Array.from({ length: 300 }, (_, index) => chatExample(random, index));
			const linter = linted(lines);
			const counting = new CountingTokenizer(linter.lineLinter.tokenizer);
			const builder = new ReportBuilder(counting);
			const first = reportOf(linter, builder);
			assert.ok(counting.calls > 300);

			counting.calls = 0;
			assert.deepEqual(reportOf(linter, builder), first);
			assert.equal(counting.calls, 0, 'an unchanged text is not read again');

			const edited = chat(system('Changed.'), user('New question'), assistant('New answer'));
			const alone = new CountingTokenizer(linter.lineLinter.tokenizer);
			drain(new ReportBuilder(alone).build(examplesOf([edited]), INPUT));
			linter.replaceLines(150, 1, [edited]);
			const second = reportOf(linter, builder);
			assert.equal(counting.calls, alone.calls, 'one edited line: only it is read');
			assert.deepEqual(second, reportOf(linter), 'the same as a fresh build');

			// Line 150's old text went away with that build, so bringing it back reads it again.
			counting.calls = 0;
			linter.replaceLines(150, 1, [lines[150] as string]);
			assert.deepEqual(reportOf(linter, builder), first);
			assert.ok(counting.calls > 0);
		});

		it('gives what a fresh build gives after any sequence of edits, duplicates and system prompts included', () => {
			const random = seededRandom(11);
			const pool = [...Array.from({ length: 12 }, (_, index) => chatExample(random, index)), chat(system('Other'), user('u'), assistant('a')), chat(user('u'), assistant('a')), ''];
			const pick = (): string => pool[Math.floor(random() * pool.length)] as string;
			const linter = linted(Array.from({ length: 40 }, pick));
			const builder = new ReportBuilder(linter.lineLinter.tokenizer);
			for (let edit = 0; edit < 60; edit++) {
				const start = Math.floor(random() * (linter.lineCount + 1));
				const deleteCount = Math.min(linter.lineCount - start, Math.floor(random() * 3));
				linter.replaceLines(start, deleteCount, Array.from({ length: Math.floor(random() * 3) }, pick));
				assert.deepEqual(reportOf(linter, builder), reportOf(linter), `after edit ${edit}`);
			}
		});

		it('after a build left unfinished, the next gives what a fresh build gives', () => {
			const random = seededRandom(5);
			// 1,100 texts, read 500 a slice: the unfinished build stops before the copies begin.
			const linter = linted(Array.from({ length: 1_500 }, (_, index) => chatExample(random, index % 1_100)));
			const builder = new ReportBuilder(linter.lineLinter.tokenizer);
			const unfinished = builder.build(linter.exampleLines(), inputOf(linter));
			unfinished.next();
			unfinished.next();
			assert.deepEqual(reportOf(linter, builder), reportOf(linter));
		});
	});

	describe('slices', () => {
		it('yields every few hundred lines read, and seldom on lines already known', () => {
			const random = seededRandom(5);
			const linter = linted(Array.from({ length: 2_100 }, (_, index) => chatExample(random, index)));
			const builder = new ReportBuilder(linter.lineLinter.tokenizer);
			assert.equal(drain(builder.build(linter.exampleLines(), inputOf(linter))).yields, 4);
			assert.equal(drain(builder.build(linter.exampleLines(), inputOf(linter))).yields, 0);
		});

		it('yields between long lines as often as between many short ones', () => {
			const line = chat(user('Hi'), assistant('ok '.repeat(350_000)));
			const texts = Array.from({ length: 10 }, (_, index) => line.replace('Hi', `Hi ${index}`));
			// After every two (2 MB), the last included.
			assert.equal(drain(new ReportBuilder(getTokenizer('o200k_base')).build(examplesOf(texts), INPUT)).yields, 5);
		});
	});

	describe('hostile input', () => {
		it('reads a 50 MB line without counting all of it or keeping a long preview', () => {
			const huge = chat(system(`${' '.repeat(1_000)}${'rule '.repeat(2_000_000)}`), user(`${'\n'.repeat(10_000_000)}${'ab'.repeat(10_000_000)}`), assistant('zz'.repeat(7_000_000)));
			assert.ok(huge.length > 50_000_000);
			const counting = new CountingTokenizer(getTokenizer('o200k_base'));
			const started = performance.now();
			const report = drain(new ReportBuilder(counting).build(examplesOf([huge], () => 20_000_000), INPUT)).result;
			assert.ok(performance.now() - started < 5_000, `${performance.now() - started} ms`);
			assert.equal(report.longest[0]?.preview.length, PREVIEW_CHARACTERS);
			assert.equal(report.systemPrompts[0]?.truncated, true);
			assert.equal(report.systemPrompts[0]?.text.length, SYSTEM_PROMPT_CHARACTERS);
			assert.ok(report.assistantTokens > 0 && report.assistantTokens <= 20_000_000);
		});

		it('reads a million tiny lines, mostly copies, in linear time', () => {
			const texts = function* (): Generator<ExampleLine> {
				for (let line = 0; line < 1_000_000; line++) {
					yield { line, text: line % 2 === 0 ? '{"messages":[]}' : `{"messages":[${line}]}`, format: 'chat', tokens: line % 1000 };
				}
			};
			const started = performance.now();
			const { result: report } = drain(new ReportBuilder(getTokenizer('o200k_base')).build(texts(), INPUT));
			assert.ok(performance.now() - started < 8_000, `${performance.now() - started} ms`);
			assert.equal(report.duplicateExamples, 499_999);
			assert.deepEqual(report.duplicateGroups[0]?.lines.length, GROUP_LINES);
			assert.deepEqual(report.messagesPerExample, [
				{ messages: 0, examples: 500_000 },
				{ messages: 1, examples: 500_000 },
			]);
			assert.equal(report.tokenHistogram.length, 20, '999 at most: 50 tokens a bin');
			assert.deepEqual(
				report.longest.map((example) => example.line),
				[999, 1999, 2999, 3999, 4999],
			);
		});

		it('reads deeply nested values and a million messages without recursion', () => {
			const depth = 200_000;
			const nested = `{"messages":[{"role":"user","content":"deep"},{"role":"assistant","content":"a","extra":${'['.repeat(depth)}"x"${']'.repeat(depth)}}]}`;
			const many = JSON.stringify({ messages: Array.from({ length: 1_000_000 }, (_, index) => (index % 2 === 0 ? { role: 'user', content: 'u' } : { role: 'assistant', content: 'a' })) });
			const report = drain(new ReportBuilder(getTokenizer('o200k_base')).build(examplesOf([nested, many]), INPUT)).result;
			assert.deepEqual(report.messagesPerExample, [
				{ messages: 2, examples: 1 },
				{ messages: 1_000_000, examples: 1 },
			]);
			assert.deepEqual(report.roles, [
				{ role: 'user', messages: 500_001, examples: 2 },
				{ role: 'assistant', messages: 500_001, examples: 2 },
			]);
			assert.ok(report.assistantTokens > 0);
		});
	});
});
