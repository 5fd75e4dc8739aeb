// Job ids and file names come from the server, and the export turns them into folder and file names.
// A hostile or broken server must not be able to write outside the export folder (`../x`, `a/b`,
// an absolute path), hide a file (`.bashrc`), hit a name Windows reserves (`CON`), or make two
// items share one name, on a case-insensitive file system too.
import { createHash } from 'node:crypto';

// Letters and digits of any script, and a few harmless marks; anything else becomes `_`.
const UNSAFE_CHARACTERS = /[^\p{L}\p{N}._ +=@,()-]/gu;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;
/**
 * Bytes a name may take: file systems allow 255, and the safe writer's temporary name adds about 20,
 * so this leaves room with a margin for the hash a changed name gets.
 */
const MAX_NAME_BYTES = 120;
const EXTENSION = /\.[\p{L}\p{N}]{1,10}$/u;

function shortHash(text: string): string {
	return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** `text` cut to at most `maxBytes` of UTF-8, never inside a character. */
function cutToBytes(text: string, maxBytes: number): string {
	let result = '';
	let bytes = 0;
	for (const char of text) {
		bytes += Buffer.byteLength(char);
		if (bytes > maxBytes) {
			break;
		}
		result += char;
	}
	return result;
}

/** `stem-tag.ext` for `stem.ext`, within the length limit. */
function tagged(name: string, tag: string): string {
	const extension = EXTENSION.exec(name)?.[0] ?? '';
	const stem = name.slice(0, name.length - extension.length);
	return `${cutToBytes(stem, MAX_NAME_BYTES - Buffer.byteLength(extension) - tag.length - 1)}-${tag}${extension}`;
}

/**
 * A name that is safe as one path component inside the export folder. Names that are safe already
 * are kept as they are; any other gets a short hash of the original, so that two different unsafe
 * names (`a/b` and `a:b`) never end up the same.
 */
export function safeName(name: string): string {
	let cleaned = name.normalize('NFC').replace(UNSAFE_CHARACTERS, '_').replace(/^[. ]+/, '').replace(/[. ]+$/, '');
	if (WINDOWS_RESERVED.test(cleaned)) {
		cleaned = `_${cleaned}`;
	}
	if (cleaned === name && name !== '' && Buffer.byteLength(name) <= MAX_NAME_BYTES) {
		return name;
	}
	return tagged(cleaned === '' ? 'unnamed' : cleaned, shortHash(name));
}

/**
 * Hands out names in one folder: each key (a job or file id) gets {@link safeName} of its wanted
 * name, unless another key already holds that name ignoring case; then it gets the name tagged with
 * a hash of its key. The same key asking again gets the same name.
 */
export class FolderNames {
	private readonly byLowerName = new Map<string, string>();
	private readonly byKey = new Map<string, string>();

	claim(key: string, wanted: string): string {
		const known = this.byKey.get(key);
		if (known !== undefined) {
			return known;
		}
		let name = safeName(wanted);
		const holder = this.byLowerName.get(name.toLowerCase());
		if (holder !== undefined && holder !== key) {
			name = tagged(name, shortHash(key));
		}
		this.byLowerName.set(name.toLowerCase(), key);
		this.byKey.set(key, name);
		return name;
	}
}
