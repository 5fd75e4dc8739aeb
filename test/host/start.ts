import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureCodeServer, installExtension, startCodeServer, workbenchUrl } from './codeServer';
import { packageVsix } from './packageVsix';
import { CACHE_ROOT, SAMPLE_WORKSPACE } from './paths';
import { isPortInUse } from './process';
import { writeUserSettings } from './runIntegration';
import { applyEdits, modify } from 'jsonc-parser';
import { startEmulator, type Emulator } from '../fixtures/openai-emulator';
import { ensureSystemPackages } from './system';

const USAGE = 'Usage: npm start [-- --port 8080] [--state-dir .vscode-test/start]';

/**
 * `npm start`: packages the extension, installs the .vsix into code-server (VS Code for the browser),
 * and serves a sample workspace of datasets on 127.0.0.1 until Ctrl+C.
 */
async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: process.env.PORT ?? '8080' },
			'state-dir': { type: 'string', default: path.join(CACHE_ROOT, 'start') },
		},
	});
	const port = Number(values.port);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new Error(`--port must be a whole number from 1 to 65535, not '${values.port}'.\n${USAGE}`);
	}
	if (await isPortInUse(port)) {
		throw new Error(`Port ${port} on 127.0.0.1 is taken (an earlier npm start still running?). Stop it, or choose another: npm start -- --port ${port + 1}`);
	}
	const stateDir = path.resolve(values['state-dir']);
	const workspace = path.join(stateDir, 'workspace');
	const userDataDir = path.join(stateDir, 'user-data');
	const extensionsDir = path.join(stateDir, 'extensions');

	await ensureSystemPackages();
	await ensureCodeServer();

	console.log('Building and packaging the extension…');
	fs.mkdirSync(stateDir, { recursive: true });
	const vsix = await packageVsix(path.join(stateDir, 'finetune-studio.vsix'), path.join(stateDir, 'package.log'));
	await installExtension(vsix, extensionsDir, userDataDir);

	// The sample datasets are copied once, so that what you change in them survives the next start.
	if (!fs.existsSync(workspace)) {
		fs.cpSync(SAMPLE_WORKSPACE, workspace, { recursive: true });
	}
	if (!fs.existsSync(path.join(userDataDir, 'User', 'settings.json'))) {
		writeUserSettings(userDataDir, { 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none' });
	}

	// Without a key of your own, the extension talks to the project's OpenAI emulator instead.
	let emulator: Emulator | undefined;
	const env = { ...process.env };
	if (!process.env.OPENAI_API_KEY) {
		emulator = await startEmulator({ dataDir: path.join(stateDir, 'emulator') });
		env.OPENAI_API_KEY = 'sk-emulator-local-key';
	}
	// The emulator as the default connection; with a key of your own, the implicit OpenAI connection.
	setUserSetting(userDataDir, 'finetuneStudio.connections', emulator ? [{ name: 'Emulator', kind: 'openai', baseUrl: emulator.baseURL }] : undefined);
	setUserSetting(userDataDir, 'finetuneStudio.defaultConnection', emulator ? 'Emulator' : undefined);
	// Earlier versions of this script wrote the single-connection setting; the connection above replaces it.
	setUserSetting(userDataDir, 'finetuneStudio.baseUrl', undefined);
	// The workspace sits inside this clone (.vscode-test/start/workspace): without this, VS Code's Git
	// asks on first load whether to open the clone's repository.
	setUserSetting(userDataDir, 'git.openRepositoryInParentFolders', 'never');

	const server = await startCodeServer({ port, workspace, userDataDir, extensionsDir, logFile: path.join(stateDir, 'code-server.log'), env });
	let stopping = false;
	const stop = (): void => {
		stopping = true;
		void server.stop();
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);

	console.log(`\nFine-Tune Studio is running in VS Code for the browser, with the sample datasets in ${workspace}`);
	console.log(emulator ? `No OPENAI_API_KEY is set: the extension talks to the OpenAI emulator at ${emulator.baseURL}` : 'Using OPENAI_API_KEY from the environment, with OpenAI itself.');
	console.log(`Open: ${workbenchUrl(server.origin, workspace)}`);
	console.log(`Password: ${server.password}   (new on every start)`);
	console.log('Press Ctrl+C to stop.');
	const code = await server.exited;
	await emulator?.close();
	if (stopping) {
		console.log('Stopped.');
		return;
	}
	console.error(`code-server stopped by itself (exit code ${code}); its log: ${path.join(stateDir, 'code-server.log')}`);
	process.exitCode = 1;
}

/** Sets (or, with undefined, removes) one user setting, keeping the rest of the file and its comments. */
function setUserSetting(userDataDir: string, key: string, value: unknown): void {
	const file = path.join(userDataDir, 'User', 'settings.json');
	const text = fs.readFileSync(file, 'utf8');
	fs.writeFileSync(file, applyEdits(text, modify(text, [key], value, { formattingOptions: { insertSpaces: false, tabSize: 1 } })));
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
