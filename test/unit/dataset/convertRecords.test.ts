import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { convertFile, type ConvertSummary } from '../../../src/dataset/convert/convertFile';
import { convertRecord, detectLayout, TRL_NOTES, type ConversionTarget, type RecordConversion, type SourceLayout } from '../../../src/dataset/convert/records';
import { isUnconvertible } from '../../../src/dataset/convert/toChat';
import { DatasetLinter } from '../../../src/dataset/dataset';
import { useTestRanks } from './rankDirectory';

// One record of each layout, written for these tests in the shape each ecosystem's public datasets use.
const SAMPLES = {
	'prompt-completion': { prompt: 'Translate to French: good morning\n\n###\n\n', completion: ' bonjour END' },
	alpaca: { instruction: 'Rewrite the sentence in the passive voice.', input: 'The cat chased the mouse.', output: 'The mouse was chased by the cat.' },
	sharegpt: {
		conversations: [
			{ from: 'system', value: 'You are a patient maths tutor.' },
			{ from: 'human', value: 'What is a prime number?' },
			{ from: 'gpt', value: 'A whole number above 1 whose only divisors are 1 and itself.' },
			{ from: 'human', value: 'Is 9 one?' },
			{ from: 'gpt', value: 'No: 9 is 3 × 3.' },
		],
	},
	'anthropic-hh': {
		chosen: '\n\nHuman: How do I keep basil alive indoors?\n\nAssistant: Give it a sunny window and water when the topsoil is dry.\n\nHuman: How often is that?\n\nAssistant: Usually every two or three days.',
		rejected: '\n\nHuman: How do I keep basil alive indoors?\n\nAssistant: Give it a sunny window and water when the topsoil is dry.\n\nHuman: How often is that?\n\nAssistant: Plants are hard.',
	},
	'trl-preference': { prompt: 'Name a primary colour.', chosen: 'Red.', rejected: 'Purple.' },
	chat: {
		messages: [
			{ role: 'system', content: 'You answer in one sentence.' },
			{ role: 'user', content: 'Why is the sea salty?' },
			{ role: 'assistant', content: 'I am not sure.', weight: 0 },
			{ role: 'user', content: 'Try again.' },
			{ role: 'assistant', content: 'Rivers carry dissolved minerals into it, and evaporation leaves the salt behind.', weight: 1 },
		],
	},
	dpo: {
		input: { messages: [{ role: 'user', content: 'Summarise: the meeting moved to Tuesday at 10.' }] },
		preferred_output: [{ role: 'assistant', content: 'The meeting is now Tuesday at 10.' }],
		non_preferred_output: [{ role: 'assistant', content: 'There is a meeting.' }],
	},
} satisfies Record<SourceLayout, object>;

const TRL_CONVERSATIONAL = {
	prompt: [
		{ role: 'system', content: 'Be concise.' },
		{ role: 'user', content: 'Capital of Norway?' },
	],
	chosen: [{ role: 'assistant', content: 'Oslo.' }],
	rejected: [{ role: 'assistant', content: 'Bergen.' }],
};

function converted(value: unknown, from: SourceLayout | 'auto', to: ConversionTarget): RecordConversion {
	const result = convertRecord(value, from, to);
	assert.ok(!isUnconvertible(result), isUnconvertible(result) ? result.unconvertible : '');
	return result;
}

function reason(value: unknown, from: SourceLayout | 'auto', to: ConversionTarget): string {
	const result = convertRecord(value, from, to);
	assert.ok(isUnconvertible(result), `expected no conversion, got ${JSON.stringify(result)}`);
	return result.unconvertible;
}

/** The errors and warnings the linter finds in `records` for a model that takes chat and DPO records. */
function lintProblems(records: readonly object[]): string[] {
	const linter = new DatasetLinter({ model: 'gpt-4o-2024-08-06' });
	// Ten copies of each with a counter, so that the dataset-level checks (size, duplicates) are met.
	linter.setText(
		records
			.flatMap((record) => Array.from({ length: 10 }, (_, copy) => JSON.stringify(record).replace('"content":"', `"content":"(${copy}) `)))
			.join('\n'),
	);
	return linter
		.findings()
		.filter((finding) => finding.severity !== 'info')
		.map((finding) => `${finding.code}: ${finding.message}`);
}

