import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DatasetLinter } from '../../../src/dataset/dataset';
import { lintFile, LintCancelledError } from '../../../src/dataset/fileLint';
import { LINT_TARGETS, type LintTarget } from '../../../src/dataset/lineLint';
import type { Finding } from '../../../src/dataset/types';
import { seededRandom } from '../../../src/seededRandom';
import { chatExample } from '../../bench/datasetGenerator';
import { useTestRanks } from './rankDirectory';

const MODEL = 'gpt-4o-mini-2024-07-18';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finetune-studio-filelint-'));

function write(name: string, content: string | Buffer): string {
	const file = path.join(dir, name);
	fs.writeFileSync(file, content);
	return file;
}

function brief(findings: readonly Finding[]): string[] {
	return findings.map((finding) => `${finding.range.start.line}:${finding.range.start.character}-${finding.range.end.line}:${finding.range.end.character} ${finding.code}`).sort();
}

/** About `bytes` of realistic chat examples with mistakes every few hundred lines. */
function brokenDataset(bytes: number): string {
	const random = seededRandom(3);
	const lines: string[] = [];
	let size = 0;
	for (let index = 0; size < bytes; index++) {
		const line =
			index % 397 === 5 ? '{"messages": [}' : index % 401 === 7 ? '' : index % 409 === 9 ? '{"prompt": "p", "completion": " c"}' : index % 419 === 11 ? (lines[0] ?? '') : chatExample(random, index);
		lines.push(line);
		size += line.length + 1;
	}
	return `${lines.join('\n')}\n`;
}

