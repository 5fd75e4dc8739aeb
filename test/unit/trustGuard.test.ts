import * as assert from 'node:assert/strict';
import { whenTrusted } from '../../src/trustGuard';

describe('the workspace trust guard', () => {
	it('refuses, without running the command, while the workspace is not trusted; runs it once trust is granted', async () => {
		let trusted = false;
		const ran: string[] = [];
		let refusals = 0;
		const command = whenTrusted(
			async (file: string) => {
				ran.push(file);
				return `uploaded ${file}`;
			},
			{ isTrusted: () => trusted, refuse: () => refusals++ },
		);
		assert.equal(await command('a.jsonl'), undefined);
		assert.deepEqual([ran, refusals], [[], 1]);
		trusted = true;
		assert.equal(await command('b.jsonl'), 'uploaded b.jsonl');
		assert.deepEqual([ran, refusals], [['b.jsonl'], 1]);
	});
});
