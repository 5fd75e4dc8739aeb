import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { version } from '../package.json';
import { lintFile, type FileLintResult } from './dataset/fileLint';
import { DEFAULT_LINT_TARGET, LINT_TARGETS, type LintTarget } from './dataset/lineLint';
import { escapeControls } from './dataset/quote';
import { summaryLines } from './dataset/summaryText';
import { SETTINGS } from './contributes';
import type { Finding } from './dataset/types';
import { formatBytes } from './byteSize';
import { exportJobs, type ExportFailure, type ExportItem, type ExportSummary } from './export/exportJobs';
import { createOpenAIClient } from './openai/client';
import { FilesService } from './openai/files';
import { JobsService } from './openai/jobs';
import * as path from 'node:path';
import { convertFile, type ConvertSummary } from './dataset/convert/convertFile';
import { CONVERSION_TARGETS, LAYOUT_NAMES, SOURCE_LAYOUTS, TARGET_NAMES, type ConversionTarget, type SourceLayout } from './dataset/convert/records';
import { dedupeFile, sampleFile, shuffleFile, type DedupeResult, type SampleSize } from './dataset/fileTools';
import { MAX_SEED, parseCount, parseFraction, parseSeed } from './dataset/toolInputs';
import { splitFile, splitPaths, TooFewExamplesError } from './jobs/split';
import { TargetExistsError, UnsafeTargetError, withSafeWrites, type SafeWriter, type WhenExists } from './safeWrite';

/** Where the command line writes; the real process streams in use, strings in tests. */
export interface CliOutput {
	out(text: string): void;
	err(text: string): void;
	/** True when `err` is a terminal, which may then show a live progress line. */
	readonly errIsTerminal?: boolean;
}

/** What the command line takes from its process besides the arguments. */
export interface CliContext {
	/** `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `OPENAI_ORG_ID` and `OPENAI_PROJECT_ID` are read from it. */
	readonly env?: NodeJS.ProcessEnv;
	/** Aborted on Ctrl-C: an export stops, leaving no partial files. */
	readonly signal?: AbortSignal;
}

/**
 * Exit codes: 0 success; 1 errors found in a dataset (`lint`), something not exported (`export`),
 * records that could not be converted (`convert`) or too few distinct examples to split (`split`);
 * 2 bad usage (an output that exists without --force included), or no API key for `export`.
 */
export const EXIT = { ok: 0, findings: 1, incomplete: 1, skipped: 1, tooFew: 1, usage: 2 } as const;

