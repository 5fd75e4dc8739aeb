// The one way the extension writes a file. A dataset folder may come from anyone: a symlink named
// like our output must not make us overwrite what it points to, and a user's file must not be
// replaced behind their back. So every write goes to a fresh temporary file beside the target
// (created exclusively, so a planted symlink there is never followed), is flushed to disk, and only
// then takes the target's name, after the target was checked and, if it exists, the caller agreed.
import { randomBytes } from 'node:crypto';
import { constants, createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { link, lstat, open, readdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';

/** What the user said about replacing an existing file. */
export type ReplaceAnswer = 'replace' | 'fresh-name' | 'cancel';

/**
 * What to do when the target already exists: `fail`, write under a fresh name beside it
 * (`name-1.jsonl`, `name-2.jsonl`, …), or ask about the existing files (the editor shows a modal;
 * the answer decides).
 */
export type WhenExists = 'fail' | 'fresh-name' | ((...existing: string[]) => Promise<ReplaceAnswer>);

/** Options of {@link openSafeWrite} and {@link writeFileSafely}. */
export interface SafeWriteOptions {
	readonly whenExists: WhenExists;
}

/** Options of {@link openSafeWrites}. */
export interface SafeWritesOptions extends SafeWriteOptions {
	/** The group's names with a suffix, for `fresh-name`; by default `name-<suffix>.ext` for each. */
	readonly freshNames?: (suffix: number) => readonly string[];
}

/** Thrown when the target is a symlink, a directory or anything else that is not a regular file. */
export class UnsafeTargetError extends Error {
	constructor(
		readonly target: string,
		readonly kind: 'symlink' | 'not-a-file',
	) {
		super(kind === 'symlink' ? `${target} is a symbolic link: not writing through it` : `${target} exists and is not a regular file`);
		this.name = 'UnsafeTargetError';
	}

	static is(error: unknown): error is UnsafeTargetError {
		return error instanceof UnsafeTargetError;
	}
}

/** Thrown when the target exists and the caller's policy (or the user's answer) is not to replace it. */
export class TargetExistsError extends Error {
	constructor(
		readonly target: string,
		/** True when the user was asked and said no. */
		readonly declined: boolean,
	) {
		super(declined ? `Kept ${target}: not replaced` : `${target} already exists`);
		this.name = 'TargetExistsError';
	}

	static is(error: unknown): error is TargetExistsError {
		return error instanceof TargetExistsError;
	}
}

/** A file being written: write to {@link stream}, then {@link commit}; {@link abort} leaves nothing behind. */
export interface SafeWriter {
	/** The path the file gets on commit: the target, or a fresh name beside it. */
	readonly path: string;
	/** The temporary file's stream; pipe into it or use {@link write}. */
	readonly stream: WriteStream;
	/** Writes a chunk, waiting when the stream asks to. */
	write(chunk: string | Uint8Array): Promise<void>;
	/** Ends the stream, flushes it to disk and gives the file its name. */
	commit(): Promise<string>;
	/** Discards the temporary file; safe to call after a failed or finished commit. */
	abort(): Promise<void>;
}

/** How a name is settled: overwrite it, or take it only if it is still free. */
interface Destination {
	readonly path: string;
	readonly replace: boolean;
	/** The replaced file's permission bits, kept on the new file. */
	readonly mode?: number;
}

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/** What `link` fails with where the file system has no hard links. */
const NO_HARD_LINKS: ReadonlySet<string> = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/** What is at `target`: nothing, a regular file (with its mode), or an error for anything else. */
async function inspect(target: string): Promise<{ exists: false } | { exists: true; mode: number }> {
	let stats;
	try {
		stats = await lstat(target);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return { exists: false };
		}
		throw error;
	}
	if (stats.isSymbolicLink()) {
		throw new UnsafeTargetError(target, 'symlink');
	}
	if (!stats.isFile()) {
		throw new UnsafeTargetError(target, 'not-a-file');
	}
	return { exists: true, mode: stats.mode & 0o777 };
}

/** `name-1.ext` for `name.ext`: the default fresh name. */
function withSuffix(target: string, suffix: number): string {
	const extension = path.extname(target);
	return `${target.slice(0, target.length - extension.length)}-${suffix}${extension}`;
}

/** Where each target is written, once the existing ones are dealt with as `options` say. */
async function settle(targets: readonly string[], options: SafeWritesOptions): Promise<Destination[]> {
	const found = await Promise.all(targets.map(inspect));
	const existing = targets.filter((_, index) => found[index]?.exists);
	if (existing.length === 0) {
		return targets.map((target) => ({ path: target, replace: false }));
	}
	const { whenExists } = options;
	const answer = typeof whenExists === 'function' ? await whenExists(...existing) : whenExists;
	if (answer === 'replace') {
		return targets.map((target, index) => {
			const state = found[index];
			return state?.exists ? { path: target, replace: true, mode: state.mode } : { path: target, replace: false };
		});
	}
	if (answer === 'fresh-name') {
		const freshNames = options.freshNames ?? ((suffix: number) => targets.map((target) => withSuffix(target, suffix)));
		for (let suffix = 1; ; suffix++) {
			const candidates = freshNames(suffix).map((candidate) => path.resolve(candidate));
			// Anything at a candidate name, even an unsafe one, only means "try the next name".
			const taken = await Promise.all(candidates.map((candidate) => inspect(candidate).then((state) => state.exists, () => true)));
			if (!taken.includes(true)) {
				return candidates.map((candidate) => ({ path: candidate, replace: false }));
			}
		}
	}
	throw new TargetExistsError(existing[0] as string, answer === 'cancel');
}

/** Gives the temporary file its name without ever replacing a file the caller did not agree to replace. */
async function place(temporary: string, destination: Destination): Promise<void> {
	if (destination.replace) {
		// Checked again: the target may have become a symlink while the user was deciding. (A rename
		// over a symlink would replace the link, not what it points to, but the user said yes to a file.)
		await inspect(destination.path);
		await rename(temporary, destination.path);
		return;
	}
	// A hard link fails if the name was taken meanwhile, where a rename would silently replace it.
	try {
		await link(temporary, destination.path);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') {
			throw new TargetExistsError(destination.path, false);
		}
		if (code !== undefined && NO_HARD_LINKS.has(code)) {
			// A file system without hard links (FAT, some network shares): check, then rename.
			if ((await inspect(destination.path)).exists) {
				throw new TargetExistsError(destination.path, false);
			}
			await rename(temporary, destination.path);
			return;
		}
		throw error;
	}
	await rm(temporary, { force: true });
}

