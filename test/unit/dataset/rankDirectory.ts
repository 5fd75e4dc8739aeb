import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { setRankDirectory } from '../../../src/dataset/tokens';
import { PROJECT_ROOT } from '../../host/paths';

/** Unit tests run from tsc's `out/`, where no build step has written rank files; they get their own here. */
const TEST_RANK_DIRECTORY = path.join(PROJECT_ROOT, 'out', 'tokenizer');

let written = false;

/** Points `getTokenizer` at rank files written from the `tiktoken` devDependency, once per test run. */
export function useTestRanks(): void {
	if (!written) {
		// rankFiles.js is plain CommonJS beside the sources; tsc neither compiles nor copies it to out/.
		const load = createRequire(__filename);
		const { writeRankFiles } = load(path.join(PROJECT_ROOT, 'src', 'dataset', 'tokenizer', 'rankFiles.js')) as { writeRankFiles(outDir: string): void };
		fs.mkdirSync(TEST_RANK_DIRECTORY, { recursive: true });
		writeRankFiles(TEST_RANK_DIRECTORY);
		written = true;
	}
	setRankDirectory(TEST_RANK_DIRECTORY);
}
