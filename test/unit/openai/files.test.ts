import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { linesOf } from '../../../src/chat/systemMessages';
import { ApiError } from '../../../src/openai/errors';
import { FilesService, MAX_PART_SIZE_BYTES, type FilesServiceOptions } from '../../../src/openai/files';
import { chatDataset, largeChatDataset, useEmulator, writeScratchFile, type EmulatorFixture } from './emulatorHarness';

const MIB = 1024 * 1024;
// Small sizes so the Uploads API path runs on a 3 MB file in four parts.
const MULTIPART: FilesServiceOptions = { multipartThresholdBytes: MIB, partSizeBytes: MIB, partConcurrency: 3, attempts: 3, retryBaseDelayMs: 10 };

function partRequests(fixture: EmulatorFixture) {
	return fixture.emulator.requests.filter((request) => request.method === 'POST' && /\/uploads\/[^/]+\/parts$/.test(request.path));
}

describe('openai FilesService (emulator)', () => {
	const fixture = useEmulator();
	let largeFile: string;
	let largeBytes: Buffer;

	before(async () => {
		largeFile = await writeScratchFile(fixture(), 'large.jsonl', largeChatDataset(3 * MIB + 12_345));
		largeBytes = await readFile(largeFile);
	});

	it('uploads a small file through the Files API with progress, then lists, reads and deletes it', async () => {
		const { client } = fixture();
		const filePath = await writeScratchFile(fixture(), 'small.jsonl', chatDataset());
		const expected = await readFile(filePath);
		const progress: [number, number][] = [];
		const files = new FilesService(client);

		const file = await files.upload(filePath, { onProgress: (sent, total) => progress.push([sent, total]) });

		assert.equal(file.filename, 'small.jsonl');
		assert.equal(file.purpose, 'fine-tune');
		assert.equal(file.bytes, expected.length);
		assert.deepEqual(progress.at(-1), [expected.length, expected.length]);
		assert.ok(progress.every(([sent], i) => i === 0 || sent >= (progress[i - 1]?.[0] ?? 0)), 'progress never goes back without a retry');
		assert.equal(fixture().emulator.requests.some((request) => request.path.endsWith('/uploads')), false, 'small files do not use the Uploads API');

		assert.ok((await files.list({ purpose: 'fine-tune' })).some((listed) => listed.id === file.id));
		assert.equal((await files.retrieve(file.id)).id, file.id);
		assert.deepEqual(await files.readContent(file.id), expected);

		const downloaded = path.join(fixture().scratchDir, 'downloaded.jsonl');
		assert.deepEqual(await files.download(file.id, downloaded, 'fail'), { path: downloaded, bytes: expected.length });
		assert.deepEqual(await readFile(downloaded), expected);
		const received: number[] = [];
		const counted = path.join(fixture().scratchDir, 'counted.jsonl');
		await files.download(file.id, counted, 'fail', undefined, { expectedBytes: expected.length, onProgress: (bytes) => received.push(bytes) });
		assert.equal(received.at(-1), expected.length);
		await assert.rejects(
			files.download(file.id, path.join(fixture().scratchDir, 'short.jsonl'), 'fail', undefined, { expectedBytes: expected.length + 1 }),
			(error) => ApiError.is(error, 'network') && /broke off after \d+ of \d+ bytes/.test(error.message),
			'a body of another length than the file object says is not kept',
		);
		assert.equal(existsSync(path.join(fixture().scratchDir, 'short.jsonl')), false);

		assert.equal((await files.delete(file.id)).deleted, true);
		await assert.rejects(files.retrieve(file.id), (error) => ApiError.is(error, 'not-found'));
	});

	it('uploads a large file through the Uploads API in parts, completed in file order though they finish out of order', async () => {
		const { client, emulator } = fixture();
		// The first part to arrive answers last, so parts finish out of order.
		emulator.addFault({ route: '/v1/uploads/{id}/parts', kind: 'delay', delayMs: 400, times: 1 });
		const progress: number[] = [];
		const before = emulator.requests.length;
		// Record the order the parts finish in; the SDK call itself is untouched.
		const finished: string[] = [];
		const createPart = client.uploads.parts.create.bind(client.uploads.parts);
		const spied = client.withOptions({});
		spied.uploads.parts.create = (...args: Parameters<typeof createPart>) => createPart(...args).then((part) => (finished.push(part.id), part)) as ReturnType<typeof createPart>;

		const file = await new FilesService(spied, MULTIPART).upload(largeFile, { onProgress: (sent) => progress.push(sent) });

		assert.equal(file.bytes, largeBytes.length);
		assert.equal(progress.at(-1), largeBytes.length);
		const requests = emulator.requests.slice(before);
		const create = requests.find((request) => request.method === 'POST' && /\/uploads$/.test(request.path));
		assert.deepEqual({ ...(create?.body as object), mime_type: undefined }, { bytes: largeBytes.length, filename: 'large.jsonl', purpose: 'fine-tune', mime_type: undefined });
		const complete = requests.find((request) => /\/complete$/.test(request.path));
		const completeBody = complete?.body as { part_ids: string[]; md5: string };
		assert.equal(completeBody.part_ids.length, 4);
		assert.deepEqual([...finished].sort(), [...completeBody.part_ids].sort());
		assert.notDeepEqual(finished, completeBody.part_ids, 'the parts finished out of file order');
		assert.match(completeBody.md5, /^[0-9a-f]{32}$/);
		assert.deepEqual(await new FilesService(client).readContent(file.id), largeBytes);
	});

	it('streams a file\'s content as it arrives, and a reader may stop early', async () => {
		const { client } = fixture();
		const files = new FilesService(client);
		const file = await new FilesService(client, MULTIPART).upload(largeFile);
		const chunks: Buffer[] = [];
		for await (const chunk of files.contentChunks(file.id)) {
			chunks.push(Buffer.from(chunk));
		}
		assert.deepEqual(Buffer.concat(chunks), largeBytes);
		// The chat reads only the head of a training file for its system prompt.
		const firstLine = largeBytes.subarray(0, largeBytes.indexOf(10)).toString('utf8');
		let lines = 0;
		for await (const line of linesOf(files.contentChunks(file.id), 64 * 1024)) {
			assert.ok(lines > 0 || line === firstLine);
			lines++;
		}
		assert.ok(lines > 0 && lines < 1000, `read ${lines} lines of the head only`);
		await assert.rejects(files.contentChunks('file-missing').next(), (error) => ApiError.is(error, 'not-found'));
	});

	it('retries a Files API upload that fails with a 500', async () => {
		const { client, emulator } = fixture();
		const filePath = await writeScratchFile(fixture(), 'retried.jsonl', chatDataset());
		const tries = () => emulator.requests.filter((request) => request.method === 'POST' && request.path === '/v1/files').length;
		const before = tries();
		emulator.addFault({ route: 'POST /v1/files', kind: 'status-500' });

		const file = await new FilesService(client, MULTIPART).upload(filePath);

		assert.equal(tries() - before, 2);
		assert.deepEqual(await new FilesService(client).readContent(file.id), await readFile(filePath));
	});

	for (const kind of ['status-500', 'drop-connection'] as const) {
		it(`retries a part that fails with ${kind} and still assembles the right bytes`, async () => {
			const { client, emulator } = fixture();
			const partsBefore = partRequests(fixture()).length;
			emulator.addFault({ route: '/v1/uploads/{id}/parts', kind, times: 1 });
			const warnings: string[] = [];
			const logger = { info: () => undefined, warn: (line: string) => warnings.push(line), error: () => undefined };

			const file = await new FilesService(client, { ...MULTIPART, logger }).upload(largeFile);

			assert.equal(partRequests(fixture()).length - partsBefore, 5, 'four parts and one retry');
			assert.equal(warnings.length, 1, warnings.join('\n'));
			assert.deepEqual(await new FilesService(client).readContent(file.id), largeBytes);
		});
	}

	it('stops a multipart upload when cancelled and cancels it on the server', async () => {
		const { client, emulator } = fixture();
		// Hold the first parts so the abort lands while they are in flight.
		emulator.addFault({ route: '/v1/uploads/{id}/parts', kind: 'delay', delayMs: 3_000, times: 3 });
		const controller = new AbortController();
		const started = Date.now();
		const before = emulator.requests.length;

		await assert.rejects(
			new FilesService(client, MULTIPART).upload(largeFile, { signal: controller.signal, onProgress: (sent) => (sent > 0 ? controller.abort() : undefined) }),
			(error) => ApiError.is(error, 'cancelled'),
		);

		assert.ok(Date.now() - started < 2_500, 'the held parts were abandoned, not waited for');
		assert.ok(emulator.requests.some((request) => request.method === 'POST' && /\/uploads\/[^/]+\/cancel$/.test(request.path)), 'the upload was cancelled server-side');
		assert.equal(emulator.requests.slice(before).some((request) => /\/complete$/.test(request.path)), false, 'never completed');
	});

	it('reports a missing file without calling the API', async () => {
		await assert.rejects(new FilesService(fixture().client).upload(path.join(fixture().scratchDir, 'missing.jsonl')), (error) => ApiError.is(error, 'invalid-request') && /ENOENT/.test(error.message));
	});

	it('refuses parts larger than OpenAI allows', () => {
		assert.throws(() => new FilesService(fixture().client, { partSizeBytes: MAX_PART_SIZE_BYTES + 1 }), RangeError);
	});
});
