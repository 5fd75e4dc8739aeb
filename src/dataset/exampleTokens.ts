import { FINE_TUNABLE_MODELS } from './models';
import { isObject } from './rules/context';
import type { Tokenizer } from './tokens';
import type { RecordFormat } from './types';

/** What the counting below needs of a tokenizer. */
export type TokenCounter = Pick<Tokenizer, 'count'>;

/**
 * An example's text past this many characters (UTF-16 code units, each one byte of UTF-8 or more)
 * is not tokenised: four times the largest training context of any model, so that only examples
 * far too long for any model are cut short, while no hostile line (one 50 MB word) can hold up the
 * linter with an exact count. Characters, not bytes, since a string's length costs nothing to read.
 */
export const EXACT_TOKEN_CHARACTERS = 4 * Math.max(...FINE_TUNABLE_MODELS.map((model) => model.trainingContextTokens));

/**
 * Counts one example's strings exactly until they reach `budget` characters of text, then only
 * measures the rest. Past the budget, what `count` returned in all is a lower bound, and `estimate`
 * scales it to the whole text.
 */
export class BoundedTokenCount implements TokenCounter {
	private counted = 0;
	private skipped = 0;

	constructor(
		private readonly tokenizer: TokenCounter,
		private readonly budget = EXACT_TOKEN_CHARACTERS,
	) {}

	/** Whether every string was counted whole. */
	get exact(): boolean {
		return this.skipped === 0;
	}

	count(text: string): number {
		const left = this.budget - this.counted;
		if (text.length <= left) {
			this.counted += text.length;
			return this.tokenizer.count(text);
		}
		// A prefix that does not end inside a surrogate pair.
		const last = text.charCodeAt(left - 1);
		const end = left - (last >= 0xd800 && last <= 0xdbff ? 1 : 0);
		this.counted += end;
		this.skipped += text.length - end;
		return end <= 0 ? 0 : this.tokenizer.count(text.slice(0, end));
	}

	/** `counted` (the sum of what `count` returned) scaled up to the whole text where some was skipped. */
	estimate(counted: number): number {
		return this.exact || this.counted === 0 ? counted : Math.ceil((counted * (this.counted + this.skipped)) / this.counted);
	}
}

// OpenAI's cookbook counts an example as, per message, 3 tokens plus the tokens of each string
// value (1 more for a name), plus 3 that prime the reply. Text is counted exactly. Tool calls are
// message values like any other (their id, name and arguments strings: what the model reads);
// tool definitions count as their JSON text, an estimate. The README states the same.
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_NAME = 1;
const REPLY_PRIMER_TOKENS = 3;

/** The tokens one message costs, and its text tokens alone (what the hover shows). */
export function messageTokens(message: unknown, tokenizer: TokenCounter): number {
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
function valueTokens(value: unknown, tokenizer: TokenCounter): number {
	let tokens = 0;
	const pending: unknown[] = [value];
	while (pending.length > 0) {
		const item = pending.pop();
		if (typeof item === 'string') {
			tokens += tokenizer.count(item);
		} else if (Array.isArray(item)) {
			// One at a time: spreading a million-element array into push() overflows the stack.
			for (const element of item) {
				pending.push(element);
			}
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

function messagesTokens(messages: unknown, tokenizer: TokenCounter): number {
	if (!Array.isArray(messages)) {
		return 0;
	}
	let tokens = 0;
	for (const message of messages) {
		tokens += messageTokens(message, tokenizer);
	}
	return tokens;
}

function toolsTokens(record: Record<string, unknown>, tokenizer: TokenCounter): number {
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
export function exampleTokens(record: Record<string, unknown>, format: RecordFormat, tokenizer: TokenCounter): number {
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
