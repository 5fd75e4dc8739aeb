import type { Severity } from './types';

/** What a finding code means, and how bad it is. One line each; the README lists them. */
interface CodeInfo {
	readonly severity: Severity;
	readonly summary: string;
}

/** Every finding code the linter emits. Codes are stable: users filter and suppress by them. */
export const FINDING_CODES = {
	'jsonl.invalid-json': { severity: 'error', summary: 'A line is not valid JSON (strict: no comments, no trailing commas).' },
	'jsonl.not-object': { severity: 'error', summary: 'A line holds JSON that is not an object; each line must be one example object.' },
	'jsonl.blank-line': { severity: 'warning', summary: 'A blank line inside the file; OpenAI expects one example per line.' },
	'jsonl.bom': { severity: 'error', summary: 'The file starts with a byte order mark. OpenAI does not document whether it accepts one; strict JSON readers reject it. A warning for `compatible` servers, nothing for `azure`.' },
	'jsonl.missing-bom': { severity: 'warning', summary: 'Azure OpenAI only: the file has no byte order mark, which Microsoft\'s docs say training files must include.' },
	'jsonl.utf16': { severity: 'error', summary: 'The file is UTF-16 encoded; OpenAI reads training files as UTF-8.' },
	'jsonl.invalid-utf8': { severity: 'error', summary: 'A line has bytes that are not valid UTF-8.' },
	'record.unknown-format': { severity: 'error', summary: 'The object matches no fine-tuning format (chat, prompt/completion, preference, reinforcement).' },
	'record.foreign-format': { severity: 'error', summary: 'The record uses another ecosystem\'s layout (Alpaca, ShareGPT, Anthropic HH, TRL\'s prompt/chosen/rejected) that OpenAI does not accept.' },
	'record.unknown-key': { severity: 'warning', summary: 'A top-level key that the record\'s format does not define.' },
	'format.model-mismatch': { severity: 'error', summary: 'The record\'s format is not accepted by the target model.' },
	'chat.messages-invalid': { severity: 'error', summary: '`messages` is not a non-empty array of message objects.' },
	'chat.missing-role': { severity: 'error', summary: 'A message has no `role`.' },
	'chat.unknown-role': { severity: 'error', summary: 'A message role is not system, developer, user, assistant, tool or function.' },
	'chat.unknown-message-key': { severity: 'error', summary: 'A message has a key its role does not allow.' },
	'chat.missing-content': { severity: 'error', summary: 'A message needs `content` (only an assistant message with tool or function calls may omit it).' },
	'chat.empty-content': { severity: 'error', summary: 'A message\'s content is empty or only white space.' },
	'chat.invalid-content': { severity: 'error', summary: '`content` is neither a string nor an array of valid content parts.' },
	'chat.image-not-allowed': { severity: 'error', summary: 'An image content part outside a user message.' },
	'chat.invalid-image': { severity: 'error', summary: 'An image URL that is not an https URL or a base64 JPEG/PNG/WEBP data URL.' },
	'chat.invalid-name': { severity: 'error', summary: '`name` is not a string of letters, digits, `_` or `-`.' },
	'chat.invalid-weight': { severity: 'error', summary: '`weight` is not 0 or 1, is set on a message that is not from the assistant, or is in a preference (DPO) record.' },
	'chat.nothing-to-learn': { severity: 'error', summary: 'The example has no assistant message with weight 1, so there is nothing to train on.' },
	'chat.untrained-tail': { severity: 'warning', summary: 'Messages after the last assistant message are not trained on.' },
	'chat.invalid-tool-call': { severity: 'error', summary: 'A tool call or function call is malformed, its `arguments` is not a JSON string, or it is in a preference output (text only).' },
	'chat.unanswered-tool-call': { severity: 'warning', summary: 'An assistant tool call that no later tool message answers.' },
	'chat.unknown-tool-call-id': { severity: 'error', summary: 'A tool message answers a `tool_call_id` that no earlier assistant message issued.' },
	'chat.invalid-tools': { severity: 'error', summary: '`tools` (or legacy `functions`) is not a list of valid function definitions.' },
	'chat.undefined-tool': { severity: 'warning', summary: 'A tool call names a function that `tools` does not define.' },
	'prompt.invalid': { severity: 'error', summary: '`prompt` and `completion` must both be strings, the completion non-empty.' },
	'prompt.completion-no-leading-space': { severity: 'info', summary: 'A completion that does not start with white space tokenises worse (OpenAI\'s legacy advice).' },
	'preference.invalid-input': { severity: 'error', summary: '`input` must be an object with a non-empty `messages` array.' },
	'preference.input-not-ending-with-user': { severity: 'warning', summary: 'The preference input should end with the user turn being answered.' },
	'preference.invalid-output': { severity: 'error', summary: '`preferred_output` / `non_preferred_output` must each hold exactly one assistant message with text content.' },
	'preference.identical-outputs': { severity: 'warning', summary: 'The preferred and non-preferred outputs are the same, so the pair teaches nothing.' },
	'preference.legacy-keys': { severity: 'error', summary: 'Uses `preferred_completion` / `non_preferred_completion`, renamed `preferred_output` / `non_preferred_output`.' },
	'reinforcement.ends-with-assistant': { severity: 'error', summary: 'A reinforcement example must end with a user message: the model writes the answer.' },
	'dataset.empty': { severity: 'error', summary: 'The file holds nothing but blank lines.' },
	'dataset.too-few-examples': { severity: 'error', summary: 'Fewer than 10 examples; OpenAI rejects the file.' },
	'dataset.mixed-formats': { severity: 'error', summary: 'An example in a different format from the rest of the file.' },
	'dataset.duplicate': { severity: 'warning', summary: 'An example identical to an earlier one.' },
	'dataset.too-many-tokens': { severity: 'warning', summary: 'An example longer than the target model\'s training context; it gets truncated.' },
	'dataset.unknown-model': { severity: 'warning', summary: 'The target model is empty or not one OpenAI fine-tunes: checks assume the largest known context, and the cost is unknown.' },
	'dataset.validation-overlap': { severity: 'warning', summary: 'A validation example that also appears in the training file.' },
} as const satisfies Record<string, CodeInfo>;

export type FindingCode = keyof typeof FINDING_CODES;

/** The default severity of `code`. */
export function severityOf(code: FindingCode): Severity {
	return FINDING_CODES[code].severity;
}
