import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { NotFoundError, BadRequestError } from 'openai';
import { supportChatDataset, useEmulator } from './helpers';

describe('emulator: files', () => {
	const context = useEmulator();

	it('round-trips a file: create from a stream, retrieve, download, delete', async () => {
		const { client, writeFile } = context();
		const content = supportChatDataset(10);
		const created = await client.files.create({ file: fs.createReadStream(writeFile('train.jsonl', content)), purpose: 'fine-tune' });
		assert.match(created.id, /^file-/);
		assert.equal(created.bytes, Buffer.byteLength(content));
		assert.equal(created.filename, 'train.jsonl');
		assert.equal(created.purpose, 'fine-tune');

		assert.deepEqual(await client.files.retrieve(created.id), created);
		const downloaded = await client.files.content(created.id);
		assert.equal(await downloaded.text(), content);

		assert.deepEqual(await client.files.delete(created.id), { id: created.id, object: 'file', deleted: true });
		await assert.rejects(client.files.retrieve(created.id), (error: unknown) => {
			assert.ok(error instanceof NotFoundError);
			assert.deepEqual(error.error, { message: `No such File object: ${created.id}`, type: 'invalid_request_error', param: 'id', code: null });
			return true;
		});
	});

	it('lists with purpose, order, limit and after, and auto-paginates', async () => {
		const { client, writeFile } = context();
		const ids: string[] = [];
		for (let i = 0; i < 5; i++) {
			ids.push((await client.files.create({ file: fs.createReadStream(writeFile(`list-${i}.jsonl`, supportChatDataset(10))), purpose: 'fine-tune' })).id);
		}
		await client.files.create({ file: fs.createReadStream(writeFile('notes.txt', 'not for fine-tuning')), purpose: 'assistants' });

		const newestFirst = await client.files.list({ purpose: 'fine-tune', limit: 2 });
		assert.deepEqual(newestFirst.data.map((f) => f.id), [ids[4], ids[3]]);
		assert.equal(newestFirst.has_more, true);

		const oldestFirst = await client.files.list({ purpose: 'fine-tune', order: 'asc', limit: 2, after: ids[0] });
		assert.deepEqual(oldestFirst.data.map((f) => f.id), [ids[1], ids[2]]);

		const all: string[] = [];
		for await (const file of client.files.list({ purpose: 'fine-tune', limit: 2 })) {
			all.push(file.id);
		}
		assert.deepEqual(all, [...ids].reverse());
	});

	it('refuses a fine-tune file that is not .jsonl', async () => {
		const { client, writeFile } = context();
		await assert.rejects(client.files.create({ file: fs.createReadStream(writeFile('train.csv', 'a,b')), purpose: 'fine-tune' }), BadRequestError);
	});
});
