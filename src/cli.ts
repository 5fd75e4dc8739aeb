import { version } from '../package.json';

/** Where the command line writes; the real process streams in use, plain arrays in tests. */
export interface CliOutput {
	out(text: string): void;
	err(text: string): void;
}

/** Exit codes: 0 no errors, 1 errors found in a dataset, 2 bad usage. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

const USAGE = `Usage: finetune-studio <command> [options]

Commands:
  help       show this text
  version    print the version

Options:
  -h, --help      show this text
  -v, --version   print the version
`;

/** Runs the command line with `args` (without `node` and the script) and returns the exit code. */
export function runCli(args: readonly string[], output: CliOutput): number {
	const [command] = args;
	if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
		output.out(USAGE);
		return command === undefined ? EXIT.usage : EXIT.ok;
	}
	if (command === 'version' || command === '--version' || command === '-v') {
		output.out(`${version}\n`);
		return EXIT.ok;
	}
	output.err(`finetune-studio: unknown command '${command}'\n\n${USAGE}`);
	return EXIT.usage;
}

if (require.main === module) {
	process.exitCode = runCli(process.argv.slice(2), {
		out: (text) => process.stdout.write(text),
		err: (text) => process.stderr.write(text),
	});
}
