// Speed of exact token counting: MB/s of count() on ~20 MB of chat-like text per encoding, and the time for
// one megabyte of a single letter (the case that is quadratic in naive byte pair merging).
// Run with `node out/test/bench/tokens.bench.js` after `npm run compile`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getTokenizer, type EncodingName } from '../../src/dataset/tokens';
import { PROJECT_ROOT } from '../host/paths';
import { useTestRanks } from '../unit/dataset/rankDirectory';

const TARGET_BYTES = 20 * 1024 * 1024;

// Non-Latin chat turns to mix in; the prose and code come from the READMEs and sources in node_modules.
const MULTILINGUAL = [
	'你好！请帮我把这段代码改写成异步的版本，并解释一下为什么这样更好。',
	'東京の天気は明日どうなりますか？傘を持っていくべきでしょうか。',
	'안녕하세요, 이 문장을 영어로 번역해 주시겠어요? 감사합니다.',
	'مرحبا، هل يمكنك مساعدتي في كتابة رسالة إلى مديري؟',
	'שלום, מה השעה עכשיו בתל אביב?',
	'नमस्ते, कृपया मुझे इस वाक्य का अर्थ समझाइए।',
	'สวัสดีครับ วันนี้อากาศดีมาก',
	'Привет! Как настроить обучение модели на моих данных?',
	'Great job 🎉🎉 👍🏽 see you soon 👨‍👩‍👧‍👦 🇩🇪🇫🇷 ❤️‍🔥',
];

function collectFiles(directory: string, extensions: readonly string[], into: string[], limit: number): void {
	for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
		if (into.length >= limit) {
			return;
		}
		const full = path.join(directory, entry.name);
		if (entry.isDirectory()) {
			collectFiles(full, extensions, into, limit);
		} else if (extensions.some((extension) => entry.name.endsWith(extension))) {
			into.push(full);
		}
	}
}

function realisticText(): string {
	const files: string[] = [];
	collectFiles(path.join(PROJECT_ROOT, 'node_modules'), ['.md', '.ts', '.js', '.json', '.py'], files, 4000);
	const parts: string[] = [];
	let size = 0;
	let turn = 0;
	for (let index = 0; size < TARGET_BYTES; index = (index + 1) % files.length) {
		const text = fs.readFileSync(files[index], 'utf8').slice(0, 20_000);
		const chat = MULTILINGUAL[turn++ % MULTILINGUAL.length].repeat(1 + (turn % 4));
		parts.push(text, chat);
		size += Buffer.byteLength(text) + Buffer.byteLength(chat);
	}
	return parts.join('\n');
}

function main(): void {
	useTestRanks();
	const text = realisticText();
	const megabytes = Buffer.byteLength(text) / 1024 / 1024;
	for (const encoding of ['o200k_base', 'cl100k_base'] satisfies EncodingName[]) {
		const loadStart = performance.now();
		const tokenizer = getTokenizer(encoding);
		const loadMs = performance.now() - loadStart;
		// Count per line, as the linter does per record, so the benchmark measures piece handling, not one huge call.
		const lines = text.split('\n');
		const start = performance.now();
		let tokens = 0;
		for (const line of lines) {
			tokens += tokenizer.count(line);
		}
		const seconds = (performance.now() - start) / 1000;
		const letterStart = performance.now();
		const letterTokens = tokenizer.count('a'.repeat(1024 * 1024));
		const letterMs = performance.now() - letterStart;
		console.log(
			`${encoding}: load ${loadMs.toFixed(0)} ms; ${megabytes.toFixed(1)} MB, ${tokens} tokens in ${seconds.toFixed(2)} s = ` +
				`${(megabytes / seconds).toFixed(1)} MB/s; 1 MB of 'a' = ${letterTokens} tokens in ${letterMs.toFixed(0)} ms`,
		);
	}
}

main();
