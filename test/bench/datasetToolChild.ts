// Runs one dataset tool on one file in a fresh process, so that its peak memory is the tool's alone;
// prints JSON. Usage: datasetToolChild.js convert|dedupe|split INPUT OUTPUT [OUTPUT2]
import { convertFile } from '../../src/dataset/convert/convertFile';
import { dedupeFile } from '../../src/dataset/fileTools';
import { splitFile } from '../../src/jobs/split';
import { withSafeWrites, type SafeWriter } from '../../src/safeWrite';

async function main(): Promise<void> {
	const [tool, input, output, secondOutput] = process.argv.slice(2) as [string, string, string, string | undefined];
	const started = performance.now();
	let examples: number;
	if (tool === 'convert') {
		const { result } = await withSafeWrites([output], { whenExists: 'fail' }, (writers) => convertFile(input, { from: 'auto', to: 'trl-sft' }, writers[0] as SafeWriter));
		examples = result.converted;
	} else if (tool === 'dedupe') {
		examples = (await dedupeFile(input, output, { whenExists: 'fail' })).examples;
	} else {
		const result = await splitFile(input, 10, { whenExists: 'fail', targets: { trainingPath: output, validationPath: secondOutput as string } });
		examples = result.trainingCount + result.validationCount;
	}
	const seconds = (performance.now() - started) / 1000;
	process.stdout.write(JSON.stringify({ seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, examples }));
}

void main();
