import * as assert from 'node:assert/strict';
import { open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contributes';
import { diagnosticsWhen, lineCodes } from './diagnostics';
import { keyboard, screenshot } from './harness';
import { answerNextModal } from './modalAnswer';
import { pressNotificationButton, showsNotification } from './notifications';
import { waitFor } from './waitFor';
import { workspaceFile } from './workspace';

const SOURCE = 'alpaca-recipes.jsonl';
const OUTPUT = 'alpaca-recipes.chat.jsonl';
const SAMPLE = 'alpaca-recipes.chat.sample.jsonl';
const SHUFFLED = 'alpaca-recipes.chat.shuffled.jsonl';
const SHUFFLED_AGAIN = 'alpaca-recipes.chat.shuffled-1.jsonl';
const REPLIES = 'support-replies.jsonl';
const DEDUPED = 'support-replies.dedupe.jsonl';
const DEDUPED_NEAR = 'support-replies.dedupe-1.jsonl';
/** Large enough that converting it takes seconds, so that it can be cancelled halfway. */
const LARGE = 'completions-large.jsonl';
const LARGE_BYTES = 100 * 1024 * 1024;

const RECORDS = [
	{ instruction: 'Suggest a side dish for grilled salmon.', input: '', output: 'Roasted asparagus with lemon zest.' },
	{ instruction: 'Scale this recipe to 6 servings.', input: '2 eggs, 100 g flour (serves 2)', output: '6 eggs, 300 g flour.' },
];

const chat = (user: string, assistant?: string): string => JSON.stringify({ messages: [{ role: 'user', content: user }, ...(assistant === undefined ? [] : [{ role: 'assistant', content: assistant }])] });

/** Support replies with exact duplicates (lines 3 and 5), a near one (line 4: case and white space) and a reply missing (line 6). */
const REPLY_LINES = {
	password: chat('How do I reset my password?', 'Open Settings, then Security, and choose Reset Password.'),
	invoice: chat('Where is my invoice?', 'Invoices are under Billing, one per month.'),
	passwordAgain: chat('how do I reset  my PASSWORD?', 'Open settings, then security, and choose reset password.'),
	unanswered: chat('Can I change my username?'),
};

/** The names in the workspace folder that start like `file`'s, the hidden temporary files of its outputs included. */
async function namesBeside(file: string): Promise<string[]> {
	const stem = path.basename(file, '.jsonl');
	return (await readdir(path.dirname(workspaceFile(file).fsPath))).filter((name) => name.startsWith(stem) || name.startsWith(`.${stem}`)).sort();
}

describe('The dataset commands: Convert, Deduplicate, Sample and Shuffle Dataset… write beside the file and open the result; a cancelled conversion leaves nothing', () => {
	after(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await vscode.commands.executeCommand('notifications.clearAll');
		await Promise.all([SOURCE, OUTPUT, SAMPLE, SHUFFLED, SHUFFLED_AGAIN, REPLIES, DEDUPED, DEDUPED_NEAR, LARGE].map((name) => rm(workspaceFile(name).fsPath, { force: true })));
	});

	it('converts Alpaca records to OpenAI chat, picked by keyboard, opens the result and reports the skipped line', async () => {
		// The third line is not JSON: skipped and reported with its line number, the others converted.
		await writeFile(workspaceFile(SOURCE).fsPath, `${RECORDS.map((record) => JSON.stringify(record)).join('\n')}\n{not json\n`);
		const converted = vscode.commands.executeCommand<vscode.Uri | undefined>(COMMANDS.convertDataset, workspaceFile(SOURCE));
		await keyboard({ waitFor: '.quick-input-widget:has-text("the first record is Alpaca")' }, { waitFor: '.quick-input-list .monaco-list-row:has-text("trl-dpo")' });
		await keyboard({ type: 'chat' }, { press: 'Enter' });
		const written = await converted;
		assert.equal(written?.fsPath, workspaceFile(OUTPUT).fsPath);
		assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, workspaceFile(OUTPUT).fsPath, 'the result is open in an editor');

		const lines = (await readFile(workspaceFile(OUTPUT).fsPath, 'utf8')).trimEnd().split('\n');
		const records = lines.map((line) => JSON.parse(line) as { messages: { role: string; content: string }[] });
		assert.equal(records.length, 2);
		for (const [index, record] of records.entries()) {
			assert.deepEqual(
				record.messages.map((message) => message.role),
				['user', 'assistant'],
			);
			assert.ok(record.messages[0]?.content.includes(RECORDS[index]?.instruction ?? '-'), 'the instruction is the user turn');
			assert.equal(record.messages[1]?.content, RECORDS[index]?.output);
		}
		await showsNotification('Converted 2 of 3 records');
		await screenshot('convert-dataset');
	});

	it('samples the converted file by a count and a seed typed in, then shuffles it with the default seed, twice: Keep Both gives the second a fresh name', async () => {
		const converted = (await readFile(workspaceFile(OUTPUT).fsPath, 'utf8')).trimEnd().split('\n');
		const sampled = vscode.commands.executeCommand<vscode.Uri | undefined>(COMMANDS.sampleDataset, workspaceFile(OUTPUT));
		await keyboard({ waitFor: '.quick-input-widget:has-text("How many examples")' }, { type: '1' }, { press: 'Enter' });
		await keyboard({ waitFor: '.quick-input-widget:has-text("The same seed gives the same result")' }, { press: 'Enter' });
		assert.equal((await sampled)?.fsPath, workspaceFile(SAMPLE).fsPath);
		const sample = (await readFile(workspaceFile(SAMPLE).fsPath, 'utf8')).trimEnd().split('\n');
		assert.equal(sample.length, 1);
		assert.ok(converted.includes(sample[0] as string), 'a line of the source');

		const shuffled = vscode.commands.executeCommand<vscode.Uri | undefined>(COMMANDS.shuffleDataset, workspaceFile(OUTPUT));
		await keyboard({ waitFor: '.quick-input-widget:has-text("The same seed gives the same result")' }, { press: 'Enter' });
		assert.equal((await shuffled)?.fsPath, workspaceFile(SHUFFLED).fsPath);
		assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, workspaceFile(SHUFFLED).fsPath, 'the result is open in an editor');
		const lines = (await readFile(workspaceFile(SHUFFLED).fsPath, 'utf8')).trimEnd().split('\n');
		assert.deepEqual([...lines].sort(), [...converted].sort());

		// Its output exists now: asked, the user keeps both, and the new one gets a fresh name.
		const modal = answerNextModal('Keep Both');
		const again = vscode.commands.executeCommand<vscode.Uri | undefined>(COMMANDS.shuffleDataset, workspaceFile(OUTPUT));
		await keyboard({ waitFor: '.quick-input-widget:has-text("The same seed gives the same result")' }, { press: 'Enter' });
		assert.equal((await again)?.fsPath, workspaceFile(SHUFFLED_AGAIN).fsPath);
		assert.match((await modal.asked).message, /alpaca-recipes\.chat\.shuffled\.jsonl already exists/);
		assert.equal(await readFile(workspaceFile(SHUFFLED_AGAIN).fsPath, 'utf8'), await readFile(workspaceFile(SHUFFLED).fsPath, 'utf8'), 'the same seed, the same order');
	});

	it('deduplicates exact, then near duplicates picked by keyboard, reports the groups and opens each result linted', async () => {
		const { password, invoice, passwordAgain, unanswered } = REPLY_LINES;
		// Line 3 differs from line 1 only by white space after it: an exact duplicate, as the line of a file goes.
		await writeFile(workspaceFile(REPLIES).fsPath, `${[password, invoice, `${password}  `, passwordAgain, invoice, unanswered].join('\n')}\n`);
		const dedupe = async (kind: 'Exact' | 'Near'): Promise<vscode.Uri | undefined> => {
			const written = vscode.commands.executeCommand<vscode.Uri | undefined>(COMMANDS.dedupeDataset, workspaceFile(REPLIES));
			await keyboard({ waitFor: `.quick-input-widget:has-text("Deduplicate ${REPLIES}")` }, { waitFor: '.quick-input-list .monaco-list-row:has-text("Near duplicates")' });
			await keyboard({ type: kind }, { press: 'Enter' });
			return written;
		};

		assert.equal((await dedupe('Exact'))?.fsPath, workspaceFile(DEDUPED).fsPath);
		assert.deepEqual((await readFile(workspaceFile(DEDUPED).fsPath, 'utf8')).split('\n'), [password, invoice, passwordAgain, unanswered, '']);
		await showsNotification(`Kept 4 of 6 examples of ${REPLIES}, removing 2 duplicates in 2 groups: ${DEDUPED}`);
		assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, workspaceFile(DEDUPED).fsPath, 'the result is open in an editor');
		// Linted: the reply missing is still there, the duplicates are not.
		assert.deepEqual(lineCodes(await diagnosticsWhen(workspaceFile(DEDUPED), (found) => found.length > 0)), ['1:dataset.too-few-examples', '4:chat.nothing-to-learn']);

		// The exact output is there: Keep Both writes the near one beside it.
		const modal = answerNextModal('Keep Both');
		assert.equal((await dedupe('Near'))?.fsPath, workspaceFile(DEDUPED_NEAR).fsPath);
		assert.match((await modal.asked).message, /support-replies\.dedupe\.jsonl already exists/);
		assert.deepEqual((await readFile(workspaceFile(DEDUPED_NEAR).fsPath, 'utf8')).split('\n'), [password, invoice, unanswered, '']);
		await showsNotification(`Kept 3 of 6 examples of ${REPLIES}, removing 3 duplicates in 2 groups: ${DEDUPED_NEAR}`);
		assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, workspaceFile(DEDUPED_NEAR).fsPath, 'the result is open in an editor');
		assert.deepEqual(lineCodes(await diagnosticsWhen(workspaceFile(DEDUPED_NEAR), (found) => found.length > 0)), ['1:dataset.too-few-examples', '3:chat.nothing-to-learn']);
		await screenshot('dedupe-dataset');
	});

	it('cancels a conversion from its progress notification: no output and no temporary file are left, and it says so', async () => {
		const file = await open(workspaceFile(LARGE).fsPath, 'w');
		try {
			const block = `${Array.from({ length: 1000 }, (_, index) => JSON.stringify({ prompt: `Translate sentence ${index} into French, keeping its tone. ->`, completion: ` Phrase ${index}, en français, sur le même ton. END` })).join('\n')}\n`;
			for (let written = 0; written < LARGE_BYTES; written += Buffer.byteLength(block)) {
				await file.write(block);
			}
		} finally {
			await file.close();
		}
		const converted = vscode.commands.executeCommand<vscode.Uri | undefined>(COMMANDS.convertDataset, workspaceFile(LARGE));
		await keyboard({ waitFor: '.quick-input-widget:has-text("the first record is prompt/completion")' }, { type: 'chat' }, { press: 'Enter' });
		// Cancelled once the conversion writes, so that there is a temporary file to clean up.
		await waitFor(async () => (await namesBeside(LARGE)).some((name) => name.endsWith('.tmp')), 'the conversion to start writing', 20_000);
		await pressNotificationButton(`Converting ${LARGE}`, 'Cancel');
		assert.equal(await converted, undefined, 'nothing written');
		await showsNotification(`Conversion cancelled for ${LARGE}: nothing written.`);
		assert.deepEqual(await namesBeside(LARGE), [LARGE], 'neither the output nor its temporary file is left');
	});
});
