// Export throughput and memory: 50 jobs with 1 GB of training files in all, exported from the
// emulator on loopback, against a plain download of the same bytes to disk (the loopback's speed).
// The emulator runs in a child process, so the peak RSS printed is the exporter's alone.
// EXPORT_BENCH_MB scales the total down for a quick run (default 1024).
// Run with `node out/test/bench/export.bench.js` after `npm run compile`.
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { exportJobs } from '../../src/export/exportJobs';
import { createOpenAIClient } from '../../src/openai/client';
import { FilesService } from '../../src/openai/files';
import { JobsService } from '../../src/openai/jobs';
import { CACHE_ROOT } from '../host/paths';
import { startEmulatorProcess } from './emulatorProcess';

const JOBS = 50;
const TOTAL_MB = Number(process.env['EXPORT_BENCH_MB'] ?? 1024);
// The exporter's default (jobs worked on at once); the plain download gets as many downloads at once.
const CONCURRENCY = 3;
const API_KEY = 'sk-bench-export';

function megabytes(bytes: number): number {
	return bytes / 1024 / 1024;
}

/**
 * The same files fetched and written to disk with no SDK and no checks: what loopback and the disk
 * allow. With `flush`, each file is flushed to disk before it counts as done, as the safe writer does.
 */
async function plainDownload(baseURL: string, fileIds: readonly string[], dir: string, flush: boolean): Promise<void> {
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < fileIds.length) {
			const fileId = fileIds[next++] as string;
			const response = await fetch(`${baseURL}/files/${fileId}/content`, { headers: { authorization: `Bearer ${API_KEY}` } });
			if (!response.ok || !response.body) {
				throw new Error(`GET ${fileId}: ${response.status}`);
			}
			await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), createWriteStream(path.join(dir, fileId), { flush }));
		}
	};
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function main(): Promise<void> {
	const dir = path.join(CACHE_ROOT, 'bench', 'export');
	await rm(dir, { recursive: true, force: true });
	const dataDir = path.join(dir, 'emulator');
	const outDir = path.join(dir, 'out');
	const plainDir = path.join(dir, 'plain');
	await mkdir(plainDir, { recursive: true });
	const fileBytes = Math.floor((TOTAL_MB * 1024 * 1024) / JOBS);
	let started = performance.now();
	const emulator = await startEmulatorProcess(path.join(__dirname, 'exportEmulatorChild.js'), [dataDir, String(JOBS), String(fileBytes)]);
	try {
		const { baseURL, files } = JSON.parse(emulator.firstLine) as { baseURL: string; files: { id: string; bytes: number }[] };
		const totalBytes = files.reduce((sum, file) => sum + file.bytes, 0);
		console.log(`Export: ${JOBS} finished jobs, ${megabytes(totalBytes).toFixed(0)} MB of training files, set up in ${((performance.now() - started) / 1000).toFixed(1)} s`);

		const client = createOpenAIClient({ apiKey: API_KEY, baseURL });
		const services = { jobs: new JobsService(client), files: new FilesService(client) };
		const rssBefore = process.resourceUsage().maxRSS / 1024;
		started = performance.now();
		const summary = await exportJobs(services, { outDir, concurrency: CONCURRENCY });
		const exportSeconds = (performance.now() - started) / 1000;
		const peakRssMb = process.resourceUsage().maxRSS / 1024;
		if (summary.failures.length > 0 || summary.jobsComplete !== JOBS) {
			throw new Error(`the export failed: ${JSON.stringify(summary.failures.slice(0, 5))}`);
		}
		// Every result CSV too, besides the training files.
		const exportedMb = megabytes(summary.bytesDownloaded);
		console.log(`  exported ${summary.downloaded} files, ${exportedMb.toFixed(0)} MB, with every job's events and checkpoints: ${exportSeconds.toFixed(1)} s, ${(exportedMb / exportSeconds).toFixed(0)} MB/s`);
		console.log(`  peak RSS of the exporting process: ${peakRssMb.toFixed(0)} MB (${rssBefore.toFixed(0)} MB before; target < 300 MB)`);

		started = performance.now();
		const again = await exportJobs(services, { outDir, concurrency: CONCURRENCY });
		console.log(`  a second run over the same folder: ${((performance.now() - started) / 1000).toFixed(1)} s, ${again.downloaded} files downloaded, ${again.skipped} skipped`);

		const exportSpeed = exportedMb / exportSeconds;
		for (const flush of [false, true]) {
			await rm(plainDir, { recursive: true, force: true });
			await mkdir(plainDir, { recursive: true });
			started = performance.now();
			await plainDownload(baseURL, files.map((file) => file.id), plainDir, flush);
			const plainSeconds = (performance.now() - started) / 1000;
			const plainSpeed = megabytes(totalBytes) / plainSeconds;
			console.log(
				`  plain download of the same training files (fetch to disk, ${CONCURRENCY} at a time, ${flush ? 'each file flushed to disk' : 'no flush'}): ${plainSeconds.toFixed(1)} s, ${plainSpeed.toFixed(0)} MB/s; the export reaches ${((exportSpeed / plainSpeed) * 100).toFixed(0)}% of it`,
			);
		}
		if (peakRssMb >= 300) {
			throw new Error(`peak RSS ${peakRssMb.toFixed(0)} MB is over the 300 MB target`);
		}
		if (again.downloaded !== 0) {
			throw new Error('the second run downloaded again');
		}
	} finally {
		await emulator.stop();
		await rm(dir, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
