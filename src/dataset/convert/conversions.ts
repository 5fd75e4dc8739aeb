import type { ForeignFormat } from '../types';
import { alpacaToChat, anthropicHhToChat, anthropicHhToPreference, isUnconvertible, preferredConversation, promptCompletionToChat, shareGptToChat, trlToPreference } from './toChat';

/** A record rewritten into one of OpenAI's formats, with the title of the quick fix that applies it. */
export interface Conversion {
	readonly title: string;
	readonly record: object;
}

/** What each target format needs to be offered. */
interface Targets {
	readonly chat: boolean;
	readonly preference: boolean;
}

/** The conversions of a foreign record into the formats the target model takes, the closest first. */
export function foreignConversions(foreign: ForeignFormat, record: Record<string, unknown>, targets: Targets): Conversion[] {
	const conversions: Conversion[] = [];
	const converted = foreign === 'anthropic-hh' ? anthropicHhToPreference(record) : foreign === 'trl-preference' ? trlToPreference(record) : undefined;
	const preference = isUnconvertible(converted) ? undefined : converted;
	if (preference && targets.preference) {
		conversions.push({ title: 'Convert to a preference (DPO) record', record: preference });
	}
	if (!targets.chat) {
		return conversions;
	}
	if (foreign === 'anthropic-hh' || foreign === 'trl-preference') {
		const chat = foreign === 'anthropic-hh' ? anthropicHhToChat(record) : preference && preferredConversation(preference);
		if (chat && !isUnconvertible(chat)) {
			conversions.push({ title: 'Convert the chosen conversation to a chat record', record: chat });
		}
		return conversions;
	}
	const chat = foreign === 'alpaca' ? alpacaToChat(record) : shareGptToChat(record);
	if (!isUnconvertible(chat)) {
		conversions.push({ title: 'Convert to a chat record', record: chat });
	}
	return conversions;
}

/** A prompt/completion record as a chat record, the title saying what the legacy convention drops. */
export function promptCompletionConversion(record: Record<string, unknown>): Conversion | undefined {
	const converted = promptCompletionToChat(record);
	if (isUnconvertible(converted)) {
		return undefined;
	}
	return {
		title: converted.legacy ? 'Convert to a chat record (dropping the legacy separator, stop sequence and leading space)' : 'Convert to a chat record',
		record: converted.chat,
	};
}

/**
 * `value` as one JSON line in the style of `line`: with a space after each ":" and "," when the
 * line's first key had one after its ":" (as Python's `json.dumps` writes), compact otherwise.
 */
export function jsonLineLike(value: unknown, line: string): string {
	if (!/^\s*\{\s*"(?:[^"\\]|\\.)*"\s*:\s/.test(line)) {
		return JSON.stringify(value);
	}
	// Indented output puts a space after each ":"; its line breaks all sit between tokens (strings
	// escape theirs), so folding them leaves ", " between items and nothing inside brackets.
	return JSON.stringify(value, null, 1).replace(/,\n */g, ', ').replace(/\n */g, '');
}
