// Upload throughput and memory: a generated 1 GB dataset through FilesService (the Uploads API in
// parts) to the emulator on loopback. The emulator runs in a child process so that the peak RSS
// printed is the uploader's alone; it must stay far below the file size.
// Run with `node out/test/bench/upload.bench.js` after `npm run compile`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createOpenAIClient } from '../../src/openai/client';
import { FilesService } from '../../src/openai/files';
import { CACHE_ROOT } from '../host/paths';
import { writeChatDataset } from './datasetGenerator';
import { startEmulatorProcess } from './emulatorProcess';

const FILE_BYTES = 1024 * 1024 * 1024;

function megabytes(bytes: number): number {
	return bytes / 1024 / 1024;
}

async function main(): Promise<void> {
	const dir = path.join(CACHE_ROOT, 'bench');
	const file = path.join(dir, 'upload-1gb.jsonl');
	const dataDir = path.join(dir, 'upload-emulator');
	fs.mkdirSync(dataDir, { recursive: true });
	const emulator = await startEmulatorProcess(path.join(__dirname, '..', 'fixtures', 'openai-emulator', 'main.js'), ['--port', '0', '--data-dir', dataDir, '--quiet']);
	try {
		const started = performance.now();
		await writeChatDataset(file, FILE_BYTES);
		const size = fs.statSync(file).size;
		console.log(`generated ${megabytes(size).toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`);

		const files = new FilesService(createOpenAIClient({ apiKey: 'sk-bench-upload', baseURL: emulator.firstLine }));
		const rssBefore = process.resourceUsage().maxRSS;
		let progressCalls = 0;
		const uploadStarted = performance.now();
		const uploaded = await files.upload(file, { onProgress: () => progressCalls++ });
		const seconds = (performance.now() - uploadStarted) / 1000;
		if (uploaded.bytes !== size) {
			throw new Error(`the emulator stored ${uploaded.bytes} bytes of ${size}`);
		}
		const peakRssMb = process.resourceUsage().maxRSS / 1024;
		console.log(`uploaded ${megabytes(size).toFixed(0)} MB as ${uploaded.id} in ${Math.ceil(size / (32 * 1024 * 1024))} parts: ${seconds.toFixed(1)} s, ${(megabytes(size) / seconds).toFixed(0)} MB/s`);
		console.log(`peak RSS of the uploading process: ${peakRssMb.toFixed(0)} MB (${(rssBefore / 1024).toFixed(0)} MB before the upload); ${progressCalls} progress reports`);
		if (peakRssMb > megabytes(size) / 4) {
			throw new Error(`peak RSS ${peakRssMb.toFixed(0)} MB is not far below the file size`);
		}
	} finally {
		await emulator.stop();
		// A gigabyte of dataset and as much again of stored parts and assembled file.
		fs.rmSync(file, { force: true });
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
