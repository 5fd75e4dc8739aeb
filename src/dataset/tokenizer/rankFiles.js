// Converts tiktoken's rank JSON (from the `tiktoken` devDependency, MIT) into the compact binary files the
// extension ships, so the ranks are read from disk at run time instead of being bundled into every script.
// Plain CommonJS so `esbuild.js` can require it without a TypeScript step.
//
// File layout (little-endian), ranks 0..count-1 in order:
//   bytes 0-3  magic "FTRK"
//   bytes 4-7  uint32 token count
//   then       count × uint8 token byte length
//   then       the token bytes, concatenated in rank order
const { Buffer } = require('node:buffer');
const fs = require('node:fs');
const path = require('node:path');

/** The encodings the extension ships. */
const ENCODINGS = ['o200k_base', 'cl100k_base'];

/** The extension of a rank file, after `<encoding>.`. */
const RANK_FILE_EXTENSION = 'ranks';

/** The first four bytes of every rank file. */
const RANK_FILE_MAGIC = 'FTRK';

/**
 * Encodes tiktoken's `bpe_ranks` text (lines of `<marker> <first rank> <base64 token>...`) as a rank file.
 * @param {string} bpeRanks
 * @returns {Buffer}
 */
function encodeRankFile(bpeRanks) {
	const tokens = [];
	for (const line of bpeRanks.split('\n')) {
		if (line === '') {
			continue;
		}
		const [, firstRank, ...encoded] = line.split(' ');
		// The format stores ranks implicitly by position, so a gap would silently shift every later rank.
		if (Number(firstRank) !== tokens.length) {
			throw new Error(`Rank data is not contiguous: a line starts at rank ${firstRank}, expected ${tokens.length}.`);
		}
		for (const token of encoded) {
			const bytes = Buffer.from(token, 'base64');
			if (bytes.length === 0 || bytes.length > 255) {
				throw new Error(`Token at rank ${tokens.length} is ${bytes.length} bytes long; the format stores 1-255.`);
			}
			tokens.push(bytes);
		}
	}
	const header = Buffer.alloc(8);
	header.write(RANK_FILE_MAGIC, 0, 'latin1');
	header.writeUInt32LE(tokens.length, 4);
	const lengths = Buffer.from(tokens.map((token) => token.length));
	return Buffer.concat([header, lengths, ...tokens]);
}

/**
 * Writes `<outDir>/<encoding>.ranks` for every shipped encoding from `node_modules/tiktoken/encoders/*.json`.
 * @param {string} outDir
 * @returns {void}
 */
function writeRankFiles(outDir) {
	fs.mkdirSync(outDir, { recursive: true });
	for (const encoding of ENCODINGS) {
		const source = require.resolve(`tiktoken/encoders/${encoding}.json`);
		const { bpe_ranks: bpeRanks } = JSON.parse(fs.readFileSync(source, 'utf8'));
		fs.writeFileSync(path.join(outDir, `${encoding}.${RANK_FILE_EXTENSION}`), encodeRankFile(bpeRanks));
	}
}

module.exports = { writeRankFiles, RANK_FILE_EXTENSION, RANK_FILE_MAGIC };
