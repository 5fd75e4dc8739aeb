import { isObject } from './rules/context';
import type { Tokenizer } from './tokens';
import type { RecordFormat } from './types';

// OpenAI's cookbook counts an example as, per message, 3 tokens plus the tokens of each string
// value (1 more for a name), plus 3 that prime the reply. Text is counted exactly; the overhead of
// tool definitions and calls follows the same rule applied to their JSON, so it is an estimate.
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_NAME = 1;
const REPLY_PRIMER_TOKENS = 3;

/** The tokens one message costs, and its text tokens alone (what the hover shows). */
export function messageTokens(message: unknown, tokenizer: Tokenizer): number {
	if (!isObject(message)) {
		return 0;
	}
	let tokens = TOKENS_PER_MESSAGE;
	for (const [key, value] of Object.entries(message)) {
		if (key === 'weight') {
			continue;
		}
		tokens += valueTokens(value, tokenizer);
		if (key === 'name') {
			tokens += TOKENS_PER_NAME;
		}
	}
	return tokens;
}

function valueTokens(value: unknown, tokenizer: Tokenizer): number {
	if (typeof value === 'string') {
		return tokenizer.count(value);
	}
	if (Array.isArray(value)) {
		let tokens = 0;
		for (const item of value) {
			tokens += valueTokens(item, tokenizer);
		}
		return tokens;
	}
	if (isObject(value)) {
		// Image parts are billed by image size, not by the URL's text.
		if (value.type === 'image_url') {
			return 0;
		}
		let tokens = 0;
		for (const [key, item] of Object.entries(value)) {
			if (key !== 'type') {
				tokens += valueTokens(item, tokenizer);
			}
		}
		return tokens;
	}
	return 0;
}

function messagesTokens(messages: unknown, tokenizer: Tokenizer): number {
	if (!Array.isArray(messages)) {
		return 0;
	}
	let tokens = 0;
	for (const message of messages) {
		tokens += messageTokens(message, tokenizer);
	}
	return tokens;
}

function toolsTokens(record: Record<string, unknown>, tokenizer: Tokenizer): number {
	const definitions = record.tools ?? record.functions;
	return definitions === undefined ? 0 : tokenizer.count(JSON.stringify(definitions));
}

/** The tokens one example costs in training, per OpenAI's cookbook. */
export function exampleTokens(record: Record<string, unknown>, format: RecordFormat, tokenizer: Tokenizer): number {
	switch (format) {
		case 'chat':
		case 'reinforcement':
			return messagesTokens(record.messages, tokenizer) + toolsTokens(record, tokenizer) + REPLY_PRIMER_TOKENS;
		case 'preference': {
			const input = isObject(record.input) ? record.input : {};
			return (
				messagesTokens(input.messages, tokenizer) +
				toolsTokens(input, tokenizer) +
				messagesTokens(record.preferred_output, tokenizer) +
				messagesTokens(record.non_preferred_output, tokenizer) +
				REPLY_PRIMER_TOKENS
			);
		}
		case 'prompt-completion':
			return valueTokens(record.prompt, tokenizer) + valueTokens(record.completion, tokenizer);
	}
}
