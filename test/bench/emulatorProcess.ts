import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** An emulator in a child process, so that a benchmark's peak RSS is the measured code's alone. */
export interface EmulatorProcess {
	/** The first line the script printed: the emulator's base URL, or what the script reports. */
	readonly firstLine: string;
	stop(): Promise<void>;
}

/** Runs `script` (compiled JavaScript) with `args` and waits for its first line of output. */
export async function startEmulatorProcess(script: string, args: readonly string[]): Promise<EmulatorProcess> {
	const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
	const lines = createInterface({ input: child.stdout });
	const firstLine = await new Promise<string>((resolve, reject) => {
		lines.once('line', resolve);
		child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}`)));
	});
	return {
		firstLine,
		stop: () =>
			new Promise<void>((resolve) => {
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			}),
	};
}
