import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FindingCode } from '../../../src/dataset/codes';
import { DatasetLinter } from '../../../src/dataset/dataset';
import { EXACT_TOKEN_CHARACTERS } from '../../../src/dataset/exampleTokens';
import { lintFile, lintPartition } from '../../../src/dataset/fileLint';
import { applyEdits, fixAllOfKind } from '../../../src/dataset/fixes';
import { LineLinter } from '../../../src/dataset/lineLint';
import { getRankDirectory, getTokenizer } from '../../../src/dataset/tokens';
import { tokenInfoAt } from '../../../src/dataset/tokenInfo';
import type { Finding } from '../../../src/dataset/types';
import { seededRandom } from '../../../src/seededRandom';
import { ADVERSARIAL_CASES, adversarialText } from '../../bench/adversarial';
import { chatExample } from '../../bench/datasetGenerator';
import { useTestRanks } from './rankDirectory';

// Shapes, not timings: each hostile input of the benchmark, linted small, with what it must yield.
// Their speed is `npm run bench`'s business; here a regression to a crash or a wrong answer shows.

const MODEL = 'gpt-4o-mini-2024-07-18';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finetune-studio-adversarial-'));

function lint(text: string): DatasetLinter {
	const linter = new DatasetLinter({ model: MODEL });
	linter.setText(text);
	return linter;
}

function codeCounts(findings: readonly Finding[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const finding of findings) {
		counts[finding.code] = (counts[finding.code] ?? 0) + 1;
	}
	return counts;
}

function brief(findings: readonly Finding[]): string[] {
	return findings.map((finding) => `${finding.range.start.line}:${finding.range.start.character}-${finding.range.end.line}:${finding.range.end.character} ${finding.code} ${finding.message}`);
}

/** What each shape yields at the size given (bytes; the fixed shapes write one line whatever it is). */
const EXPECTED: Record<string, { bytes: number; codes: Partial<Record<FindingCode, number>>; examples: number }> = {
	'newlines in a completion': { bytes: 1, codes: { 'dataset.too-few-examples': 1, 'format.model-mismatch': 1, 'prompt.completion-no-leading-space': 1 }, examples: 1 },
	'100 KB of spaces': { bytes: 1, codes: { 'dataset.too-few-examples': 1, 'format.model-mismatch': 1, 'prompt.completion-no-leading-space': 1 }, examples: 1 },
	'unknown keys': { bytes: 50_000, codes: { 'dataset.too-few-examples': 1, 'record.unknown-key': 21 }, examples: 1 },
	'records on one line': { bytes: 50_000, codes: { 'jsonl.invalid-json': 1 }, examples: 0 },
	'one giant word': { bytes: EXACT_TOKEN_CHARACTERS + 100_000, codes: { 'dataset.too-few-examples': 1, 'dataset.too-many-tokens': 1 }, examples: 1 },
	'200k-deep nesting': { bytes: 1, codes: { 'dataset.too-few-examples': 1, 'chat.invalid-content': 1 }, examples: 1 },
	'50k messages': { bytes: 1, codes: { 'dataset.too-few-examples': 1, 'dataset.too-many-tokens': 1 }, examples: 1 },
	'20k tool calls': { bytes: 1, codes: { 'dataset.too-few-examples': 1, 'dataset.too-many-tokens': 1 }, examples: 1 },
	'one huge token': { bytes: EXACT_TOKEN_CHARACTERS + 100_000, codes: { 'dataset.too-few-examples': 1, 'dataset.too-many-tokens': 1 }, examples: 1 },
};