describe('whole-file converters', () => {
	before(useTestRanks);

	it('detect each layout from a record\'s keys', () => {
		for (const [layout, record] of Object.entries(SAMPLES)) {
			assert.equal(detectLayout(record), layout);
		}
		assert.equal(detectLayout(TRL_CONVERSATIONAL), 'trl-preference');
		assert.equal(detectLayout({ text: 'plain language modelling' }), undefined);
	});

	it('convert prompt/completion, Alpaca, ShareGPT and Anthropic HH to chat records', () => {
		assert.deepEqual(converted(SAMPLES['prompt-completion'], 'auto', 'chat').record, {
			messages: [
				{ role: 'user', content: 'Translate to French: good morning' },
				{ role: 'assistant', content: 'bonjour' },
			],
		});
		assert.deepEqual(converted(SAMPLES.alpaca, 'auto', 'chat').record, {
			messages: [
				{ role: 'user', content: 'Rewrite the sentence in the passive voice.\n\nThe cat chased the mouse.' },
				{ role: 'assistant', content: 'The mouse was chased by the cat.' },
			],
		});
		assert.deepEqual(converted({ instruction: 'Say hi.', input: '', output: 'Hi!' }, 'alpaca', 'chat').record, {
			messages: [
				{ role: 'user', content: 'Say hi.' },
				{ role: 'assistant', content: 'Hi!' },
			],
		});
		const shareGpt = converted(SAMPLES.sharegpt, 'auto', 'chat').record as { messages: { role: string }[] };
		assert.deepEqual(
			shareGpt.messages.map((message) => message.role),
			['system', 'user', 'assistant', 'user', 'assistant'],
		);
		const hh = converted(SAMPLES['anthropic-hh'], 'auto', 'chat');
		assert.equal(hh.from, 'anthropic-hh');
		assert.deepEqual((hh.record as { messages: unknown[] }).messages.at(-1), { role: 'assistant', content: 'Usually every two or three days.' });
	});

	it('convert Anthropic HH to DPO: the shared turns as input, the differing last answers as the outputs', () => {
		assert.deepEqual(converted(SAMPLES['anthropic-hh'], 'auto', 'dpo').record, {
			input: {
				messages: [
					{ role: 'user', content: 'How do I keep basil alive indoors?' },
					{ role: 'assistant', content: 'Give it a sunny window and water when the topsoil is dry.' },
					{ role: 'user', content: 'How often is that?' },
				],
			},
			preferred_output: [{ role: 'assistant', content: 'Usually every two or three days.' }],
			non_preferred_output: [{ role: 'assistant', content: 'Plants are hard.' }],
		});
	});

	it('convert TRL preference records, string and conversational, to DPO, keeping tools in the input', () => {
		assert.deepEqual(converted(SAMPLES['trl-preference'], 'auto', 'dpo').record, {
			input: { messages: [{ role: 'user', content: 'Name a primary colour.' }] },
			preferred_output: [{ role: 'assistant', content: 'Red.' }],
			non_preferred_output: [{ role: 'assistant', content: 'Purple.' }],
		});
		const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }];
		const withTools = converted({ ...TRL_CONVERSATIONAL, tools }, 'auto', 'dpo').record as { input: { tools: unknown } };
		assert.deepEqual(withTools.input.tools, tools);
	});

	it('round-trip DPO ↔ TRL preference (conversational)', () => {
		const trl = converted(SAMPLES.dpo, 'auto', 'trl-dpo');
		assert.deepEqual(trl.record, {
			prompt: SAMPLES.dpo.input.messages,
			chosen: SAMPLES.dpo.preferred_output,
			rejected: SAMPLES.dpo.non_preferred_output,
		});
		assert.deepEqual(converted(trl.record, 'auto', 'dpo').record, SAMPLES.dpo);
		const dpo = converted(TRL_CONVERSATIONAL, 'auto', 'dpo');
		assert.deepEqual(converted(dpo.record, 'auto', 'trl-dpo').record, TRL_CONVERSATIONAL);
		// A string TRL record comes back in the conversational form, the same conversation.
		assert.deepEqual(converted(converted(SAMPLES['trl-preference'], 'auto', 'dpo').record, 'auto', 'trl-dpo').record, {
			prompt: [{ role: 'user', content: 'Name a primary colour.' }],
			chosen: [{ role: 'assistant', content: 'Red.' }],
			rejected: [{ role: 'assistant', content: 'Purple.' }],
		});
	});

	it('convert OpenAI chat to TRL conversational, reporting the weights it drops and the tools TRL may ignore', () => {
		const tools = [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: {} } } }];
		const result = converted({ ...SAMPLES.chat, tools, parallel_tool_calls: false }, 'auto', 'trl-sft');
		assert.deepEqual(result.record, {
			messages: SAMPLES.chat.messages.map(({ role, content }) => ({ role, content })),
			tools,
		});
		assert.deepEqual([...result.notes].sort(), [TRL_NOTES.parallelToolCalls, TRL_NOTES.tools, TRL_NOTES.weight].sort());
		// Any layout that converts to chat converts to TRL's conversational records too.
		assert.deepEqual(converted(SAMPLES.alpaca, 'auto', 'trl-sft').record, converted(SAMPLES.alpaca, 'auto', 'chat').record);
		assert.deepEqual(converted(SAMPLES.alpaca, 'auto', 'trl-sft').notes, []);
	});

	it('keep records that are in the target layout already as they are', () => {
		assert.deepEqual(converted(SAMPLES.chat, 'auto', 'chat'), { record: SAMPLES.chat, from: 'chat', unchanged: true, notes: [] });
		assert.equal(converted(SAMPLES.dpo, 'auto', 'dpo').unchanged, true);
	});

	it('say why each record they cannot convert cannot be', () => {
		assert.equal(reason([1, 2], 'auto', 'chat'), 'the line is not a JSON object');
		assert.match(reason({ text: 'x' }, 'auto', 'chat'), /^the layout is none of prompt\/completion, Alpaca/);
		assert.equal(reason({ prompt: 'Q ->', completion: ' END' }, 'auto', 'chat'), 'nothing is left of the completion without its legacy stop sequence');
		assert.equal(reason({ instruction: 'Do it.', output: '' }, 'auto', 'chat'), 'the output is empty');
		assert.equal(reason({ conversations: [{ from: 'human', value: 'Hi' }, { from: 'function_call', value: '{}' }] }, 'auto', 'chat'), 'a turn is from "function_call", which has no chat role (system, human, gpt)');
		assert.equal(reason({ conversations: [{ from: 'human', value: 'Hi' }] }, 'auto', 'chat'), 'the conversation has no turn from the assistant (gpt)');
		assert.equal(reason({ chosen: 'Hello there', rejected: '\n\nHuman: a\n\nAssistant: b' }, 'auto', 'dpo'), 'the chosen transcript is not a series of "\\n\\nHuman:" and "\\n\\nAssistant:" turns');
		assert.equal(reason({ chosen: '\n\nHuman: a\n\nAssistant: b', rejected: '\n\nHuman: c\n\nAssistant: d' }, 'auto', 'dpo'), 'the chosen and rejected conversations differ before their last answers');
		assert.equal(reason({ chosen: '\n\nHuman: a\n\nAssistant: b', rejected: '\n\nHuman: a' }, 'auto', 'dpo'), 'the rejected conversation does not end with an assistant turn');
		assert.equal(reason({ prompt: 'Q', chosen: 'Same.', rejected: 'Same.' }, 'auto', 'dpo'), 'the chosen and rejected answers are the same');
		assert.equal(reason({ chosen: '\n\nHuman: a\n\nAssistant:', rejected: '\n\nHuman: a\n\nAssistant: b' }, 'auto', 'chat'), 'the chosen answer is empty');
		assert.equal(reason({ chosen: '\n\nHuman: a\n\nAssistant: b', rejected: '\n\nHuman: a\n\nAssistant: ' }, 'auto', 'dpo'), 'the rejected answer is empty');
		assert.equal(reason({ prompt: '', chosen: 'a', rejected: 'b' }, 'auto', 'dpo'), '"prompt" must be non-empty text or a list of system, user and assistant messages with text');
		assert.equal(reason(SAMPLES.alpaca, 'auto', 'dpo'), 'Alpaca (instruction/input/output) records have one answer, not the preferred and rejected pair DPO needs');
		assert.equal(reason({ ...SAMPLES.dpo, preferred_output: [] }, 'auto', 'trl-dpo'), '"preferred_output" must be a list with exactly one assistant message');
		// --from names the layout: a record that is not in it says what it lacks.
		assert.equal(reason(SAMPLES.chat, 'alpaca', 'chat'), '"instruction", "input" and "output" must be text');
	});

	it('write chat and DPO records that lint clean', () => {
		const chat = (['prompt-completion', 'alpaca', 'sharegpt', 'anthropic-hh', 'trl-preference', 'dpo'] as const).map((layout) => converted(SAMPLES[layout], 'auto', 'chat').record);
		const dpo = (['anthropic-hh', 'trl-preference'] as const).map((layout) => converted(SAMPLES[layout], 'auto', 'dpo').record);
		assert.deepEqual(lintProblems(chat), []);
		assert.deepEqual(lintProblems([...dpo, converted(TRL_CONVERSATIONAL, 'auto', 'dpo').record]), []);
	});

	describe('a whole file', () => {
		let dir: string;
		beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finetune-studio-convert-'))));
		afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

		async function convert(text: string, to: ConversionTarget): Promise<{ summary: ConvertSummary; output: string }> {
			const file = path.join(dir, 'in.jsonl');
			fs.writeFileSync(file, text);
			let output = '';
			const summary = await convertFile(file, { from: 'auto', to }, { write: async (chunk) => void (output += chunk) });
			return { summary, output };
		}

		it('streams it record by record, counting by layout, skipping blank lines and listing skipped ones by reason with line numbers', async () => {
			const lines = ['\uFEFF' + JSON.stringify(SAMPLES.alpaca), '', JSON.stringify(SAMPLES.sharegpt), '{"broken": ', JSON.stringify(SAMPLES.chat), '  ', '{"text": "x"}', '{"also": "broken'];
			const { summary, output } = await convert(`${lines.join('\r\n')}\r\n`, 'chat');
			assert.equal(summary.records, 6);
			assert.equal(summary.converted, 3);
			assert.equal(summary.unchanged, 1);
			assert.deepEqual([...summary.bySource], [['alpaca', 1], ['sharegpt', 1], ['chat', 1]]);
			assert.deepEqual(
				summary.skipped.map((group) => [group.reason.slice(0, 28), group.count, group.lines]),
				[
					['the line is not valid JSON', 2, [4, 8]],
					['the layout is none of prompt', 1, [7]],
				],
			);
			assert.deepEqual(
				output.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown),
				[converted(SAMPLES.alpaca, 'auto', 'chat').record, converted(SAMPLES.sharegpt, 'auto', 'chat').record, SAMPLES.chat],
			);
		});

		it('counts what the conversion to TRL dropped, once per record', async () => {
			const { summary } = await convert(`${JSON.stringify(SAMPLES.chat)}\n${JSON.stringify(SAMPLES.chat)}\n${JSON.stringify(SAMPLES.alpaca)}`, 'trl-sft');
			assert.deepEqual([...summary.notes], [[TRL_NOTES.weight, 2]]);
			assert.equal(summary.skipped.length, 0);
		});
	});
});
