import { isObject } from './rules/context';
import type { ForeignFormat, RecordFormat } from './types';

/** What a record's top-level keys say it is. */
export type DetectedFormat = { readonly kind: 'format'; readonly format: RecordFormat } | { readonly kind: 'foreign'; readonly foreign: ForeignFormat } | { readonly kind: 'unknown' };

/**
 * Detects a record's layout. A `messages` record is reinforcement data when the target model trains
 * only by reinforcement, and chat data otherwise.
 */
export function detectFormat(record: Record<string, unknown>, accepted: readonly RecordFormat[]): DetectedFormat {
	if ('messages' in record) {
		return { kind: 'format', format: accepted.includes('reinforcement') && !accepted.includes('chat') ? 'reinforcement' : 'chat' };
	}
	// Alpaca also has "input", so it is told apart first.
	if ('instruction' in record && 'output' in record) {
		return { kind: 'foreign', foreign: 'alpaca' };
	}
	// TRL's preference layout has a "prompt", so it goes before prompt/completion; without one
	// ("implicit prompt") its chosen and rejected are message lists, where Anthropic HH's are text.
	if ('chosen' in record && 'rejected' in record && ('prompt' in record || Array.isArray(record.chosen) || Array.isArray(record.rejected))) {
		return { kind: 'foreign', foreign: 'trl-preference' };
	}
	if ('input' in record || 'preferred_output' in record || 'non_preferred_output' in record || 'preferred_completion' in record) {
		return { kind: 'format', format: 'preference' };
	}
	if ('prompt' in record || 'completion' in record) {
		return { kind: 'format', format: 'prompt-completion' };
	}
	if ('chosen' in record && 'rejected' in record) {
		return { kind: 'foreign', foreign: 'anthropic-hh' };
	}
	if (Array.isArray(record.conversations) && record.conversations.some((turn) => isObject(turn) && 'from' in turn)) {
		return { kind: 'foreign', foreign: 'sharegpt' };
	}
	return { kind: 'unknown' };
}