const USAGE = `Usage: finetune-studio lint FILE... [--model MODEL] [--target KIND] [--validation FILE] [--json]
       finetune-studio export --out DIR [--job ID]...
       finetune-studio convert FILE --to ${CONVERSION_TARGETS.join('|')} [--from auto|LAYOUT] [--out FILE|-]
       finetune-studio split FILE [--fraction F] [--seed N] [--train-out FILE] [--valid-out FILE]
       finetune-studio dedupe FILE [--near] [--out FILE]
       finetune-studio sample FILE (--count N | --fraction F) [--seed N] [--out FILE]
       finetune-studio shuffle FILE [--seed N] [--out FILE]

Checks OpenAI fine-tuning datasets (JSON Lines) the way the extension does, exports
fine-tuning jobs with their data and results, and converts, splits, dedupes, samples
and shuffles datasets of any size.

Commands:
  lint       check each FILE; exit 0 when no errors, 1 when errors, 2 on bad usage
  export     export every job (or each --job ID) into DIR, one folder per job; exit 0
             when all is exported, 1 when something could not be (listed), 2 on bad
             usage or without OPENAI_API_KEY. Run it again to resume: what is
             complete is skipped. The endpoint is OPENAI_BASE_URL (default OpenAI).
  convert    convert each record of FILE to --to (see below); exit 0 when every record
             converted, 1 when some were skipped (listed by reason, with line numbers)
  split      split FILE into training and validation files, seeded; duplicates stay on
             one side; exit 1 when FILE has fewer than two distinct examples
  dedupe     write FILE without duplicate examples, the first of each kept; the groups
             are listed on stderr
  sample     write a seeded random sample of FILE's examples, in their order
  shuffle    write FILE's examples in a seeded random order
  help       show this text
  version    print the version

Export options:
  --out DIR            the export folder, created when missing
  --job ID             a job to export; repeat for several (default: all jobs)

Convert options (each record's layout is detected unless --from says it):
  --to TARGET          chat: OpenAI chat; dpo: OpenAI preference (DPO); trl-sft: Hugging
                       Face TRL conversational (messages); trl-dpo: TRL preference
                       (prompt/chosen/rejected, conversational)
  --from LAYOUT        auto (default), ${SOURCE_LAYOUTS.join(', ')}

Options of convert, split, dedupe, sample and shuffle (they write FILE's examples, its
non-blank lines, and summarise on stderr):
  --out FILE           the output (default beside FILE: NAME.TARGET.jsonl for convert,
                       NAME.dedupe.jsonl, NAME.sample.jsonl, NAME.shuffled.jsonl); for
                       convert, - writes to standard output
  --train-out FILE     split's training part (default NAME.train.jsonl)
  --valid-out FILE     split's validation part (default NAME.valid.jsonl)
  --force              replace an existing output (default: exit 2 and keep it)
  --fraction F         split: the validation share (default 0.1); sample: the share taken
  --count N            sample: how many examples to take (all when FILE has fewer)
  --seed N             the random seed, 0 to 4294967295 (split: the wizard's by default;
                       sample, shuffle: 0); the same seed and file give the same output
  --near               dedupe: also records whose text differs only in white space and case

Lint options:
  --model MODEL        the target model (default ${SETTINGS.targetModel})
  --target KIND        the service the files are for: ${LINT_TARGETS.join(', ')} (default
                       ${DEFAULT_LINT_TARGET}); it decides what a byte order mark means
  --validation FILE    a validation file for the training FILEs: checked too, and for
                       examples that also appear in training
  --json               one JSON object per file on its own line, instead of text
  -h, --help           show this text
  -v, --version        print the version
`;

/** A finding as the JSON output reports it: 1-based lines and columns. */
export interface JsonFinding {
	readonly line: number;
	readonly column: number;
	readonly endLine: number;
	readonly endColumn: number;
	readonly severity: Finding['severity'];
	readonly code: string;
	readonly message: string;
}

/** The JSON output contract, one object per file. */
export interface JsonFileReport {
	readonly file: string;
	/** The service the file was checked for (`--target`). */
	readonly target: LintTarget;
	readonly format: string | null;
	readonly examples: number;
	readonly tokens: { readonly total: number; readonly min: number; readonly mean: number; readonly p95: number; readonly max: number };
	readonly findings: readonly JsonFinding[];
}

function toJsonFinding(finding: Finding): JsonFinding {
	return {
		line: finding.range.start.line + 1,
		column: finding.range.start.character + 1,
		endLine: finding.range.end.line + 1,
		endColumn: finding.range.end.character + 1,
		severity: finding.severity,
		code: finding.code,
		message: finding.message,
	};
}

