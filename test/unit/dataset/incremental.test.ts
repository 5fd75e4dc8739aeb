import * as assert from 'node:assert/strict';
import { DatasetLinter } from '../../../src/dataset/dataset';
import { seededRandom } from '../../../src/seededRandom';
import { chatExample } from '../../bench/datasetGenerator';
import { useTestRanks } from './rankDirectory';

const MODEL = 'gpt-4o-mini-2024-07-18';

describe('incremental re-linting', () => {
	before(useTestRanks);

	it('after any sequence of line edits, finds exactly what a full pass over the same text finds', () => {
		const random = seededRandom(11);
		const pool = [
			...Array.from({ length: 30 }, (_, index) => chatExample(random, index)),
			'',
			'{"messages": [}',
			'{"prompt": "p", "completion": " c"}',
			'\uFEFF{"messages": [{"role": "user", "content": "bom"}, {"role": "assistant", "content": "x"}]}',
		];
		const pick = (): string => pool[Math.floor(random() * pool.length)] as string;
		const lines = Array.from({ length: 40 }, pick);
		const incremental = new DatasetLinter({ model: MODEL });
		incremental.setText(lines.join('\n'));
		for (let edit = 0; edit < 400; edit++) {
			const start = Math.floor(random() * (lines.length + 1));
			const deleteCount = Math.min(lines.length - start, Math.floor(random() * 3));
			const inserted = Array.from({ length: Math.floor(random() * 3) }, pick);
			if (deleteCount === 0 && inserted.length === 0) {
				continue;
			}
			lines.splice(start, deleteCount, ...inserted);
			incremental.replaceLines(start, deleteCount, inserted);
			if (edit % 20 === 0 || edit === 399) {
				const full = new DatasetLinter({ model: MODEL });
				full.setText(lines.join('\n'));
				const brief = (linter: DatasetLinter): string[] => linter.findings().map((finding) => `${finding.range.start.line}:${finding.range.start.character} ${finding.code} ${finding.message}`);
				assert.deepEqual(brief(incremental), brief(full), `after edit ${edit}`);
				assert.deepEqual(incremental.findings(), full.findings(), `after edit ${edit}`);
				assert.deepEqual(incremental.summary(), full.summary(), `summary after edit ${edit}`);
			}
		}
	});

	it('lints in slices, pausing between them, to the same result as one pass', async () => {
		const random = seededRandom(5);
		const text = Array.from({ length: 2_100 }, (_, index) => (index % 300 === 7 ? '{"messages": [}' : chatExample(random, index % 700))).join('\n');
		const whole = new DatasetLinter({ model: MODEL });
		whole.setText(text);
		const sliced = new DatasetLinter({ model: MODEL });
		let pauses = 0;
		await sliced.setTextInSlices(text, async () => {
			pauses++;
		});
		assert.equal(pauses, 4);
		assert.deepEqual(sliced.findings(), whole.findings());
		assert.deepEqual(sliced.summary(), whole.summary());
	});

	it('pauses between long lines as often as between many short ones', async () => {
		// Ten 1 MB lines: 500 lines a slice would lint them all without a pause.
		const line = JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'ok '.repeat(350_000) }] });
		const text = Array.from({ length: 10 }, () => line).join('\n');
		let pauses = 0;
		await new DatasetLinter({ model: MODEL }).setTextInSlices(text, async () => {
			pauses++;
		});
		assert.equal(pauses, 4);
	});
});
