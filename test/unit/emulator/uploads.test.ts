import * as assert from 'node:assert/strict';
import { BadRequestError, toFile } from 'openai';
import { useEmulator } from './helpers';

describe('emulator: uploads', () => {
	const context = useEmulator();
	const text = Array.from({ length: 30 }, (_, i) => JSON.stringify({ messages: [{ role: 'user', content: `q${i}` }, { role: 'assistant', content: `a${i}` }] })).join('\n') + '\n';
	const bytes = Buffer.from(text);
	const thirds = [bytes.subarray(0, 400), bytes.subarray(400, 900), bytes.subarray(900)];

	it('assembles the parts in the order part_ids gives, whatever order they arrived in', async () => {
		const { client } = context();
		const upload = await client.uploads.create({ filename: 'big.jsonl', purpose: 'fine-tune', bytes: bytes.length, mime_type: 'text/jsonl' });
		assert.equal(upload.status, 'pending');
		assert.equal(upload.expires_at - upload.created_at, 3600);

		// Parts are sent last-first, as parallel uploads may finish.
		const last = await client.uploads.parts.create(upload.id, { data: await toFile(thirds[2], 'part') });
		const first = await client.uploads.parts.create(upload.id, { data: await toFile(thirds[0], 'part') });
		const middle = await client.uploads.parts.create(upload.id, { data: await toFile(thirds[1], 'part') });
		assert.equal(first.object, 'upload.part');
		assert.equal(first.upload_id, upload.id);

		const completed = await client.uploads.complete(upload.id, { part_ids: [first.id, middle.id, last.id] });
		assert.equal(completed.status, 'completed');
		assert.ok(completed.file);
		assert.equal(completed.file.bytes, bytes.length);
		assert.equal(completed.file.filename, 'big.jsonl');
		assert.equal(await (await client.files.content(completed.file.id)).text(), text);

		await assert.rejects(client.uploads.parts.create(upload.id, { data: await toFile(thirds[0], 'part') }), BadRequestError);
	});

	it('refuses to complete when the parts do not add up to the declared bytes', async () => {
		const { client } = context();
		const upload = await client.uploads.create({ filename: 'short.jsonl', purpose: 'fine-tune', bytes: bytes.length, mime_type: 'text/jsonl' });
		const only = await client.uploads.parts.create(upload.id, { data: await toFile(thirds[0], 'part') });
		await assert.rejects(client.uploads.complete(upload.id, { part_ids: [only.id] }), (error: unknown) => {
			assert.ok(error instanceof BadRequestError);
			assert.match(error.message, /does not match the number of bytes specified/);
			return true;
		});
	});

	it('cancels an upload', async () => {
		const { client } = context();
		const upload = await client.uploads.create({ filename: 'gone.jsonl', purpose: 'fine-tune', bytes: 10, mime_type: 'text/jsonl' });
		const cancelled = await client.uploads.cancel(upload.id);
		assert.equal(cancelled.status, 'cancelled');
		assert.equal(cancelled.file, null);
	});

	it('survives a connection dropped in the middle of a part: the SDK retries and the part is stored once', async () => {
		const { client, emulator } = context();
		const upload = await client.uploads.create({ filename: 'flaky.jsonl', purpose: 'fine-tune', bytes: bytes.length, mime_type: 'text/jsonl' });
		emulator.addFault({ route: 'POST /v1/uploads/{upload_id}/parts', kind: 'drop-connection' });
		const before = emulator.requests.length;
		const part = await client.uploads.parts.create(upload.id, { data: await toFile(bytes, 'part') });
		assert.equal(emulator.requests.slice(before).filter((r) => r.path.endsWith('/parts')).length, 2);
		const completed = await client.uploads.complete(upload.id, { part_ids: [part.id] });
		assert.equal(completed.file?.bytes, bytes.length);
	});
});
