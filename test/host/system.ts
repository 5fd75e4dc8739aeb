import { spawnSync } from 'node:child_process';
import { runCommand } from './process';

/** Debian's Chromium, which drives the VS Code test host (Playwright's own browser download is offline-hostile). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * The Debian packages the VS Code test host needs: Chromium to drive it, ripgrep for code-server's
 * search (its npm postinstall would download one), and the headers its native modules build against.
 */
const DEBIAN_PACKAGES = ['chromium', 'ripgrep', 'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config'];

/** How long apt-get waits for another apt-get or dpkg (say, unattended-upgrades) to let go of its lock. */
const DPKG_LOCK_TIMEOUT_SECONDS = 600;

/** apt-get's arguments for `args`, waiting for the dpkg lock instead of failing at once when it is held. */
export function aptGetArguments(...args: string[]): string[] {
	return ['-o', `DPkg::Lock::Timeout=${DPKG_LOCK_TIMEOUT_SECONDS}`, ...args];
}

function isInstalled(debianPackage: string): boolean {
	const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', debianPackage], { encoding: 'utf8' });
	return query.status === 0 && query.stdout.includes('install ok installed');
}

/** Installs the missing Debian packages when it can (as root with apt-get), else says what to install. */
export async function ensureSystemPackages(): Promise<void> {
	if (spawnSync('dpkg-query', ['--version']).error) {
		throw new Error(
			'The VS Code test host needs Debian or Ubuntu packages (dpkg was not found). Install Chromium at ' +
				`${CHROMIUM}, ripgrep, and the build headers ${DEBIAN_PACKAGES.slice(2).join(', ')} by hand.`,
		);
	}
	const missing = DEBIAN_PACKAGES.filter((name) => !isInstalled(name));
	if (missing.length === 0) {
		return;
	}
	if (process.getuid?.() !== 0) {
		throw new Error(
			`The VS Code test host needs these Debian packages: ${missing.join(' ')}.\n` +
				`Install them once with:  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
		);
	}
	console.log(`Installing Debian packages the VS Code test host needs: ${missing.join(' ')}`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await runCommand('apt-get', aptGetArguments('update', '-q'), { env });
	await runCommand('apt-get', aptGetArguments('install', '-y', '-q', ...missing), { env });
}
