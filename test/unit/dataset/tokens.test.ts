import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { get_encoding, type Tiktoken } from 'tiktoken';
import { encodingForModel, getTokenizer, type EncodingName } from '../../../src/dataset/tokens';
import { seededRandom } from '../../../src/seededRandom';
import { REFERENCE_PATH, type ReferenceCase } from '../../fixtures/tokens/generateReference';
import { useTestRanks } from './rankDirectory';

const ENCODINGS: readonly EncodingName[] = ['o200k_base', 'cl100k_base'];

/** Fragments the fuzz strings are built from: the pieces the patterns distinguish, in many scripts. */
const FRAGMENTS: readonly (readonly string[])[] = [
	[...'abcxyzABCXYZ'],
	[...' \t\n\r\u0085\ufeff\u00a0\u3000\u2028'],
	[...`'sStTmMdDrReEvVlLſ`],
	[...'ÀàÉéǅǈßΣσДдĳ'],
	[...'\u0300\u0301\u0316\u0345\u20dd\u0e31\u093f'],
	[...'0123456789٠١२३½²Ⅻ'],
	[...'.,;:!?/\\-_()[]{}<>"`~@#$%^&*+=|'],
	[...'你好世界東京の天気안녕하세요'],
	[...'مرحباשלוםनमस्तेสวัสดี'],
	['😀', '👍🏽', '👨‍👩‍👧', '🇺🇸', '❤️‍🔥', '\u{1F9D1}'],
	['the', ' quick', 'HTTP', 'Hello', ' world', 'don', "'t", '//', '\r\n', '  ', '123456', '<|endoftext|>'],
	['\ud800', '\udc00', '\u{1E5D0}', '\u{323B0}', '\u{E0001}', '\u{10FFFD}', '\u{2FFFF}', '\u0378'],
];

function fuzzString(random: () => number): string {
	const favourites = [0, 1, 2].map(() => FRAGMENTS[Math.floor(random() * FRAGMENTS.length)]);
	const length = 1 + Math.floor(random() * 60);
	let text = '';
	for (let index = 0; index < length; index++) {
		const pick = random();
		const pool = pick < 0.85 ? favourites[Math.floor(random() * favourites.length)] : FRAGMENTS[Math.floor(random() * FRAGMENTS.length)];
		text += pool[Math.floor(random() * pool.length)];
	}
	return text;
}

describe('tokens', () => {
	before(useTestRanks);

	describe('encodingForModel', () => {
		const cases: readonly (readonly [string, EncodingName])[] = [
			['gpt-4o-mini-2024-07-18', 'o200k_base'],
			['gpt-4o-2024-08-06', 'o200k_base'],
			['gpt-4.1-nano-2025-04-14', 'o200k_base'],
			['o1', 'o200k_base'],
			['o3-mini', 'o200k_base'],
			['o4-mini-2025-04-16', 'o200k_base'],
			['gpt-5', 'o200k_base'],
			['ft:gpt-4o-mini-2024-07-18:org::abc', 'o200k_base'],
			['gpt-3.5-turbo-0125', 'cl100k_base'],
			['gpt-4', 'cl100k_base'],
			['gpt-4-0613', 'cl100k_base'],
			['gpt-4-turbo', 'cl100k_base'],
			['babbage-002', 'cl100k_base'],
			['davinci-002', 'cl100k_base'],
			['ft:gpt-3.5-turbo-0125:org:custom:id', 'cl100k_base'],
			['ft:davinci-002:org::id', 'cl100k_base'],
			['some-compatible-server-model', 'o200k_base'],
		];
		for (const [model, encoding] of cases) {
			it(`maps ${model} to ${encoding}`, () => assert.equal(encodingForModel(model), encoding));
		}
	});

	describe('against the reference corpus', () => {
		const reference = JSON.parse(fs.readFileSync(REFERENCE_PATH, 'utf8')) as ReferenceCase[];
		for (const encoding of ENCODINGS) {
			it(`counts every case exactly with ${encoding}`, () => {
				const tokenizer = getTokenizer(encoding);
				const mismatches = reference
					.filter((example) => tokenizer.count(example.text) !== example[encoding] || tokenizer.encode(example.text).length !== example[encoding])
					.map((example) => `${example.name}: expected ${example[encoding]}, counted ${tokenizer.count(example.text)}`);
				assert.deepEqual(mismatches, []);
			});
		}
	});

	describe('against the tiktoken WASM package', () => {
		let references: Map<EncodingName, Tiktoken>;
		before(() => {
			references = new Map(ENCODINGS.map((encoding) => [encoding, get_encoding(encoding)]));
		});
		after(() => references.forEach((reference) => reference.free()));

		for (const encoding of ENCODINGS) {
			it(`encodes 3000 seeded random strings identically with ${encoding}`, () => {
				const tokenizer = getTokenizer(encoding);
				const reference = references.get(encoding)!;
				const random = seededRandom(encoding === 'o200k_base' ? 1 : 2);
				const mismatches: string[] = [];
				for (let index = 0; index < 3000 && mismatches.length < 5; index++) {
					const text = fuzzString(random);
					const expected = Array.from(reference.encode_ordinary(text));
					if (tokenizer.count(text) !== expected.length || tokenizer.encode(text).join() !== expected.join()) {
						mismatches.push(JSON.stringify(text));
					}
				}
				assert.deepEqual(mismatches, []);
			});

			it(`encodes 30 KB of one letter as tiktoken does with ${encoding}`, () => {
				// Kept short because the WASM package's merge is quadratic (100 KB takes it seconds).
				const text = 'a'.repeat(30_000);
				assert.deepEqual(getTokenizer(encoding).encode(text), Array.from(references.get(encoding)!.encode_ordinary(text)));
			});

			it(`counts 1 MB of one letter exactly with ${encoding}`, () => {
				// The WASM package runs out of memory on a 1 MB piece. A run of 2^k equal letters merges as a
				// balanced binary tree (every pair has the same rank, leftmost first), so 1 MB is 128 × 8 KB.
				const expected = 128 * references.get(encoding)!.encode_ordinary('a'.repeat(8192)).length;
				assert.equal(getTokenizer(encoding).count('a'.repeat(1024 * 1024)), expected);
			});
		}

		it('counts a lone surrogate as U+FFFD instead of throwing', () => {
			for (const encoding of ENCODINGS) {
				const tokenizer = getTokenizer(encoding);
				assert.equal(tokenizer.count('x\ud800y'), tokenizer.count('x\ufffdy'));
				assert.equal(tokenizer.count('\udc00\ud83d'), references.get(encoding)!.encode_ordinary('\udc00\ud83d').length);
			}
			// What Python's tiktoken 0.14 gives for encode_ordinary('a\ud800b'), as the doc comment says.
			assert.deepEqual(getTokenizer('o200k_base').encode('a\ud800b'), [64, 3251, 65]);
		});
	});
});
