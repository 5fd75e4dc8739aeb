import { spawn, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';

/** Runs a command to completion; output goes to `logFile` (or is inherited) and a non-zero exit throws with its tail. */
export async function runCommand(
	command: string,
	args: readonly string[],
	options: SpawnOptions & { logFile?: string } = {},
): Promise<void> {
	const { logFile, ...spawnOptions } = options;
	const log = logFile ? fs.openSync(logFile, 'a') : undefined;
	try {
		const child = spawn(command, args, { ...spawnOptions, stdio: log === undefined ? 'inherit' : ['ignore', log, log] });
		const code = await new Promise<number | null>((resolve, reject) => {
			child.once('error', reject);
			child.once('exit', resolve);
		});
		if (code !== 0) {
			const tail = logFile ? `\n${tailOf(logFile, 40)}` : '';
			throw new Error(`'${command} ${args.join(' ')}' exited with ${code}${tail}`);
		}
	} finally {
		if (log !== undefined) {
			fs.closeSync(log);
		}
	}
}

/** The last `lines` lines of a text file, for error messages. */
export function tailOf(file: string, lines: number): string {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

/** Whether something already listens on 127.0.0.1:`port`. */
export async function isPortInUse(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** Polls `check` until it returns true; throws after `timeoutMs` with `what` in the message. */
export async function pollUntil(check: () => Promise<boolean>, what: string, timeoutMs: number, intervalMs = 200): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) {
			throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		}
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}