/** Findings in reading order: by line, then column. */
function sorted(findings: readonly Finding[]): Finding[] {
	return [...findings].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function report(file: string, target: LintTarget, result: FileLintResult): JsonFileReport {
	const { summary } = result;
	return {
		file,
		target,
		format: summary.format ?? null,
		examples: summary.examples,
		tokens: { ...summary.tokens, mean: Math.round(summary.tokens.mean * 100) / 100 },
		findings: sorted(result.findings).map(toJsonFinding),
	};
}

function textReport(file: string, result: FileLintResult): string {
	const lines = sorted(result.findings).map((finding) => {
		const { line, column } = toJsonFinding(finding);
		return `${file}:${line}:${column}: ${finding.severity} ${finding.code}: ${finding.message}`;
	});
	// A dataset's keys and values, a file name or a model id can hold terminal escape sequences.
	return [...lines, ...summaryLines(result.summary).map((line) => `  ${line}`)].map(escapeControls).join('\n');
}

/** Why `file` cannot be linted, or undefined when it can. */
function fileProblem(file: string): string | undefined {
	const stat = fs.statSync(file, { throwIfNoEntry: false });
	if (!stat) {
		return 'no such file';
	}
	return stat.isDirectory() ? 'is a directory; name the .jsonl files in it (e.g. dir/*.jsonl)' : stat.isFile() ? undefined : 'not a regular file';
}

function isLintTarget(value: string): value is LintTarget {
	return LINT_TARGETS.includes(value as LintTarget);
}

/** Runs the command line with `args` (without `node` and the script) and resolves with the exit code. */
export async function runCli(args: readonly string[], output: CliOutput, context: CliContext = {}): Promise<number> {
	const [command, ...rest] = args;
	if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
		output.out(USAGE);
		return command === undefined ? EXIT.usage : EXIT.ok;
	}
	if (command === 'version' || command === '--version' || command === '-v') {
		output.out(`${version}\n`);
		return EXIT.ok;
	}
	if (command === 'lint') {
		return runLint(rest, output);
	}
	if (command === 'export') {
		return runExport(rest, output, context);
	}
	const datasetTool = DATASET_TOOLS[command];
	if (datasetTool) {
		return runDatasetTool(datasetTool, rest, output, context);
	}
	output.err(`finetune-studio: unknown command '${escapeControls(command)}'\n\n${USAGE}`);
	return EXIT.usage;
}

type ParseOptions = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** The command's arguments parsed, or undefined after telling the user what is wrong with them. */
function parseCommandArgs<T extends ParseOptions>(args: readonly string[], options: T, output: CliOutput, allowPositionals: boolean) {
	try {
		return parseArgs({ args: [...args], allowPositionals, strict: true, options });
	} catch (error) {
		output.err(`finetune-studio: ${escapeControls(error instanceof Error ? error.message : String(error))}\n\n${USAGE}`);
		return undefined;
	}
}

async function runLint(rest: readonly string[], output: CliOutput): Promise<number> {
	const parsed = parseCommandArgs(rest, { model: { type: 'string' }, target: { type: 'string' }, validation: { type: 'string' }, json: { type: 'boolean' } }, output, true);
	if (!parsed) {
		return EXIT.usage;
	}
	const files = parsed.positionals;
	const validation = parsed.values.validation;
	if (files.length === 0) {
		output.err(`finetune-studio: lint needs at least one FILE\n\n${USAGE}`);
		return EXIT.usage;
	}
	if (parsed.values.model !== undefined && parsed.values.model.trim() === '') {
		output.err(`finetune-studio: --model needs a model id, e.g. ${SETTINGS.targetModel}\n`);
		return EXIT.usage;
	}
	const target = parsed.values.target ?? DEFAULT_LINT_TARGET;
	if (!isLintTarget(target)) {
		output.err(`finetune-studio: --target must be one of ${LINT_TARGETS.join(', ')}, not '${escapeControls(target)}'\n`);
		return EXIT.usage;
	}
	for (const file of validation ? [...files, validation] : files) {
		const problem = fileProblem(file);
		if (problem) {
			output.err(`finetune-studio: ${escapeControls(file)}: ${problem}\n`);
			return EXIT.usage;
		}
	}
	const model = parsed.values.model ?? SETTINGS.targetModel;
	let errors = 0;
	const trainingHashes = new Set<number>();
	const emit = (file: string, result: FileLintResult): void => {
		errors += result.summary.errors;
		// JSON.stringify escapes C0 controls but not C1, bidirectional or line separator characters;
		// inside JSON strings their \u escapes read back as the same text.
		output.out(`${parsed.values.json ? escapeControls(JSON.stringify(report(file, target, result))) : textReport(file, result)}\n`);
	};
	for (const file of files) {
		const result = await lintFile(file, { model, target });
		for (const hash of result.hashes) {
			trainingHashes.add(hash);
		}
		emit(file, result);
	}
	if (validation) {
		emit(validation, await lintFile(validation, { model, target, trainingHashes }));
	}
	return errors > 0 ? EXIT.findings : EXIT.ok;
}