describe('adversarial inputs', () => {
	before(useTestRanks);
	after(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('has an expectation for every benchmark case', () => {
		assert.deepEqual(Object.keys(EXPECTED).sort(), ADVERSARIAL_CASES.map((adversarial) => adversarial.name).sort());
	});

	for (const adversarial of ADVERSARIAL_CASES) {
		it(`lints ${adversarial.description} alike in the editor and from disk`, async () => {
			const expected = EXPECTED[adversarial.name];
			assert.ok(expected);
			const text = adversarialText(adversarial, expected.bytes);
			const editor = lint(text);
			assert.deepEqual(codeCounts(editor.findings()), expected.codes);
			assert.equal(editor.summary().examples, expected.examples);
			const file = path.join(dir, `${adversarial.name.replace(/\W+/g, '-')}.jsonl`);
			fs.writeFileSync(file, text);
			const fromDisk = await lintFile(file, { model: MODEL, workers: 0 });
			assert.deepEqual(brief(fromDisk.findings), brief(editor.findings()));
			assert.deepEqual(fromDisk.summary, editor.summary());
		});
	}

	it('counts an example past the exact-count limit from a bound, says so, and the hover uses the same count', () => {
		const text = adversarialText(ADVERSARIAL_CASES.find((adversarial) => adversarial.name === 'one huge token') as (typeof ADVERSARIAL_CASES)[number], EXACT_TOKEN_CHARACTERS * 2);
		const linter = lint(text);
		const tooMany = linter.findings().find((finding) => finding.code === 'dataset.too-many-tokens');
		assert.match(tooMany?.message ?? '', /^This example has more than [\d,]+ tokens \(about [\d,]+: text past its first 800,000 characters is not counted exactly\), more than the 65,536/);
		const [bound, estimate] = (tooMany?.message.match(/[\d,]+/g) ?? []).slice(0, 2).map((number) => Number(number.replaceAll(',', '')));
		assert.ok(bound !== undefined && estimate !== undefined && estimate > bound && bound > 65_536);
		// The estimate scales the bound to the whole text: twice the counted text, about twice the tokens.
		assert.ok(Math.abs(estimate / bound - 2) < 0.01, `${estimate} / ${bound}`);
		assert.equal(linter.summary().tokens.total, estimate);
		const line = text.split('\n')[0] as string;
		const info = tokenInfoAt(line, line.length - 10, linter.lineLinter);
		assert.equal(info?.exampleTokens, estimate);
		// The message holds all but a few of the example's tokens, and is bounded the same way.
		assert.ok(Math.abs((info?.message?.tokens ?? 0) / estimate - 1) < 0.01, `${info?.message?.tokens} of ${estimate}`);
	});

	it('does not build fixes while linting; the code action path builds the same fix as before', () => {
		const line = '{"messages": [{"role": "user", "content": "Hi"}, {"role": "asistant", "content": "Yo"}]}';
		const linter = lint(line);
		const [unknownRole] = linter.findings().filter((finding) => finding.code === 'chat.unknown-role');
		assert.ok(unknownRole);
		assert.equal(unknownRole.fixable, true);
		assert.equal(unknownRole.fixes, undefined);
		const [withFix] = linter.findingsWithFixes((finding) => finding === unknownRole).filter((finding) => finding.code === 'chat.unknown-role');
		const roleAt = line.indexOf('"asistant"');
		assert.deepEqual(withFix, {
			code: 'chat.unknown-role',
			severity: unknownRole.severity,
			message: unknownRole.message,
			range: unknownRole.range,
			fixes: [{ title: 'Change the role to "assistant"', edits: [{ range: { start: { line: 0, character: roleAt }, end: { line: 0, character: roleAt + 10 } }, newText: '"assistant"' }] }],
		});
	});

	it('leaves a prompt/completion conversion unbuilt until it is asked for', () => {
		const linter = new LineLinter({ model: MODEL });
		const text = '{"prompt": "Q", "completion": " A"}';
		const [lazy] = linter.lint(text).findings.filter((finding) => finding.code === 'format.model-mismatch');
		assert.deepEqual([lazy?.fixable, lazy?.fixes], [true, undefined]);
		const [built] = linter.lint(text, true).findings.filter((finding) => finding.code === 'format.model-mismatch');
		assert.deepEqual(built?.fixes?.map((fix) => fix.title), ['Convert to a chat record']);
	});

	it('marks 20 unknown keys of one object and sums up the rest in one finding whose fix removes them all', () => {
		const clean = '{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Yo"}]}';
		const keys = Array.from({ length: 25 }, (_, index) => `"x${index}": ${index}`);
		// Unknown keys on both sides of a known one, so that the removal spans more than one run.
		const line = `{${keys.slice(0, 10).join(', ')}, "messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Yo"}], ${keys.slice(10).join(', ')}}`;
		const linter = lint(line);
		const unknown = linter.findings().filter((finding) => finding.code === 'record.unknown-key');
		assert.equal(unknown.length, 21);
		assert.equal(
			unknown[0]?.message,
			'25 keys of this object are not part of this format (expected "messages", "tools", "parallel_tool_calls", "functions"); the first 20 are marked one by one, the other 5 only here.',
		);
		assert.deepEqual(unknown[0]?.range, { start: { line: 0, character: 0 }, end: { line: 0, character: line.length } });
		// Each key's range is exactly its key, as the property index finds it.
		unknown.slice(1).forEach((finding, index) => {
			const at = line.indexOf(`"x${index}"`);
			assert.deepEqual(finding.range, { start: { line: 0, character: at }, end: { line: 0, character: at + `"x${index}"`.length } });
		});
		const [summary] = linter.findingsWithFixes(() => true).filter((finding) => finding.code === 'record.unknown-key');
		assert.equal(summary?.fixes?.[0]?.title, 'Remove all 25 of them');
		assert.equal(applyEdits(line, summary?.fixes?.[0]?.edits ?? []), clean);
		// "Fix all of this kind" takes the summary's edit and skips the per-key ones it covers.
		const all = fixAllOfKind(linter.findingsWithFixes(() => true), 'record.unknown-key');
		assert.equal(applyEdits(line, all.edits), clean);
	});

	it('caps the unknown keys of a message too', () => {
		const extra = Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`m${index}`, index]));
		const line = JSON.stringify({ messages: [{ role: 'user', content: 'Hi', ...extra }, { role: 'assistant', content: 'Yo' }] });
		const linter = lint(line);
		const unknown = linter.findings().filter((finding) => finding.code === 'chat.unknown-message-key');
		assert.equal(unknown.length, 21);
		assert.match(unknown[0]?.message ?? '', /^This user message has 30 keys it may not have \(allowed: role, content, name\); the first 20 are marked one by one, the other 10 only here\.$/);
		const fixed = applyEdits(line, fixAllOfKind(linter.findingsWithFixes(() => true), 'chat.unknown-message-key').edits);
		assert.deepEqual(JSON.parse(fixed), { messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Yo' }] });
	});

	it('points at the first of duplicate keys, and removes a key between others without breaking the JSON', () => {
		const line = '{"messages": [{"role": "user", "content": "Hi", "id": 1, "content": "Hey"}, {"role": "assistant", "content": "Yo"}], "a": 1}';
		const linter = lint(line);
		const id = linter.findingsWithFixes(() => true).find((finding) => finding.code === 'chat.unknown-message-key');
		const at = line.indexOf('"id"');
		assert.deepEqual(id?.range, { start: { line: 0, character: at }, end: { line: 0, character: at + 4 } });
		assert.equal(applyEdits(line, id?.fixes?.[0]?.edits ?? []), line.replace(', "id": 1', ''));
	});

	it('marks 100 findings of one kind on a line and sums up the rest in one', () => {
		const calls = Array.from({ length: 250 }, (_, index) => ({ id: `c${index}`, type: 'function', function: { name: 'f', arguments: '{}' } }));
		const line = JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', tool_calls: calls }, { role: 'assistant', content: 'Done' }] });
		const unanswered = lint(line).findings().filter((finding) => finding.code === 'chat.unanswered-tool-call');
		assert.equal(unanswered.length, 101);
		assert.equal(unanswered.at(-1)?.message, 'This line has 250 findings of this kind; the first 100 are marked one by one, the other 150 only here.');
		assert.deepEqual(unanswered.at(-1)?.range, { start: { line: 0, character: 0 }, end: { line: 0, character: line.length } });
	});

	it('counts the per-object summaries within the per-line cap', () => {
		const extra = Object.fromEntries(Array.from({ length: 25 }, (_, index) => [`m${index}`, index]));
		const messages = Array.from({ length: 150 }, (_, index) => ({ role: index % 2 === 0 ? 'user' : 'assistant', content: 'x', ...extra }));
		const unknown = lint(JSON.stringify({ messages })).findings().filter((finding) => finding.code === 'chat.unknown-message-key');
		assert.equal(unknown.length, 101);
		assert.match(unknown.at(-1)?.message ?? '', /^This line has 3,150 findings of this kind; the first 100 are marked one by one, the other 3,050 only here\.$/);
	});

	it('walks arrays of hundreds of thousands of elements without spreading them onto the stack', () => {
		const many = Array.from({ length: 200_000 }, () => 'a');
		const promptLinter = lint(JSON.stringify({ prompt: many, completion: ' b' }));
		assert.equal(promptLinter.summary().examples, 1);
		const calls = Array.from({ length: 150_000 }, (_, index) => ({ id: `c${index}`, type: 'function', function: { name: 'f', arguments: '{}' } }));
		const answers = calls.map((call) => ({ role: 'tool', tool_call_id: call.id, content: 'ok' }));
		const callsLinter = lint(JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', tool_calls: calls }, ...answers, { role: 'assistant', content: 'Done' }] }));
		assert.equal(callsLinter.summary().examples, 1);
	});

	it('counts a long run of one character by its period exactly as merging it whole', () => {
		for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
			const tokenizer = getTokenizer(encoding);
			for (const unit of [' ', 'a', '\n', '-', 'é', '日']) {
				for (const length of [12_288, 13_001, 50_001]) {
					const run = unit.repeat(length);
					assert.equal(tokenizer.count(run), tokenizer.encode(run).length, `${encoding}: ${length} × ${JSON.stringify(unit)}`);
				}
			}
		}
	});

	it('reads a line spread over many small reads exactly as one read', async () => {
		const random = seededRandom(11);
		const lines = [
			...Array.from({ length: 12 }, (_, index) => chatExample(random, index)),
			'{"messages": [{"role": "user", "content": "grüße 👩‍💻"}, {"role": "bot", "content": "x"}], "extra": 1}\r',
			'',
			'{"messages": [}',
		];
		const text = `${lines.join('\n')}\n`;
		const file = path.join(dir, 'chunks.jsonl');
		fs.writeFileSync(file, text);
		const job = { file, start: 0, end: Buffer.byteLength(text), options: { model: MODEL, countTokens: true, startsFile: true, endsFile: true }, rankDirectory: getRankDirectory() };
		const whole = await lintPartition(job, () => undefined);
		// Seven bytes a read splits every line, and the multi-byte characters, across reads.
		const chunked = await lintPartition({ ...job, chunkBytes: 7 }, () => undefined);
		assert.deepEqual(chunked, whole);
		assert.deepEqual(brief(chunked.findings), brief(lint(text).findings().filter((finding) => chunked.findings.some((own) => own.code === finding.code))));
		assert.equal(chunked.lineCount, lines.length + 1);
	});
});
