import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yauzl from 'yauzl';
import { packageVsix } from '../host/packageVsix';
import { PROJECT_ROOT } from '../host/paths';

/** The entries of a zip file (a .vsix), each with its uncompressed size. */
function listEntries(zipFile: string): Promise<Map<string, number>> {
	return new Promise((resolve, reject) => {
		yauzl.open(zipFile, { lazyEntries: true }, (openError, zip) => {
			if (openError) {
				reject(openError);
				return;
			}
			const entries = new Map<string, number>();
			zip.on('entry', (entry: yauzl.Entry) => {
				entries.set(entry.fileName, entry.uncompressedSize);
				zip.readEntry();
			});
			zip.once('end', () => resolve(entries));
			zip.once('error', reject);
			zip.readEntry();
		});
	});
}

describe('npm run package', () => {
	let vsix: string;
	let entries: Map<string, number>;

	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'finetune-studio-vsix-'));
	after(() => fs.rmSync(dir, { recursive: true, force: true }));

	before(async () => {
		vsix = await packageVsix(path.join(dir, 'finetune-studio.vsix'), path.join(dir, 'package.log'));
		entries = await listEntries(vsix);
	});

	it('produces a .vsix under 2 MB', () => {
		const size = fs.statSync(vsix).size;
		assert.ok(size < 2 * 1024 * 1024, `${size} bytes`);
	});

	it('holds the bundles, the manifest and the media', () => {
		for (const required of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/webview/chat.js', 'extension/dist/webview/codicon.css', 'extension/dist/webview/codicon.ttf', 'extension/dist/cli.js', 'extension/media/chat.css', 'extension/readme.md', 'extension/media/readme/tracking-jobs.png']) {
			assert.ok(entries.has(required), `missing ${required}; has ${[...entries.keys()].join(', ')}`);
		}
	});

	it('holds no sources, tests, dependencies or source maps', () => {
		for (const name of entries.keys()) {
			assert.doesNotMatch(name, /^extension\/(src|test|node_modules|out|\.vscode-test)\//, name);
			assert.doesNotMatch(name, /\.(map|ts)$/, name);
		}
	});

	it('ships a minified production build', () => {
		const bundle = fs.readFileSync(path.join(PROJECT_ROOT, 'dist', 'extension.js'), 'utf8');
		assert.doesNotMatch(bundle, /sourceMappingURL/);
		// Minified code runs on in lines thousands of characters long; only template literals keep their breaks.
		const lines = bundle.split('\n');
		assert.ok(bundle.length / lines.length > 1000, `the bundle is not minified: ${lines.length} lines`);
	});
});
