import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, CONFIG_SECTION, SETTINGS } from '../../src/contributes';
import { FINDING_CODES } from '../../src/dataset/codes';
import { PROJECT_ROOT } from '../host/paths';

interface Manifest {
	readonly activationEvents: string[];
	readonly contributes: {
		readonly commands: { command: string; title: string; category?: string }[];
		readonly menus: Record<string, { command: string }[]>;
		readonly configuration: { properties: Record<string, { default: unknown }> };
	};
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

	it('activates only on demand, never on startup', () => {
		for (const event of manifest.activationEvents) {
			assert.ok(event !== '*' && event !== 'onStartupFinished', `activation event ${event}`);
		}
	});
});

describe('README', () => {
	it('documents every finding code, one line each, and no code that does not exist', () => {
		const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
		const documented = [...readme.matchAll(/^\| `([a-z]+\.[a-z0-9-]+)` \| (error|warning|info) \|/gm)].map((match) => `${match[1]} ${match[2]}`);
		assert.deepEqual(documented.sort(), Object.entries(FINDING_CODES).map(([code, info]) => `${code} ${info.severity}`).sort());
	});
});
