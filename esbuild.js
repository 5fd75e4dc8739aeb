// Bundles the extension host code, the webview code and the command line; `tsc` type-checks beside it.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the shape VS Code's `$esbuild-watch` problem matcher reads. */
const problemMatcherPlugin = {
	name: 'esbuild-problem-matcher',
	setup(build) {
		build.onStart(() => {
			if (watch) {
				console.log('[watch] build started');
			}
		});
		build.onEnd((result) => {
			for (const { text, location } of result.errors) {
				console.error(`✘ [ERROR] ${text}`);
				if (location) {
					console.error(`    ${location.file}:${location.line}:${location.column}:`);
				}
			}
			if (watch) {
				console.log('[watch] build finished');
			}
		});
	},
};

const shared = {
	bundle: true,
	minify: production,
	sourcemap: !production,
	sourcesContent: false,
	logLevel: 'silent',
	// jsonc-parser's default entry is a UMD build whose dynamic requires esbuild cannot follow.
	mainFields: ['module', 'main'],
	plugins: [problemMatcherPlugin],
};

/** Where `name` is installed as seen from `from` (a package's `exports` may hide its package.json from `require`). */
function packageDirectory(name, from) {
	const directory = require.resolve.paths(name).map((modules) => path.join(modules, name)).find((candidate) => fs.existsSync(path.join(candidate, 'package.json')));
	if (directory === undefined) {
		throw new Error(`${name} is not installed (seen from ${from})`);
	}
	return directory;
}

/**
 * A bundled package's licence as a comment that minifying keeps: its licence asks for the notice in
 * every copy. `from` is the package that depends on it, for one installed inside that package.
 */
function thirdPartyNotice(name, from = '.') {
	const directory = from === '.' ? packageDirectory(name, from) : [path.join(packageDirectory(from, '.'), 'node_modules', name), packageDirectory(name, from)].find((candidate) => fs.existsSync(path.join(candidate, 'package.json')));
	const { version } = JSON.parse(fs.readFileSync(path.join(directory, 'package.json'), 'utf8'));
	const licenceFile = fs.readdirSync(directory).sort().find((file) => /^licen[cs]e/i.test(file));
	const licence = fs.readFileSync(path.join(directory, licenceFile), 'utf8').trim();
	return `/*! ${name} ${version}\n${licence}\n*/`;
}

/**
 * The codicons font and its stylesheet, copied beside the chat bundle: a packaged extension has no
 * node_modules, and the webview may only load from dist/webview and media. The icons are under
 * CC-BY-4.0 (LICENSE), the code under MIT (LICENSE-CODE); both notices head the stylesheet.
 */
function writeCodicons(outdir) {
	const directory = packageDirectory('@vscode/codicons', '.');
	const { version } = JSON.parse(fs.readFileSync(path.join(directory, 'package.json'), 'utf8'));
	const notices = ['LICENSE', 'LICENSE-CODE'].map((file) => `/*! @vscode/codicons ${version} (${file})\n${fs.readFileSync(path.join(directory, file), 'utf8').trim()}\n*/`);
	const stylesheet = fs.readFileSync(path.join(directory, 'dist', 'codicon.css'), 'utf8');
	fs.mkdirSync(outdir, { recursive: true });
	fs.writeFileSync(path.join(outdir, 'codicon.css'), `${notices.join('\n')}\n${stylesheet}`);
	fs.copyFileSync(path.join(directory, 'dist', 'codicon.ttf'), path.join(outdir, 'codicon.ttf'));
}

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
	{
		...shared,
		entryPoints: ['src/extension.ts'],
		outfile: 'dist/extension.js',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['vscode'],
	},
	{
		...shared,
		// markdown-it (with what it bundles) and DOMPurify render replies; DOMPurify is under MPL-2.0 or
		// Apache-2.0, here Apache-2.0 (its LICENSE file), whose text travels with the bundle.
		entryPoints: ['src/webview/chat/main.ts'],
		outfile: 'dist/webview/chat.js',
		platform: 'browser',
		format: 'iife',
		target: 'es2022',
		banner: {
			js: [
				thirdPartyNotice('markdown-it'),
				thirdPartyNotice('entities', 'markdown-it'),
				thirdPartyNotice('linkify-it'),
				thirdPartyNotice('mdurl'),
				thirdPartyNotice('uc.micro'),
				thirdPartyNotice('punycode.js'),
				thirdPartyNotice('dompurify'),
			].join('\n'),
		},
	},
	{
		...shared,
		// uPlot is bundled (webviews load nothing remote); its MIT notice travels with both bundles.
		entryPoints: ['src/webview/metrics/main.ts'],
		outfile: 'dist/webview/metrics.js',
		platform: 'browser',
		format: 'iife',
		target: 'es2022',
		banner: { js: thirdPartyNotice('uplot'), css: thirdPartyNotice('uplot') },
	},
	{
		...shared,
		// The dataset report's histogram, with uPlot as the metrics chart has it.
		entryPoints: ['src/webview/report/main.ts'],
		outfile: 'dist/webview/report.js',
		platform: 'browser',
		format: 'iife',
		target: 'es2022',
		banner: { js: thirdPartyNotice('uplot'), css: thirdPartyNotice('uplot') },
	},
	{
		...shared,
		entryPoints: ['src/dataset/fileLintWorker.ts'],
		outfile: 'dist/fileLintWorker.js',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
	},
	{
		...shared,
		entryPoints: ['src/cli.ts'],
		outfile: 'dist/cli.js',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		banner: { js: '#!/usr/bin/env node' },
	},
];

async function main() {
	// The tokenizer's ranks ship as files beside the bundles, read at run time, not bundled thrice.
	require('./src/dataset/tokenizer/rankFiles.js').writeRankFiles('dist/tokenizer');
	writeCodicons('dist/webview');
	const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
	if (watch) {
		await Promise.all(contexts.map((context) => context.watch()));
		return;
	}
	try {
		const results = await Promise.all(contexts.map((context) => context.rebuild()));
		if (results.some((result) => result.errors.length > 0)) {
			process.exitCode = 1;
		}
	} finally {
		await Promise.all(contexts.map((context) => context.dispose()));
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