describe('lintFile', () => {
	before(useTestRanks);
	after(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('finds in a file on disk, with worker threads, exactly what the editor finds in its text', async () => {
		const text = brokenDataset(6 * 1024 * 1024);
		const file = write('big.jsonl', text);
		const editor = new DatasetLinter({ model: MODEL });
		editor.setText(text);
		const [inThread, inWorkers] = await Promise.all([lintFile(file, { model: MODEL, workers: 0 }), lintFile(file, { model: MODEL, workers: 3 })]);
		assert.ok(editor.findings().length > 40);
		assert.deepEqual(brief(inThread.findings), brief(editor.findings()));
		assert.deepEqual(brief(inWorkers.findings), brief(editor.findings()));
		assert.deepEqual(inWorkers.summary, editor.summary());
		assert.deepEqual(inThread.summary, editor.summary());
	});

	it('reports lines that are not valid UTF-8', async () => {
		const valid = Buffer.from(`${'{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "ok"}]}\n'.repeat(10)}`);
		const broken = Buffer.concat([valid, Buffer.from('{"messages": [{"role": "user", "content": "caf'), Buffer.from([0xe9]), Buffer.from('"}, {"role": "assistant", "content": "ok"}]}\n')]);
		const result = await lintFile(write('latin1.jsonl', broken), { model: MODEL });
		assert.deepEqual(brief(result.findings).filter((line) => line.includes('utf8')), ['10:0-10:91 jsonl.invalid-utf8']);
		const clean = await lintFile(write('utf8.jsonl', valid), { model: MODEL });
		assert.ok(!clean.findings.some((finding) => finding.code === 'jsonl.invalid-utf8'));
	});

	it('reports a UTF-16 file once, with or without a byte order mark, instead of line by line', async () => {
		const text = `${'{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "ok"}]}\n'.repeat(10)}`;
		const bigEndian = Buffer.from(text, 'utf16le').swap16();
		for (const [name, bytes] of [
			['le-bom.jsonl', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
			['be-bom.jsonl', Buffer.concat([Buffer.from([0xfe, 0xff]), bigEndian])],
			['le.jsonl', Buffer.from(text, 'utf16le')],
			['be.jsonl', bigEndian],
		] as const) {
			const result = await lintFile(write(name, bytes), { model: MODEL });
			assert.deepEqual(brief(result.findings), ['0:0-0:0 jsonl.utf16'], name);
			assert.match(result.findings[0]?.message ?? '', /^This file is UTF-16: save it as UTF-8/);
		}
		const editor = new DatasetLinter({ model: MODEL, encoding: 'utf16le' });
		editor.setText(text);
		// Text the editor decoded from UTF-16 lints as it is, and the file is still not UTF-8 until saved so.
		assert.equal(editor.findings()[0]?.code, 'jsonl.utf16');
		assert.ok(editor.setEncoding('utf8'));
		assert.ok(!editor.findings().some((finding) => finding.code === 'jsonl.utf16'));
	});

	it('agrees with the editor on what a byte order mark means for each target', async () => {
		const text = Array.from({ length: 10 }, (_, n) => `{"messages": [{"role": "user", "content": "hi ${n}"}, {"role": "assistant", "content": "ok"}]}\n`).join('');
		const expected: Record<LintTarget, Record<'with' | 'without', string[]>> = {
			openai: { with: ['jsonl.bom error'], without: [] },
			azure: { with: [], without: ['jsonl.missing-bom warning'] },
			compatible: { with: ['jsonl.bom warning'], without: [] },
		};
		for (const target of LINT_TARGETS) {
			for (const mark of ['with', 'without'] as const) {
				const content = mark === 'with' ? `\uFEFF${text}` : text;
				const editor = new DatasetLinter({ model: MODEL, target });
				editor.setText(content);
				const result = await lintFile(write(`${target}-${mark}.jsonl`, content), { model: MODEL, target });
				const label = `${target}, ${mark} a BOM`;
				assert.deepEqual(result.findings.map((finding) => `${finding.code} ${finding.severity}`), expected[target][mark], label);
				assert.deepEqual(brief(result.findings), brief(editor.findings()), label);
				assert.deepEqual(result.summary, editor.summary(), label);
			}
		}
		// Without a target, both are checked for OpenAI.
		const unnamed = await lintFile(write('unnamed.jsonl', `\uFEFF${text}`), { model: MODEL });
		assert.deepEqual(brief(unnamed.findings), ['0:0-0:1 jsonl.bom']);
	});

	it('does not ask for a byte order mark in an empty file for Azure: it is empty, and says so', async () => {
		for (const content of ['', '\n\n']) {
			const editor = new DatasetLinter({ model: MODEL, target: 'azure' });
			editor.setText(content);
			const result = await lintFile(write('empty-azure.jsonl', content), { model: MODEL, target: 'azure' });
			assert.deepEqual(result.findings.map((finding) => finding.code).filter((code) => code.includes('bom')), [], JSON.stringify(content));
			assert.deepEqual(brief(result.findings), brief(editor.findings()), JSON.stringify(content));
		}
	});

	it('does not call a file of Anthropic HH records empty', async () => {
		const hh = `${JSON.stringify({ chosen: '\n\nHuman: Hi\n\nAssistant: Hello', rejected: '\n\nHuman: Hi\n\nAssistant: Go away' })}\n`;
		const result = await lintFile(write('hh.jsonl', hh), { model: MODEL });
		assert.deepEqual(brief(result.findings), ['0:0-0:120 record.foreign-format'.replace('120', String(hh.length - 1))]);
	});

	it('reports progress up to the file size and stops when cancelled', async () => {
		const file = write('cancel.jsonl', brokenDataset(12 * 1024 * 1024));
		const size = fs.statSync(file).size;
		let last = 0;
		await lintFile(file, { model: MODEL, countTokens: false, onProgress: (bytes, total) => ((last = bytes), assert.equal(total, size)) });
		assert.equal(last, size);
		const abort = new AbortController();
		const cancelled = lintFile(file, { model: MODEL, signal: abort.signal, onProgress: () => abort.abort() });
		await assert.rejects(cancelled, (error: unknown) => LintCancelledError.is(error));
	});
});
