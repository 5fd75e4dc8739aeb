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
 * Exit codes: 0 success; 1 errors found in a dataset (`lint`) or something not exported (`export`);
 * 2 bad usage, or no API key for `export`.
 */
export const EXIT = { ok: 0, findings: 1, incomplete: 1, usage: 2 } as const;

const USAGE = `Usage: finetune-studio lint FILE... [--model MODEL] [--target KIND] [--validation FILE] [--json]
       finetune-studio export --out DIR [--job ID]...

Checks OpenAI fine-tuning datasets (JSON Lines) the way the extension does, and exports
fine-tuning jobs with their data and results.

Commands:
  lint       check each FILE; exit 0 when no errors, 1 when errors, 2 on bad usage
  export     export every job (or each --job ID) into DIR, one folder per job; exit 0
             when all is exported, 1 when something could not be (listed), 2 on bad
             usage or without OPENAI_API_KEY. Run it again to resume: what is
             complete is skipped. The endpoint is OPENAI_BASE_URL (default OpenAI).
  help       show this text
  version    print the version

Export options:
  --out DIR            the export folder, created when missing
  --job ID             a job to export; repeat for several (default: all jobs)

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

if (require.main === module) {
	const interrupted = new AbortController();
	if (process.argv[2] === 'export') {
		// The first Ctrl-C stops the export cleanly; a second one ends the process as usual.
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
