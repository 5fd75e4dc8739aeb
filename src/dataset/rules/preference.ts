import { reportUnknownKeys } from './chat';
import { isObject, show, type RuleContext } from './context';
import { checkMessages, type MessagesOptions } from './messages';
import { checkTools } from './tools';

const OUTPUT_KEYS = ['preferred_output', 'non_preferred_output'] as const;
const LEGACY_KEYS: Record<string, (typeof OUTPUT_KEYS)[number]> = {
	preferred_completion: 'preferred_output',
	non_preferred_completion: 'non_preferred_output',
};

/** DPO messages are chat messages without images or weights; the outputs are text, without calls. */
const INPUT_MESSAGES: MessagesOptions = { allowImages: false, allowWeight: false };
const OUTPUT_MESSAGES: MessagesOptions = { ...INPUT_MESSAGES, allowToolCalls: false };

/** A preference (DPO) record: `{"input": {"messages": …}, "preferred_output": […], "non_preferred_output": […]}`. */
export function checkPreferenceRecord(record: Record<string, unknown>, context: RuleContext): void {
	for (const [legacy, current] of Object.entries(LEGACY_KEYS)) {
		if (legacy in record) {
			context.report('preference.legacy-keys', [legacy], `"${legacy}" is now called "${current}".`, {
				target: 'key',
				fix: (locator) => ({ title: `Rename to "${current}"`, edits: locator.replace([legacy], JSON.stringify(current), 'key') }),
			});
		}
	}
	reportUnknownKeys(record, ['input', ...OUTPUT_KEYS, ...Object.keys(LEGACY_KEYS)], context);

	const input = record.input;
	if (!isObject(input) || !Array.isArray(input.messages) || input.messages.length === 0) {
		context.report('preference.invalid-input', input === undefined ? [] : ['input'], '"input" must be {"messages": [… the conversation up to the turn being judged]}.');
	} else {
		checkTools(input, ['input'], context);
		const summary = checkMessages(input.messages, ['input', 'messages'], context, INPUT_MESSAGES);
		const last = summary ? summary.roles.length - 1 : -1;
		if (summary && summary.roles[last] !== 'user') {
			context.report('preference.input-not-ending-with-user', ['input', 'messages', last], 'The input should end with the user message that the two outputs answer.');
		}
	}

	const outputs = OUTPUT_KEYS.map((key) => {
		const value = record[key] ?? record[Object.keys(LEGACY_KEYS).find((legacy) => LEGACY_KEYS[legacy] === key) ?? ''];
		return checkOutput(value, key, context);
	});
	if (outputs[0] !== undefined && outputs[0] === outputs[1]) {
		context.report('preference.identical-outputs', ['non_preferred_output'], 'The non-preferred output is the same as the preferred one; make it the worse answer the model should avoid.');
	}
}

/** Checks one output list, its message as strictly as a chat message; returns its text when valid. */
function checkOutput(value: unknown, key: string, context: RuleContext): string | undefined {
	const message = Array.isArray(value) && value.length === 1 ? (value[0] as unknown) : undefined;
	if (!isObject(message)) {
		context.report('preference.invalid-output', value === undefined ? [] : [key], `"${key}" must be a list with exactly one assistant message with text content, like [{"role": "assistant", "content": "…"}], not ${show(value)}.`);
		return undefined;
	}
	const role = checkMessages(value, [key], context, OUTPUT_MESSAGES)?.roles[0];
	const { content } = message;
	if ((role !== undefined && role !== 'assistant') || (content !== undefined && content !== null && typeof content !== 'string')) {
		context.report('preference.invalid-output', [key, 0], `The message in "${key}" must be the assistant's, with text content (a string), like {"role": "assistant", "content": "…"}.`);
		return undefined;
	}
	return role === 'assistant' && typeof content === 'string' && content.trim() !== '' ? content : undefined;
}