/** `finetune-studio export`: see the usage text and the README's "Exporting your fine-tuning data". */
async function runExport(rest: readonly string[], output: CliOutput, context: CliContext): Promise<number> {
	const parsed = parseCommandArgs(rest, { out: { type: 'string' }, job: { type: 'string', multiple: true } }, output, false);
	if (!parsed) {
		return EXIT.usage;
	}
	const outDir = parsed.values.out;
	const jobIds = parsed.values.job ?? [];
	if (outDir === undefined || outDir.trim() === '') {
		output.err(`finetune-studio: export needs --out DIR, the folder to export into\n\n${USAGE}`);
		return EXIT.usage;
	}
	if (jobIds.some((jobId) => jobId.trim() === '')) {
		output.err('finetune-studio: --job needs a job id, e.g. ftjob-abc123\n');
		return EXIT.usage;
	}
	const env = context.env ?? {};
	const apiKey = env['OPENAI_API_KEY']?.trim();
	if (!apiKey) {
		output.err('finetune-studio: set OPENAI_API_KEY to the API key (and OPENAI_BASE_URL for a server other than OpenAI)\n');
		return EXIT.usage;
	}
	const optional = (name: string): string | undefined => env[name]?.trim() || undefined;
	const client = createOpenAIClient({ apiKey, baseURL: optional('OPENAI_BASE_URL'), organization: optional('OPENAI_ORG_ID'), project: optional('OPENAI_PROJECT_ID') });
	const progress = new ExportProgressLine(output);
	const summary = await exportJobs(
		{ jobs: new JobsService(client), files: new FilesService(client) },
		{ outDir, jobIds, signal: context.signal, onItem: (item) => progress.item(item), onProgress: (done, total) => progress.bytes(done, total) },
	);
	progress.clear();
	output.out(exportSummaryText(summary, outDir));
	return summary.failures.length === 0 && !summary.cancelled ? EXIT.ok : EXIT.incomplete;
}

/** Progress on stderr: a line per file, and on a terminal a byte count kept on the last line. */
class ExportProgressLine {
	private shown = false;
	private lastPercent = -1;

	constructor(private readonly output: CliOutput) {}

	item(item: ExportItem): void {
		this.clear();
		const size = item.outcome === 'failed' ? `: ${item.reason ?? ''}` : ` (${formatBytes(item.bytes)})`;
		this.output.err(`${item.outcome.padEnd(10)} ${escapeControls(`${item.path}${size}`)}\n`);
	}

	bytes(done: number, total: number): void {
		const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
		if (!this.output.errIsTerminal || percent === this.lastPercent) {
			return;
		}
		this.lastPercent = percent;
		this.output.err(`${this.shown ? '\r' : ''}downloading ${formatBytes(done)} of ${formatBytes(total)} (${percent}%)`);
		this.shown = true;
	}

	/** Erases the progress line, so that the next line starts clean. */
	clear(): void {
		if (this.shown) {
			this.output.err('\r\u001b[2K');
			this.shown = false;
		}
	}
}

function exportSummaryText(summary: ExportSummary, outDir: string): string {
	const lines = [
		`${summary.cancelled ? 'Cancelled: exported' : 'Exported'} ${summary.jobsComplete} of ${summary.jobs} job${summary.jobs === 1 ? '' : 's'} to ${outDir}`,
		`Files: ${summary.downloaded} downloaded (${formatBytes(summary.bytesDownloaded)}), ${summary.linked} shared with another job, ${summary.skipped} already there`,
		`Job details: ${summary.written} files written, ${summary.unchanged} up to date`,
	];
	if (summary.failures.length > 0) {
		lines.push(`Not exported (${summary.failures.length}); run the same command again to retry:`);
		// The services word a rejected key for the editor, where the key is set with a command.
		const reasonOf = (failure: ExportFailure): string => (failure.kind === 'auth' ? 'the server rejected the key in OPENAI_API_KEY' : failure.reason);
		lines.push(...summary.failures.map((failure) => `  ${failure.jobId === undefined ? '' : `${failure.jobId}: `}${failure.item}: ${reasonOf(failure)}`));
	}
	// Job ids, file names and error messages come from the server.
	return `${lines.map(escapeControls).join('\n')}\n`;
}

/** Options every dataset tool takes. */
const OUTPUT_OPTIONS = { out: { type: 'string' }, force: { type: 'boolean' } } as const;

