import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CACHE_ROOT } from './paths';
import { pollUntil, runCommand, tailOf } from './process';

/** VS Code 1.100.3 for the browser: the newest code-server that runs on Node 20. */
export const CODE_SERVER_VERSION = '4.100.3';

const INSTALL_DIR = path.join(CACHE_ROOT, `code-server-${CODE_SERVER_VERSION}`);
const ENTRY = path.join(INSTALL_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const INSTALLED_MARKER = path.join(INSTALL_DIR, '.installed');

// code-server pins @vscode/ripgrep 1.15.11, whose postinstall downloads ripgrep from GitHub unless
// this tarball already sits in its cache; Debian's `rg` in it serves the same purpose offline.
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_TARBALL = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

/** Installs code-server into `.vscode-test/` once; later calls find it there. */
export async function ensureCodeServer(): Promise<void> {
	if (fs.existsSync(INSTALLED_MARKER) && fs.existsSync(ENTRY)) {
		return;
	}
	console.log(`Installing code-server ${CODE_SERVER_VERSION} into ${INSTALL_DIR} (first run only, about a minute)…`);
	fs.rmSync(INSTALL_DIR, { recursive: true, force: true });
	fs.mkdirSync(INSTALL_DIR, { recursive: true });
	fs.writeFileSync(path.join(INSTALL_DIR, 'package.json'), JSON.stringify({ private: true }, null, 2));

	const tmpdir = os.tmpdir();
	await seedRipgrepCache(tmpdir);

	const logFile = path.join(CACHE_ROOT, 'code-server-install.log');
	fs.writeFileSync(logFile, '');
	await runCommand('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], {
		cwd: INSTALL_DIR,
		logFile,
		env: {
			...process.env,
			TMPDIR: tmpdir,
			// As root, code-server's postinstall refuses to run without these.
			npm_config_unsafe_perm: 'true',
			npm_config_yes: 'true',
			// npm 11.19 skips dependency install scripts by default, and code-server's postinstall runs
			// nested `npm install`s of VS Code's own native modules, which must build.
			npm_config_dangerously_allow_all_scripts: 'true',
		},
	});
	if (!fs.existsSync(ENTRY)) {
		throw new Error(`code-server installed without ${ENTRY}; see ${logFile}\n${tailOf(logFile, 40)}`);
	}
	fs.writeFileSync(INSTALLED_MARKER, `${new Date().toISOString()}\n`);
}

async function seedRipgrepCache(tmpdir: string): Promise<void> {
	const cacheDir = path.join(tmpdir, RIPGREP_CACHE);
	const tarball = path.join(cacheDir, RIPGREP_TARBALL);
	if (fs.existsSync(tarball)) {
		return;
	}
	fs.mkdirSync(cacheDir, { recursive: true });
	const staging = fs.mkdtempSync(path.join(tmpdir, 'ripgrep-'));
	try {
		fs.copyFileSync('/usr/bin/rg', path.join(staging, 'rg'));
		fs.chmodSync(path.join(staging, 'rg'), 0o755);
		await runCommand('tar', ['-czf', tarball, '-C', staging, 'rg']);
	} finally {
		fs.rmSync(staging, { recursive: true, force: true });
	}
}

/** Installs a `.vsix` into an extensions folder with code-server's own `--install-extension`. */
export async function installExtension(vsix: string, extensionsDir: string, userDataDir: string): Promise<void> {
	await runCommand(process.execPath, [
		ENTRY,
		'--extensions-dir',
		extensionsDir,
		'--user-data-dir',
		userDataDir,
		'--force',
		'--install-extension',
		vsix,
	]);
}

export interface CodeServerOptions {
	readonly port: number;
	readonly workspace: string;
	readonly userDataDir: string;
	readonly extensionsDir: string;
	/** code-server's own output goes here. */
	readonly logFile: string;
	/** Keep VS Code's workspace trust on (an untrusted folder opens in Restricted Mode); off by default. */
	readonly workspaceTrust?: boolean;
	readonly env?: NodeJS.ProcessEnv;
}

/** A running code-server; `stop()` ends its whole process group. */
export interface CodeServer {
	/** `http://127.0.0.1:PORT` */
	readonly origin: string;
	/** The password of this run: fresh each start, so no other local user or web page can get in. */
	readonly password: string;
	/** Settles when the server exits, with its exit code. */
	readonly exited: Promise<number | null>;
	stop(): Promise<void>;
}

/**
 * Starts code-server on 127.0.0.1 with a random password (any local user, or a web page by DNS
 * rebinding, could otherwise reach its terminal and the API key in its environment) and resolves
 * once it answers its health check.
 */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
	const password = randomBytes(18).toString('base64url');
	const log = fs.openSync(options.logFile, 'a');
	const child = spawn(
		process.execPath,
		[
			ENTRY,
			'--auth',
			'password',
			'--bind-addr',
			`127.0.0.1:${options.port}`,
			'--disable-telemetry',
			'--disable-update-check',
			...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
			'--user-data-dir',
			options.userDataDir,
			'--extensions-dir',
			options.extensionsDir,
			options.workspace,
		],
		// Its own process group, so that stopping it also ends the extension host and watchers it forks.
		// code-server takes the password from PASSWORD only, and removes it before starting anything else.
		{ detached: true, stdio: ['ignore', log, log], env: { ...(options.env ?? process.env), PASSWORD: password } },
	);
	fs.closeSync(log);
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	const killGroup = (signal: NodeJS.Signals): void => {
		try {
			if (child.pid !== undefined) {
				process.kill(-child.pid, signal);
			}
		} catch {
			// The group is already gone.
		}
	};
	const killOnExit = (): void => killGroup('SIGKILL');
	process.once('exit', killOnExit);

	const server: CodeServer = {
		origin: `http://127.0.0.1:${options.port}`,
		password,
		exited,
		stop: async () => {
			process.removeListener('exit', killOnExit);
			killGroup('SIGTERM');
			const timer = setTimeout(() => killGroup('SIGKILL'), 5000);
			await exited;
			clearTimeout(timer);
			// The parent may be gone while its children linger in the group.
			killGroup('SIGKILL');
		},
	};

	let exitCode: number | null | undefined;
	void exited.then((code) => (exitCode = code));
	try {
		await pollUntil(
			async () => {
				if (exitCode !== undefined) {
					throw new Error(`code-server exited with ${exitCode} before it answered:\n${tailOf(options.logFile, 30)}`);
				}
				return isHealthy(server.origin);
			},
			`code-server on port ${options.port}`,
			60_000,
		);
	} catch (error) {
		await server.stop();
		throw error;
	}
	return server;
}

async function isHealthy(origin: string): Promise<boolean> {
	try {
		const response = await fetch(`${origin}/healthz`);
		return response.ok;
	} catch {
		return false;
	}
}

/** The address that opens `workspace` in the browser workbench, with an optional VS Code `payload`. */
export function workbenchUrl(origin: string, workspace: string, payload: readonly (readonly [string, string])[] = []): string {
	const query = `folder=${encodeURIComponent(workspace)}`;
	return payload.length === 0 ? `${origin}/?${query}` : `${origin}/?${query}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** A `vscode-remote:` URI for a local path, as the browser workbench expects in its payload. */
export function remoteUri(origin: string, localPath: string): string {
	return `vscode-remote://${new URL(origin).host}${localPath}`;
}