/**
 * Opens `target` for writing through a temporary file beside it (see the module comment). The
 * target is checked now: a symlink or a non-regular file is refused with {@link UnsafeTargetError},
 * an existing file handled as `options.whenExists` says.
 */
export async function openSafeWrite(target: string, options: SafeWriteOptions): Promise<SafeWriter> {
	const [writer] = await openSafeWrites([target], options);
	return writer as SafeWriter;
}

/**
 * Opens files that belong together, such as the two parts of a split, as {@link openSafeWrite}
 * does one: the user is asked once about all the existing ones, and a fresh name is one suffix
 * that is free for every file of the group.
 */
export async function openSafeWrites(targets: readonly string[], options: SafeWritesOptions): Promise<SafeWriter[]> {
	const destinations = await settle(targets.map((target) => path.resolve(target)), options);
	const writers: SafeWriter[] = [];
	try {
		for (const destination of destinations) {
			writers.push(await openSettled(destination));
		}
	} catch (error) {
		await Promise.all(writers.map((writer) => writer.abort()));
		throw error;
	}
	return writers;
}

const TEMPORARY_TAG_BYTES = 6;

/** A fresh hidden name beside `target` for its content to take shape under. */
function temporaryBeside(target: string): string {
	return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(TEMPORARY_TAG_BYTES).toString('hex')}.tmp`);
}

/**
 * Removes the temporary files a write of `target` left beside it when its process was killed before
 * it could clean up (an abort or a failure removes its own). Only for callers that know no other
 * write of `target` is under way, such as a resumed export.
 * @returns how many were removed.
 */
export async function removeLeftoverTemporaries(target: string): Promise<number> {
	const prefix = `.${path.basename(target)}.`;
	const pattern = new RegExp(`^[0-9a-f]{${TEMPORARY_TAG_BYTES * 2}}\\.tmp$`);
	const dir = path.dirname(target);
	const leftovers = (await readdir(dir)).filter((name) => name.startsWith(prefix) && pattern.test(name.slice(prefix.length)));
	await Promise.all(leftovers.map((name) => rm(path.join(dir, name), { force: true })));
	return leftovers.length;
}

async function openSettled(destination: Destination): Promise<SafeWriter> {
	const temporary = temporaryBeside(destination.path);
	// O_EXCL: fails on any existing entry, a symlink included, so nothing planted there is followed.
	const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW, destination.mode ?? 0o666);
	// `flush`: fsync before the stream closes its file, so the rename never publishes unwritten data.
	const stream = createWriteStream(temporary, { fd: handle, flush: true });
	let state: 'open' | 'committed' | 'aborted' = 'open';
	const closed = async (): Promise<void> => {
		if (stream.errored) {
			throw stream.errored;
		}
		if (!stream.closed) {
			await once(stream, 'close');
		}
	};

	const abort = async (): Promise<void> => {
		if (state !== 'open') {
			return;
		}
		state = 'aborted';
		stream.destroy();
		await closed().catch(() => undefined);
		await rm(temporary, { force: true });
	};

	return {
		path: destination.path,
		stream,
		async write(chunk) {
			if (!stream.write(chunk)) {
				await once(stream, 'drain');
			}
		},
		async commit() {
			if (state !== 'open') {
				throw new Error(`${destination.path}: already ${state}`);
			}
			try {
				stream.end();
				await closed();
				await place(temporary, destination);
				state = 'committed';
				return destination.path;
			} catch (error) {
				await abort();
				throw error;
			}
		},
		abort,
	};
}

/**
 * Gives the regular file `source` the further name `target` (a hard link: the bytes are stored once),
 * with `target` checked and settled as {@link openSafeWrite} does. Where the file system has no hard
 * links, the file is copied through a temporary file instead. Returns the path written.
 */
export async function linkSafely(source: string, target: string, options: SafeWriteOptions): Promise<string> {
	const [destination] = (await settle([path.resolve(target)], options)) as [Destination];
	const temporary = temporaryBeside(destination.path);
	try {
		await link(source, temporary);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === undefined || !NO_HARD_LINKS.has(code)) {
			throw error;
		}
		const writer = await openSettled(destination);
		try {
			await pipeline(createReadStream(source), writer.stream);
		} catch (copyError) {
			await writer.abort();
			throw copyError;
		}
		return writer.commit();
	}
	try {
		await place(temporary, destination);
	} finally {
		await rm(temporary, { force: true });
	}
	return destination.path;
}

/** Writes `data` to `target` in one go, through {@link openSafeWrite}; returns the path written. */
export async function writeFileSafely(target: string, data: string | Uint8Array, options: SafeWriteOptions): Promise<string> {
	const writer = await openSafeWrite(target, options);
	try {
		await writer.write(data);
	} catch (error) {
		await writer.abort();
		throw error;
	}
	return writer.commit();
}

/** Thrown by {@link appendLineSafely} when the file changed while its copy was made: nothing was written. */
export class TargetChangedError extends Error {
	constructor(readonly target: string) {
		super(`${target} changed while a line was appended to it: not written`);
		this.name = 'TargetChangedError';
	}

	static is(error: unknown): error is TargetChangedError {
		return error instanceof TargetChangedError;
	}
}

/** Where {@link appendLineSafely} put the line. */
export interface AppendedLine {
	readonly path: string;
	/** The line's number, from 1. */
	readonly line: number;
}

const COPY_CHUNK_BYTES = 1024 * 1024;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Adds `line` (one line, without its break) at the end of the regular file `target`, or creates the
 * file with it. Like every write here it goes through a temporary file: the existing bytes are
 * copied as they are (streamed, so a file of any size keeps all of them), a line break is added when
 * the file does not end with one, then the line and a break in the file's own style (`\r\n` when its
 * first line ends so). The result takes the target's name, its permissions kept; if the target
 * changed during the copy, nothing is written and {@link TargetChangedError} says so.
 */
export async function appendLineSafely(target: string, line: string): Promise<AppendedLine> {
	const destination = path.resolve(target);
	const found = await inspect(destination);
	if (!found.exists) {
		return { path: await writeFileSafely(destination, `${line}\n`, { whenExists: 'fail' }), line: 1 };
	}
	const source = await open(destination, constants.O_RDONLY | NO_FOLLOW);
	let writer: SafeWriter | undefined;
	try {
		const before = await source.stat();
		if (!before.isFile()) {
			throw new UnsafeTargetError(destination, 'not-a-file');
		}
		writer = await openSettled({ path: destination, replace: true, mode: found.mode });
		const buffer = Buffer.alloc(COPY_CHUNK_BYTES);
		let lineFeeds = 0;
		let last: number | undefined;
		let lineBreak: string | undefined;
		for (let position = 0; ; ) {
			const { bytesRead } = await source.read(buffer, 0, buffer.length, position);
			if (bytesRead === 0) {
				break;
			}
			for (let at = buffer.indexOf(LINE_FEED); at >= 0 && at < bytesRead; at = buffer.indexOf(LINE_FEED, at + 1)) {
				lineFeeds++;
				lineBreak ??= (at > 0 ? buffer[at - 1] : last) === CARRIAGE_RETURN ? '\r\n' : '\n';
			}
			last = buffer[bytesRead - 1];
			await writer.write(Buffer.from(buffer.subarray(0, bytesRead)));
			position += bytesRead;
		}
		const endsOpen = last !== undefined && last !== LINE_FEED;
		const eol = lineBreak ?? '\n';
		await writer.write(`${endsOpen ? eol : ''}${line}${eol}`);
		const after = await lstat(destination);
		if (after.ino !== before.ino || after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
			throw new TargetChangedError(destination);
		}
		await writer.commit();
		return { path: destination, line: lineFeeds + (endsOpen ? 2 : 1) };
	} catch (error) {
		await writer?.abort();
		throw error;
	} finally {
		await source.close();
	}
}

/**
 * Opens `targets` as {@link openSafeWrites} does, lets `write` fill them, then commits them all; when
 * `write` fails, none is left behind, neither half-written nor under its name.
 */
export async function withSafeWrites<T>(targets: readonly string[], options: SafeWritesOptions, write: (writers: readonly SafeWriter[]) => Promise<T>): Promise<{ result: T; paths: string[] }> {
	const writers = await openSafeWrites(targets, options);
	try {
		const result = await write(writers);
		const paths: string[] = [];
		for (const writer of writers) {
			paths.push(await writer.commit());
		}
		return { result, paths };
	} catch (error) {
		await Promise.all(writers.map((writer) => writer.abort()));
		throw error;
	}
}
