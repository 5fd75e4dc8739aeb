import { getLocation } from 'jsonc-parser';
import { BoundedTokenCount, messageTokens } from './exampleTokens';
import { detectFormat } from './format';
import type { LineLinter } from './lineLint';
import { isObject } from './rules/context';

/** Token counts at a place in a line: the example's, and the message's under the cursor. */
export interface TokenInfo {
	readonly exampleTokens: number;
	readonly message?: { readonly label: string; readonly tokens: number };
}

/** Where messages sit in each format, as JSON paths with a wildcard index. */
const MESSAGE_PATHS: readonly (readonly string[])[] = [['messages'], ['input', 'messages'], ['preferred_output'], ['non_preferred_output']];

/** The token counts for a hover at `character` in a line holding one example. */
export function tokenInfoAt(text: string, character: number, linter: LineLinter): TokenInfo | undefined {
	let record: unknown;
	try {
		record = JSON.parse(text);
	} catch {
		return undefined;
	}
	if (!isObject(record)) {
		return undefined;
	}
	const detected = detectFormat(record, linter.accepted);
	if (detected.kind !== 'format') {
		return undefined;
	}
	const info: { exampleTokens: number; message?: { label: string; tokens: number } } = { exampleTokens: linter.countTokens(record, detected.format).tokens };
	let path: ReturnType<typeof getLocation>['path'];
	try {
		path = getLocation(text, character).path;
	} catch {
		// Nesting too deep for jsonc-parser's recursion: the example's count alone.
		return info;
	}
	for (const prefix of MESSAGE_PATHS) {
		const index = path[prefix.length];
		if (typeof index !== 'number' || !prefix.every((key, position) => path[position] === key)) {
			continue;
		}
		let list: unknown = record;
		for (const key of prefix) {
			list = isObject(list) ? list[key] : undefined;
		}
		const message = Array.isArray(list) ? (list[index] as unknown) : undefined;
		if (isObject(message)) {
			const role = typeof message.role === 'string' ? message.role : 'message';
			// With the linter's bound on exact counting, so that hovering a hostile line stays quick.
			const counter = new BoundedTokenCount(linter.tokenizer);
			info.message = { label: `${prefix.join('.')}[${index}] (${role})`, tokens: counter.estimate(messageTokens(message, counter)) };
		}
		break;
	}
	return info;
}

