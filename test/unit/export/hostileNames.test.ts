import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { exportJobs } from '../../../src/export/exportJobs';
import { FolderNames, safeName } from '../../../src/export/names';
import { parseRecreateSpec } from '../../../src/export/recreate';
import { createOpenAIClient } from '../../../src/openai/client';
import { FilesService } from '../../../src/openai/files';
import { JobsService } from '../../../src/openai/jobs';
import { chatDataset, TEST_API_KEY, useEmulator } from '../openai/emulatorHarness';
import { filesBelow } from './exportFixture';

const LONG = 'x'.repeat(300);
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202e]/;

/** How the SDK writes a path parameter into the URL. */
function inPath(value: string): string {
	return value.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@]+/g, encodeURIComponent);
}

/** JSON's escaping of `value`, without the quotes: how it appears inside a response body. */
function inJson(value: string): string {
	return JSON.stringify(value).slice(1, -1);
}

/**
 * A fetch between the SDK and the emulator that shows each real job id as a hostile one in every
 * response, and maps it back in request URLs: a server whose job ids try to escape the folder.
 */
function disguisingFetch(disguises: ReadonlyMap<string, string>): typeof fetch {
	return async (input, init) => {
		let url = input instanceof Request ? input.url : String(input);
		for (const [real, hostile] of disguises) {
			url = url.replaceAll(inPath(hostile), real);
		}
		const response = await fetch(url, init);
		if (!response.headers.get('content-type')?.startsWith('application/json')) {
			return response;
		}
		let text = await response.text();
		for (const [real, hostile] of disguises) {
			text = text.replaceAll(inJson(real), inJson(hostile));
		}
		const headers = new Headers(response.headers);
		headers.delete('content-length');
		return new Response(text, { status: response.status, headers });
	};
}

describe('export names', () => {
	it('keeps safe names as they are, and makes any other a single harmless component', () => {
		assert.equal(safeName('ftjob-abc123XYZ'), 'ftjob-abc123XYZ');
		assert.equal(safeName('step_metrics.csv'), 'step_metrics.csv');
		assert.equal(safeName('datos en español.jsonl'), 'datos en español.jsonl');
		for (const hostile of ['../x', 'a/b', 'a\\b', '..', '.', '', 'nul\u0000byte', '/etc/passwd', 'C:\\evil', '.bashrc', 'CON', 'con.jsonl', 'trailing. ', '\u001b[31mred\u202e.jsonl', LONG, `${LONG}.jsonl`, '😀'.repeat(100)]) {
			const name = safeName(hostile);
			assert.notEqual(name, hostile, JSON.stringify(hostile));
			assert.doesNotMatch(name, /[/\\:]/, name);
			assert.doesNotMatch(name, CONTROLS, name);
			assert.ok(!name.startsWith('.') && name !== '' && !/[. ]$/.test(name), name);
			assert.doesNotMatch(name, /^(con|nul)(\.|$)/i, name);
			assert.ok(Buffer.byteLength(name) <= 120, `${Buffer.byteLength(name)} bytes`);
			assert.equal(path.basename(name), name);
		}
		assert.match(safeName(`${LONG}.jsonl`), /^x+-[0-9a-f]{8}\.jsonl$/, 'a long name keeps its extension');
		assert.notEqual(safeName('a/b'), safeName('a:b'), 'different unsafe names stay different');
		assert.notEqual(safeName('a/b'), 'a_b', 'and differ from the safe name they resemble');
	});

	it('gives names that differ only in case, or that clean up the same, different folders', () => {
		const names = new FolderNames();
		const upper = names.claim('file-1', 'Data.jsonl');
		const lower = names.claim('file-2', 'data.jsonl');
		assert.equal(upper, 'Data.jsonl');
		assert.notEqual(lower.toLowerCase(), upper.toLowerCase());
		assert.equal(names.claim('file-2', 'data.jsonl'), lower, 'the same key gets the same name');
	});
});

describe('export with hostile names from the server (emulator)', () => {
	const fixture = useEmulator();

	it('writes nothing outside the export folder, whatever the job ids and file names', async () => {
		const { emulator } = fixture();
		const hostileFiles = ['../../../outside.jsonl', '/etc/passwd', '\u001b[31mred\u202e.jsonl', 'CON.jsonl', '..', `${LONG}.jsonl`, 'job.json'];
		const hostileIds = ['../../escaped', 'a/b\u0000c', LONG, 'CON', 'Dup', 'dup', '.hidden'];
		const jobs = new JobsService(fixture().client);
		const disguises = new Map<string, string>();
		const contents = new Map<string, string>();
		for (const [index, filename] of hostileFiles.entries()) {
			const content = chatDataset(10 + index);
			const file = await emulator.addFile(filename, 'fine-tune', content);
			contents.set(filename, content);
			const job = await jobs.create({ method: 'supervised', model: 'gpt-4o-mini-2024-07-18', trainingFile: file.id });
			disguises.set(job.id, hostileIds[index] as string);
		}
		emulator.advance(60_000);
		const parent = await mkdtemp(path.join(fixture().scratchDir, 'hostile-'));
		const outDir = path.join(parent, 'out');
		const client = createOpenAIClient({ apiKey: TEST_API_KEY, baseURL: emulator.baseURL }).withOptions({ fetch: disguisingFetch(disguises) });

		const summary = await exportJobs({ jobs: new JobsService(client), files: new FilesService(client) }, { outDir });

		assert.deepEqual(summary.failures, []);
		assert.equal(summary.jobsComplete, hostileIds.length);
		assert.deepEqual(await readdir(parent), ['out'], 'nothing beside the export folder');
		const folders = await readdir(outDir);
		assert.equal(folders.length, hostileIds.length);
		assert.equal(new Set(folders.map((folder) => folder.toLowerCase())).size, folders.length, 'no two folders differ only in case');
		for (const folder of folders) {
			assert.doesNotMatch(folder, CONTROLS);
			assert.ok(!folder.startsWith('.'), folder);
			const job = JSON.parse(await readFile(path.join(outDir, folder, 'job.json'), 'utf8')) as { id: string };
			assert.ok(hostileIds.includes(job.id), 'the job object keeps the id the server gave');
			const spec = parseRecreateSpec(await readFile(path.join(outDir, folder, 'recreate.json'), 'utf8'));
			const training = spec.trainingFile.path as string;
			assert.match(training, /^training\/[^/]+$/);
			assert.equal(await readFile(path.join(outDir, folder, training), 'utf8'), contents.get(spec.trainingFile.filename as string));
		}
		for (const file of await filesBelow(parent)) {
			assert.ok(file.startsWith('out/'), file);
			assert.doesNotMatch(file, CONTROLS, file);
		}
	});
});
