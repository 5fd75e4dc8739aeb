// Bundles the extension host code, the webview code and the command line; `tsc` type-checks beside it.
const fs = require('node:fs');
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

/** A bundled package's licence as a comment that minifying keeps: its MIT licence asks for the notice in every copy. */
function thirdPartyNotice(name) {
	const { version } = require(`${name}/package.json`);
	const licence = fs.readFileSync(require.resolve(`${name}/LICENSE`), 'utf8').trim();
	return `/*! ${name} ${version}\n${licence}\n*/`;
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
		entryPoints: ['src/webview/chat/main.ts'],
		outfile: 'dist/webview/chat.js',
		platform: 'browser',
		format: 'iife',
		target: 'es2022',
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
