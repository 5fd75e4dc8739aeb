import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { version } from '../package.json';
import { lintFile, type FileLintResult } from './dataset/fileLint';
import { DEFAULT_LINT_TARGET, LINT_TARGETS, type LintTarget } from './dataset/lineLint';
import { escapeControls } from './dataset/quote';
import { summaryLines } from './dataset/summaryText';
import { SETTINGS } from './contributes';
import type { Finding } from './dataset/types';

/** Where the command line writes; the real process streams in use, strings in tests. */
export interface CliOutput {
	out(text: string): void;
	err(text: string): void;
}

/** Exit codes: 0 no errors, 1 errors found in a dataset, 2 bad usage. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

const USAGE = `Usage: finetune-studio lint FILE... [--model MODEL] [--target KIND] [--validation FILE] [--json]

Checks OpenAI fine-tuning datasets (JSON Lines) the way the extension does.

Commands:
  lint       check each FILE; exit 0 when no errors, 1 when errors, 2 on bad usage
  help       show this text
  version    print the version

Options:
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
export async function runCli(args: readonly string[], output: CliOutput): Promise<number> {
	const [command, ...rest] = args;
	if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
		output.out(USAGE);
		return command === undefined ? EXIT.usage : EXIT.ok;
	}
	if (command === 'version' || command === '--version' || command === '-v') {
		output.out(`${version}\n`);
		return EXIT.ok;
	}
	if (command !== 'lint') {
		output.err(`finetune-studio: unknown command '${escapeControls(command)}'\n\n${USAGE}`);
		return EXIT.usage;
	}
	let parsed;
	try {
		parsed = parseArgs({
			args: [...rest],
			allowPositionals: true,
			options: { model: { type: 'string' }, target: { type: 'string' }, validation: { type: 'string' }, json: { type: 'boolean' } },
		});
	} catch (error) {
		output.err(`finetune-studio: ${escapeControls(error instanceof Error ? error.message : String(error))}\n\n${USAGE}`);
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

if (require.main === module) {
	runCli(process.argv.slice(2), {
		out: (text) => process.stdout.write(text),
		err: (text) => process.stderr.write(text),
	}).then(
		(code) => (process.exitCode = code),
		(error: unknown) => {
			process.stderr.write(`finetune-studio: ${error instanceof Error ? error.message : String(error)}\n`);
			process.exitCode = EXIT.usage;
		},
	);
}
