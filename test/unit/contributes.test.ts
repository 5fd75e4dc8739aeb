import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, CONFIG_SECTION, SETTINGS, TRUSTED_COMMANDS } from '../../src/contributes';
import { FINDING_CODES } from '../../src/dataset/codes';
import { PROJECT_ROOT } from '../host/paths';

interface Setting {
	readonly default: unknown;
	readonly scope?: string;
	readonly type?: string;
	readonly format?: string;
	readonly markdownDescription?: string;
}

interface Manifest {
	readonly activationEvents: string[];
	readonly capabilities?: { untrustedWorkspaces?: { supported: boolean | 'limited'; description?: string; restrictedConfigurations?: string[] } };
	readonly contributes: {
		readonly commands: { command: string; title: string; category?: string }[];
		readonly menus: Record<string, { command: string; when?: string }[]>;
		readonly configuration: { properties: Record<string, Setting> };
	};
}

/** Every `.ts` file below `dir`. */
function sourceFiles(dir: string): string[] {
	return fs
		.readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.filter((file) => file.endsWith('.ts'))
		.map((file) => path.join(dir, file));
}

const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as Manifest;

describe('package.json contributes', () => {
	it('declares exactly the commands the code registers, each with the category', () => {
		const declared = manifest.contributes.commands.map((entry) => entry.command).sort();
		assert.deepEqual(declared, Object.values(COMMANDS).sort());
		for (const entry of manifest.contributes.commands) {
			assert.equal(entry.category, 'Fine-Tune Studio', `${entry.command} has no category`);
		}
	});

	it('puts only declared commands in menus', () => {
		const known = new Set<string>(Object.values(COMMANDS));
		for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
			for (const item of items) {
				assert.ok(known.has(item.command), `${menu} names unknown command ${item.command}`);
			}
		}
	});

	it('declares exactly the settings the code reads, with the same defaults', () => {
		const declared = manifest.contributes.configuration.properties;
		assert.deepEqual(Object.keys(declared).sort(), Object.keys(SETTINGS).map((key) => `${CONFIG_SECTION}.${key}`).sort());
		for (const [key, value] of Object.entries(SETTINGS)) {
			assert.deepEqual(declared[`${CONFIG_SECTION}.${key}`]?.default, value, `default of ${key}`);
		}
	});

	it('lets only the user set what can send the API key elsewhere: application scope for the server, organization, project, Azure and any URL-like setting', () => {
		// A workspace, a folder or a dev container's `customizations.vscode.settings` can set any other scope.
		const redirecting = Object.entries(manifest.contributes.configuration.properties).filter(
			([key, setting]) =>
				/\.(baseUrl|organization|project|connections|defaultConnection)$|\.azure\.|url|uri|endpoint|host|proxy/i.test(key) ||
				setting.format === 'uri' ||
				(typeof setting.default === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(setting.default)),
		);
		assert.deepEqual(
			redirecting.map(([key]) => key).sort(),
			[
				'finetuneStudio.azure.apiVersion',
				'finetuneStudio.azure.authenticationProvider',
				'finetuneStudio.azure.managementEndpoint',
				'finetuneStudio.baseUrl',
				'finetuneStudio.connections',
				'finetuneStudio.defaultConnection',
				'finetuneStudio.organization',
				'finetuneStudio.project',
			],
			'the settings this test knows to redirect the key',
		);
		for (const [key, setting] of redirecting) {
			assert.equal(setting.scope, 'application', `${key} must be application scoped`);
		}
	});

	it('declares limited support for untrusted workspaces, with a description', () => {
		const untrusted = manifest.capabilities?.untrustedWorkspaces;
		assert.equal(untrusted?.supported, 'limited');
		assert.ok(untrusted.description && untrusted.description.length > 40, 'says what Restricted Mode turns off');
		for (const key of untrusted.restrictedConfigurations ?? []) {
			assert.ok(key in manifest.contributes.configuration.properties, `restricted setting ${key} is declared`);
		}
	});

	it('shows the commands that send data or use the key only in trusted workspaces, and the linting ones everywhere', () => {
		for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
			for (const item of items) {
				const requiresTrust = /(^|&&\s*)isWorkspaceTrusted(\s*&&|$)/.test(item.when ?? '');
				assert.equal(requiresTrust, TRUSTED_COMMANDS.has(item.command), `${menu}: ${item.command} when "${item.when ?? ''}"`);
			}
		}
	});

	it('registers exactly the trusted commands through the trust guard', () => {
		const guarded = new Set<string>();
		const plain = new Set<string>();
		const ids = new Map(Object.entries(COMMANDS));
		for (const file of sourceFiles(path.join(PROJECT_ROOT, 'src'))) {
			const text = fs.readFileSync(file, 'utf8');
			for (const match of text.matchAll(/(registerTrustedCommand|registerCommand)\(COMMANDS\.(\w+)/g)) {
				const id = ids.get(match[2] as string);
				assert.ok(id, `${file}: unknown command ${match[2]}`);
				(match[1] === 'registerTrustedCommand' ? guarded : plain).add(id);
			}
		}
		assert.deepEqual([...guarded].sort(), [...TRUSTED_COMMANDS].sort());
		assert.deepEqual([...plain].sort(), Object.values(COMMANDS).filter((id) => !TRUSTED_COMMANDS.has(id)).sort());
	});

	it('reads the connection settings only in src/connections', () => {
		const readers = sourceFiles(path.join(PROJECT_ROOT, 'src'))
			.filter((file) => !file.includes(`${path.sep}connections${path.sep}`))
			.filter((file) => /getSetting\('(connections|defaultConnection|baseUrl|organization|project|azure\.apiVersion)'/.test(fs.readFileSync(file, 'utf8')));
		assert.deepEqual(readers, []);
	});

	it('activates only on demand, never on startup', () => {
		for (const event of manifest.activationEvents) {
			assert.ok(event !== '*' && event !== 'onStartupFinished', `activation event ${event}`);
		}
	});
});

describe('README', () => {
	it('promises a sidebar only once the extension contributes a view to one', () => {
		const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
		const hasViews = 'views' in manifest.contributes || 'viewsContainers' in manifest.contributes;
		for (const promise of readme.match(/[^.]*\b(tracks them in the sidebar|in the sidebar)\b[^.]*\./g) ?? []) {
			assert.ok(hasViews || /not there yet|planned/i.test(promise), `the README promises: ${promise.trim()}`);
		}
	});

	it('documents every finding code, one line each, and no code that does not exist', () => {
		const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
		const documented = [...readme.matchAll(/^\| `([a-z]+\.[a-z0-9-]+)` \| (error|warning|info) \|/gm)].map((match) => `${match[1]} ${match[2]}`);
		assert.deepEqual(documented.sort(), Object.entries(FINDING_CODES).map(([code, info]) => `${code} ${info.severity}`).sort());
	});
});
