// The emulator for the export benchmark, in a process of its own so that the exporter's peak RSS is
// its own. It stores JOBS generated training files of FILE_BYTES each without uploading them
// (registered straight into its store), creates a job on each, runs the jobs to success on its
// manual clock, then prints one JSON line: the base URL and the files' ids and sizes.
// Each line is a small chat example padded with JSON whitespace to LINE_BYTES: valid JSONL that the
// emulator's validation parses quickly, so a gigabyte is set up in seconds; the exporter never reads
// the bytes, so their shape does not change what is measured.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { createOpenAIClient } from '../../src/openai/client';
import { startEmulator } from '../fixtures/openai-emulator';

const LINE_BYTES = 64 * 1024;

function writePaddedDataset(file: string, bytes: number, seed: number): void {
	const padding = Buffer.alloc(LINE_BYTES, ' ');
	const fd = openSync(file, 'w');
	try {
		for (let written = 0, line = 0; written < bytes; line++) {
			const example = Buffer.from(JSON.stringify({ messages: [{ role: 'user', content: `File ${seed}, question ${line}?` }, { role: 'assistant', content: `Answer ${line}.` }] }));
			const pad = Math.max(0, Math.min(LINE_BYTES, bytes - written) - example.length - 1);
			writeSync(fd, example);
			writeSync(fd, padding, 0, pad);
			writeSync(fd, '\n');
			written += example.length + pad + 1;
		}
		// On disk before the measuring starts, so that no write-back of the setup slows the first download.
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
}

async function main(): Promise<void> {
	const [dataDir, jobsArg, fileBytesArg] = process.argv.slice(2);
	const jobs = Number(jobsArg);
	const fileBytes = Number(fileBytesArg);
	if (!dataDir || !(jobs > 0) || !(fileBytes > 0)) {
		throw new Error('usage: exportEmulatorChild DATA_DIR JOBS FILE_BYTES');
	}
	const emulator = await startEmulator({ clock: 'manual', dataDir });
	const client = createOpenAIClient({ apiKey: 'sk-bench-export', baseURL: emulator.baseURL });
	const files: { id: string; bytes: number }[] = [];
	for (let index = 0; index < jobs; index++) {
		const file = await emulator.addFile(`train-${index}.jsonl`, 'fine-tune', (path) => writePaddedDataset(path, fileBytes, index));
		await client.fineTuning.jobs.create({ model: 'gpt-4o-mini-2024-07-18', training_file: file.id, method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 1 } } } });
		files.push({ id: file.id, bytes: file.bytes });
	}
	emulator.advance(60_000);
	console.log(JSON.stringify({ baseURL: emulator.baseURL, files }));
	process.once('SIGTERM', () => void emulator.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
