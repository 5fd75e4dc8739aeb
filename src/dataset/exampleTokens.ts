import { isObject } from './rules/context';
import type { Tokenizer } from './tokens';
import type { RecordFormat } from './types';

// OpenAI's cookbook counts an example as, per message, 3 tokens plus the tokens of each string
// value (1 more for a name), plus 3 that prime the reply. Text is counted exactly. Tool calls are
// message values like any other (their id, name and arguments strings: what the model reads);
// tool definitions count as their JSON text, an estimate. The README states the same.
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

/** The tokens of every string inside `value`, walked without recursion so that no nesting overflows the stack. */
function valueTokens(value: unknown, tokenizer: Tokenizer): number {
	let tokens = 0;
	const pending: unknown[] = [value];
	while (pending.length > 0) {
		const item = pending.pop();
		if (typeof item === 'string') {
			tokens += tokenizer.count(item);
		} else if (Array.isArray(item)) {
			pending.push(...item);
		} else if (isObject(item) && item.type !== 'image_url') {
			// Image parts are billed by image size, not by the URL's text.
			for (const [key, nested] of Object.entries(item)) {
				if (key !== 'type') {
					pending.push(nested);
				}
			}
		}
	}
	return tokens;
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
	if (definitions === undefined) {
		return 0;
	}
	try {
		return tokenizer.count(JSON.stringify(definitions));
	} catch {
		// Nesting too deep to serialise: count its strings instead.
		return valueTokens(definitions, tokenizer);
	}
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
