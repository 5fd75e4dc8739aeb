import * as path from 'node:path';
import { PROJECT_ROOT } from './paths';
import { runCommand } from './process';

/** Runs `npm run package` (a production build, then `vsce package`) and writes the `.vsix` to `vsix`. */
export async function packageVsix(vsix: string, logFile?: string): Promise<string> {
	await runCommand('npm', ['run', 'package', '--', '--out', vsix], { cwd: PROJECT_ROOT, ...(logFile ? { logFile } : {}) });
	return path.resolve(vsix);
}