/** A dataset tool of the command line: its options, and what it does with them and one input file. */
interface DatasetTool<T extends ParseOptions> {
	readonly options: T;
	run(input: string, values: ParsedValues<T>, output: CliOutput, settings: ToolSettings): Promise<number>;
}

type ParsedValues<T extends ParseOptions> = ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>>['values'];

/** What the dataset tools share: how to treat an existing output, and Ctrl-C. */
interface ToolSettings {
	readonly whenExists: WhenExists;
	readonly signal?: AbortSignal;
}

/** Declares a tool, keeping its options' types for `run`. */
function datasetTool<T extends ParseOptions>(tool: DatasetTool<T>): DatasetTool<ParseOptions> {
	return tool as unknown as DatasetTool<ParseOptions>;
}

/** Thrown for a bad option value: its message is printed, and the exit code is 2. */
class UsageError extends Error {
	static is(error: unknown): error is UsageError {
		return error instanceof UsageError;
	}
}

/** Thrown inside a conversion's write when no record converted, so that no output is left. */
class NothingConvertedError extends Error {
	constructor(readonly summary: ConvertSummary) {
		super('no record converted');
	}

	static is(error: unknown): error is NothingConvertedError {
		return error instanceof NothingConvertedError;
	}
}

/** `NAME.SUFFIX.jsonl` beside `input`, the default output of a tool. */
function besideInput(input: string, suffix: string): string {
	return path.join(path.dirname(input), `${path.basename(input, path.extname(input))}.${suffix}.jsonl`);
}

/** The value of --seed. */
function seedOf(value: string): number {
	const seed = parseSeed(value);
	if (seed === undefined) {
		throw new UsageError(`--seed must be a whole number from 0 to ${MAX_SEED}, not '${value}'`);
	}
	return seed;
}

/** The value of --fraction: a number above 0 and below 1 (or up to 1 with `allowOne`). */
function fractionOf(value: string, allowOne: boolean): number {
	const fraction = parseFraction(value, allowOne);
	if (fraction === undefined) {
		throw new UsageError(`--fraction must be a number above 0 and ${allowOne ? 'at most' : 'below'} 1, such as 0.1, not '${value}'`);
	}
	return fraction;
}

