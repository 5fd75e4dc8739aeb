import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DatasetLinter, splitLines } from '../../../src/dataset/dataset';
import { lintFile } from '../../../src/dataset/fileLint';
import type { Finding } from '../../../src/dataset/types';
import { seededRandom } from '../../../src/seededRandom';
import { chatExample } from '../../bench/datasetGenerator';
import { useTestRanks } from './rankDirectory';

const MODEL = 'gpt-4o-mini-2024-07-18';

/** A generous bound: a fixed second plus two microseconds a character, far above the real cost. */
function timeBoundMs(characters: number): number {
	return 1000 + characters * 0.002;
}

/** Lints `text` and checks that every finding and fix lies inside the document. */
function lintChecked(text: string): readonly Finding[] {
	const started = performance.now();
	const linter = new DatasetLinter({ model: MODEL });
	linter.setText(text);
	const findings = linter.findings();
	linter.summary();
	const elapsed = performance.now() - started;
	assert.ok(elapsed < timeBoundMs(text.length), `${elapsed.toFixed(0)} ms for ${text.length} characters`);
	const lines = splitLines(text);
	const inside = (position: { line: number; character: number }, what: string, allowNextLineStart = false): void => {
		const length = lines[position.line]?.length;
		const atNextLineStart = allowNextLineStart && position.line === lines.length && position.character === 0;
		assert.ok(atNextLineStart || (length !== undefined && position.character >= 0 && position.character <= length), `${what} ${JSON.stringify(position)} outside the text`);
	};
	for (const finding of linter.findingsWithFixes(() => true)) {
		inside(finding.range.start, `${finding.code} start`);
		inside(finding.range.end, `${finding.code} end`, true);
		for (const edit of finding.fixes?.flatMap((fix) => fix.edits) ?? []) {
			inside(edit.range.start, `${finding.code} fix start`);
			inside(edit.range.end, `${finding.code} fix end`, true);
		}
	}
	return findings;
}

describe('fuzzing the linter', () => {
	before(useTestRanks);
	const random = seededRandom(42);
	const valid = Array.from({ length: 12 }, (_, index) => chatExample(random, index));

	it('survives random bytes', () => {
		for (let round = 0; round < 200; round++) {
			const bytes = Buffer.alloc(1 + Math.floor(random() * 2000));
			for (let index = 0; index < bytes.length; index++) {
				bytes[index] = random() < 0.2 ? 0x0a : Math.floor(random() * 256);
			}
			lintChecked(bytes.toString('utf8'));
		}
	});

	it('survives JSON truncated at every place', () => {
		const line = valid[0] as string;
		// One whole record before the cut one keeps the dataset-level rules in play; more would only repeat work per cut.
		for (let cut = 0; cut <= line.length; cut += 1) {
			lintChecked([valid[1], line.slice(0, cut)].join('\n'));
		}
	});

	it('survives random edits of valid records (insertions, deletions, swapped characters)', () => {
		const alphabet = '{}[]":,\\ \n\tabcnul0-9eé😀\u0085\uFEFF';
		for (let round = 0; round < 300; round++) {
			const chars = [...valid.join('\n')];
			for (let edit = 0; edit < 5; edit++) {
				const at = Math.floor(random() * chars.length);
				const pick = random();
				if (pick < 0.4) {
					chars.splice(at, 1);
				} else {
					chars.splice(at, pick < 0.7 ? 0 : 1, alphabet[Math.floor(random() * alphabet.length)] as string);
				}
			}
			lintChecked(chars.join(''));
		}
	});

	it('survives deep nesting, in broken and in valid JSON', () => {
		const depth = 100_000;
		lintChecked(`${'['.repeat(depth)}\n`);
		lintChecked(`{"messages": ${'['.repeat(depth)}${']'.repeat(depth)}}\n`);
		lintChecked(`{"messages": [{"role": "user", "content": ${'['.repeat(depth)}${']'.repeat(depth)}}]}\n`);
		lintChecked(`{"messages": [{"role": "user", "content": "x", "extra": ${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}]}\n`);
	});

	it('counts a 10 MB line within its time bound', () => {
		const content = 'The lamp is bright. 明るいランプ。 '.repeat(10 * 1024 * 1024 / 32);
		const findings = lintChecked(JSON.stringify({ messages: [{ role: 'user', content: 'Describe it.' }, { role: 'assistant', content }] }));
		assert.ok(findings.some((finding) => finding.code === 'dataset.too-many-tokens'));
		lintChecked(`{"messages": [{"role": "user", "content": "${'a'.repeat(10 * 1024 * 1024)}`);
	});

	it('survives files of random bytes from disk, invalid UTF-8 included', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finetune-studio-fuzz-'));
		for (let round = 0; round < 20; round++) {
			const bytes = Buffer.alloc(Math.floor(random() * 50_000));
			for (let index = 0; index < bytes.length; index++) {
				bytes[index] = random() < 0.05 ? 0x0a : Math.floor(random() * 256);
			}
			const file = path.join(dir, `random-${round}.jsonl`);
			fs.writeFileSync(file, bytes);
			const result = await lintFile(file, { model: MODEL });
			assert.ok(result.findings.every((finding) => finding.range.start.line < result.lineCount && finding.range.end.line < result.lineCount));
		}
		fs.rmSync(dir, { recursive: true, force: true });
	});
});