function plural(count: number, noun: string): string {
	return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

/** Line numbers as a short list: the first few, then how many more. */
function lineList(lines: readonly number[], count: number): string {
	const shown = lines.slice(0, 20);
	return `line${count === 1 ? '' : 's'} ${shown.join(', ')}${count > shown.length ? `, and ${(count - shown.length).toLocaleString('en-US')} more` : ''}`;
}

const DATASET_TOOLS: Record<string, DatasetTool<ParseOptions>> = {
	convert: datasetTool({
		options: { ...OUTPUT_OPTIONS, to: { type: 'string' }, from: { type: 'string' } },
		async run(input, values, output, settings) {
			const to = values.to;
			if (to === undefined || !CONVERSION_TARGETS.includes(to as ConversionTarget)) {
				throw new UsageError(`convert needs --to, one of ${CONVERSION_TARGETS.join(', ')}${to === undefined ? '' : `, not '${to}'`}`);
			}
			const from = values.from ?? 'auto';
			if (from !== 'auto' && !SOURCE_LAYOUTS.includes(from as SourceLayout)) {
				throw new UsageError(`--from must be auto or one of ${SOURCE_LAYOUTS.join(', ')}, not '${from}'`);
			}
			const options = { from: from as SourceLayout | 'auto', to: to as ConversionTarget, signal: settings.signal };
			let summary: ConvertSummary;
			let written: string;
			if (values.out === '-') {
				summary = await convertFile(input, options, { write: async (text) => output.out(text) });
				written = 'standard output';
			} else {
				const target = values.out ?? besideInput(input, to);
				try {
					const { result, paths } = await withSafeWrites([target], settings, async (writers) => {
						const result = await convertFile(input, options, writers[0] as SafeWriter);
						if (result.converted === 0) {
							// An empty file named like a conversion would pass for one.
							throw new NothingConvertedError(result);
						}
						return result;
					});
					[summary, written] = [result, paths[0] as string];
				} catch (error) {
					if (!NothingConvertedError.is(error)) {
						throw error;
					}
					[summary, written] = [error.summary, 'nothing written'];
				}
			}
			output.err(convertSummaryText(summary, to as ConversionTarget, written));
			return summary.skipped.length === 0 ? EXIT.ok : EXIT.skipped;
		},
	}),
	split: datasetTool({
		options: { ...OUTPUT_OPTIONS, fraction: { type: 'string' }, seed: { type: 'string' }, 'train-out': { type: 'string' }, 'valid-out': { type: 'string' } },
		async run(input, values, output, settings) {
			if (values.out !== undefined) {
				throw new UsageError('split writes two files: name them with --train-out and --valid-out');
			}
			const fraction = values.fraction === undefined ? 0.1 : fractionOf(values.fraction, false);
			const defaults = splitPaths(input);
			const targets = { trainingPath: values['train-out'] ?? defaults.trainingPath, validationPath: values['valid-out'] ?? defaults.validationPath };
			if (path.resolve(targets.trainingPath) === path.resolve(targets.validationPath)) {
				throw new UsageError('--train-out and --valid-out must be different files');
			}
			try {
				const result = await splitFile(input, fraction * 100, { ...settings, seed: values.seed === undefined ? undefined : seedOf(values.seed), targets });
				output.err(`Split ${plural(result.trainingCount + result.validationCount, 'example')}: ${result.trainingCount.toLocaleString('en-US')} for training → ${result.trainingPath}, ${result.validationCount.toLocaleString('en-US')} for validation → ${result.validationPath}\n`);
				return EXIT.ok;
			} catch (error) {
				if (TooFewExamplesError.is(error)) {
					output.err(`finetune-studio: ${input}: ${error.message}\n`);
					return EXIT.tooFew;
				}
				throw error;
			}
		},
	}),
	dedupe: datasetTool({
		options: { ...OUTPUT_OPTIONS, near: { type: 'boolean' } },
		async run(input, values, output, settings) {
			const result = await dedupeFile(input, values.out ?? besideInput(input, 'dedupe'), { ...settings, near: values.near });
			output.err(dedupeSummaryText(result, values.near ?? false));
			return EXIT.ok;
		},
	}),
	sample: datasetTool({
		options: { ...OUTPUT_OPTIONS, count: { type: 'string' }, fraction: { type: 'string' }, seed: { type: 'string' } },
		async run(input, values, output, settings) {
			if ((values.count === undefined) === (values.fraction === undefined)) {
				throw new UsageError('sample needs either --count N or --fraction F');
			}
			let size: SampleSize;
			if (values.count !== undefined) {
				const count = parseCount(values.count);
				if (count === undefined) {
					throw new UsageError(`--count must be a whole number above 0, not '${values.count}'`);
				}
				size = { count };
			} else {
				size = { fraction: fractionOf(values.fraction as string, true) };
			}
			const seed = values.seed === undefined ? 0 : seedOf(values.seed);
			const result = await sampleFile(input, values.out ?? besideInput(input, 'sample'), size, seed, settings);
			output.err(`Sampled ${result.sampled.toLocaleString('en-US')} of ${plural(result.examples, 'example')} (seed ${seed}) → ${result.path}\n`);
			return EXIT.ok;
		},
	}),
	shuffle: datasetTool({
		options: { ...OUTPUT_OPTIONS, seed: { type: 'string' } },
		async run(input, values, output, settings) {
			const seed = values.seed === undefined ? 0 : seedOf(values.seed);
			const result = await shuffleFile(input, values.out ?? besideInput(input, 'shuffled'), seed, settings);
			output.err(`Shuffled ${plural(result.examples, 'example')} (seed ${seed}) → ${result.path}\n`);
			return EXIT.ok;
		},
	}),
};

/** Runs a dataset tool: one input FILE, the tool's options, and the output written safely. */
async function runDatasetTool(tool: DatasetTool<ParseOptions>, rest: readonly string[], output: CliOutput, context: CliContext): Promise<number> {
	const parsed = parseCommandArgs(rest, tool.options, output, true);
	if (!parsed) {
		return EXIT.usage;
	}
	const [input, ...extra] = parsed.positionals;
	if (input === undefined || extra.length > 0) {
		output.err(`finetune-studio: ${input === undefined ? 'name the dataset FILE' : 'name one dataset FILE'}\n\n${USAGE}`);
		return EXIT.usage;
	}
	const problem = fileProblem(input);
	if (problem) {
		output.err(`finetune-studio: ${escapeControls(input)}: ${problem}\n`);
		return EXIT.usage;
	}
	const force = (parsed.values as { force?: boolean }).force === true;
	const settings: ToolSettings = { whenExists: force ? async () => 'replace' : 'fail', signal: context.signal };
	try {
		return await tool.run(input, parsed.values as ParsedValues<ParseOptions>, { ...output, err: (text) => output.err(text.split('\n').map(escapeControls).join('\n')) }, settings);
	} catch (error) {
		if (UsageError.is(error) || UnsafeTargetError.is(error)) {
			output.err(`finetune-studio: ${escapeControls(error.message)}\n`);
			return EXIT.usage;
		}
		if (TargetExistsError.is(error)) {
			output.err(`finetune-studio: ${escapeControls(error.target)} already exists; pass --force to replace it\n`);
			return EXIT.usage;
		}
		throw error;
	}
}

function convertSummaryText(summary: ConvertSummary, to: ConversionTarget, written: string): string {
	const sources = [...summary.bySource].map(([layout, count]) => `${count.toLocaleString('en-US')} from ${LAYOUT_NAMES[layout]}`);
	const lines = [`Converted ${summary.converted.toLocaleString('en-US')} of ${plural(summary.records, 'record')} to ${TARGET_NAMES[to]}${sources.length > 0 ? ` (${sources.join(', ')})` : ''} → ${written}`];
	if (summary.unchanged > 0) {
		lines.push(`  ${plural(summary.unchanged, 'record')} already in that layout, kept as ${summary.unchanged === 1 ? 'it was' : 'they were'}`);
	}
	for (const [note, count] of summary.notes) {
		lines.push(`  ${plural(count, 'record')}: ${note}`);
	}
	if (summary.skipped.length > 0) {
		lines.push(`Skipped ${plural(summary.skipped.reduce((sum, group) => sum + group.count, 0), 'record')}:`);
		lines.push(...summary.skipped.map((group) => `  ${group.reason} (${group.count.toLocaleString('en-US')}): ${lineList(group.lines, group.count)}`));
	}
	return `${lines.join('\n')}\n`;
}

function dedupeSummaryText(result: DedupeResult, near: boolean): string {
	const removed = result.examples - result.kept;
	const lines = [`Kept ${result.kept.toLocaleString('en-US')} of ${plural(result.examples, 'example')}, removing ${plural(removed, `${near ? 'near ' : ''}duplicate`)} in ${plural(result.groupCount, 'group')} → ${result.path}`];
	lines.push(...result.groups.map((group) => `  ${group.count.toLocaleString('en-US')}×: ${lineList(group.lines, group.count)}`));
	if (result.groupCount > result.groups.length) {
		lines.push(`  and ${plural(result.groupCount - result.groups.length, 'more group')}`);
	}
	return `${lines.join('\n')}\n`;
}

if (require.main === module) {
	const interrupted = new AbortController();
	if (process.argv[2] !== undefined && ['export', ...Object.keys(DATASET_TOOLS)].includes(process.argv[2])) {
		// The first Ctrl-C stops the export or tool cleanly; a second one ends the process as usual.
		process.once('SIGINT', () => interrupted.abort());
	}
	runCli(
		process.argv.slice(2),
		{
			out: (text) => process.stdout.write(text),
			err: (text) => process.stderr.write(text),
			errIsTerminal: process.stderr.isTTY,
		},
		{ env: process.env, signal: interrupted.signal },
	).then(
		(code) => (process.exitCode = code),
		(error: unknown) => {
			process.stderr.write(`finetune-studio: ${error instanceof Error ? error.message : String(error)}\n`);
			process.exitCode = EXIT.usage;
		},
	);
}
