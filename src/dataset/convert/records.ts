// Whole-file conversion, one record at a time: from each layout users bring (or OpenAI's own) to
// OpenAI's chat or DPO records, or from OpenAI's to Hugging Face TRL's. Pure: a parsed record in,
// the converted record (or why there is none) out, so a file is converted in a stream of lines.
import { detectFormat } from '../format';
import { FORMAT_NAMES } from '../types';
import { isObject } from '../rules/context';
import {
	alpacaToChat,
	anthropicHhToChat,
	anthropicHhToPreference,
	mapConverted,
	preferredConversation,
	promptCompletionToChat,
	shareGptToChat,
	trlToPreference,
	unconvertible,
	type Converted,
} from './toChat';

/** The layouts a file can be converted from, as the command line names them. */
export const SOURCE_LAYOUTS = ['prompt-completion', 'alpaca', 'sharegpt', 'anthropic-hh', 'trl-preference', 'chat', 'dpo'] as const;
export type SourceLayout = (typeof SOURCE_LAYOUTS)[number];

/**
 * What a file can be converted to: OpenAI's chat or preference (DPO) records, or TRL's
 * conversational language-modelling (`{"messages"}`) or preference (`{"prompt", "chosen", "rejected"}`) records.
 */
export const CONVERSION_TARGETS = ['chat', 'dpo', 'trl-sft', 'trl-dpo'] as const;
export type ConversionTarget = (typeof CONVERSION_TARGETS)[number];

/** How a layout is named in messages. */
export const LAYOUT_NAMES: Record<SourceLayout, string> = {
	'prompt-completion': FORMAT_NAMES['prompt-completion'],
	alpaca: FORMAT_NAMES.alpaca,
	sharegpt: FORMAT_NAMES.sharegpt,
	'anthropic-hh': FORMAT_NAMES['anthropic-hh'],
	'trl-preference': FORMAT_NAMES['trl-preference'],
	chat: FORMAT_NAMES.chat,
	dpo: FORMAT_NAMES.preference,
};

/** How a target is named in messages. */
export const TARGET_NAMES: Record<ConversionTarget, string> = {
	chat: 'OpenAI chat',
	dpo: 'OpenAI preference (DPO)',
	'trl-sft': 'TRL conversational (messages)',
	'trl-dpo': 'TRL preference (prompt/chosen/rejected, conversational)',
};

/**
 * What the conversion to TRL leaves out or keeps without TRL using it; reported once per kind with
 * a count, since it changes what the model learns without making any record unconvertible.
 */
export const TRL_NOTES = {
	weight: 'dropped "weight" from messages: TRL has no per-message weight, and trains on assistant turns weighted 0 too',
	tools: 'kept "tools": TRL hands them to the chat template, which uses them only if it supports tools',
	parallelToolCalls: 'dropped "parallel_tool_calls": TRL has no such setting',
} as const;

/** One converted record. */
export interface RecordConversion {
	readonly record: object;
	/** The layout it was converted from (detected, or as given). */
	readonly from: SourceLayout;
	/** True when the record was in the target layout already and is kept as it is. */
	readonly unchanged: boolean;
	/** What the conversion dropped or kept unused, from {@link TRL_NOTES}. */
	readonly notes: readonly string[];
}

/** A record's layout from its keys, or undefined when it is none that converts. */
export function detectLayout(record: Record<string, unknown>): SourceLayout | undefined {
	const detected = detectFormat(record, ['chat', 'prompt-completion', 'preference']);
	if (detected.kind === 'foreign') {
		return detected.foreign;
	}
	if (detected.kind === 'format') {
		return detected.format === 'preference' ? 'dpo' : detected.format === 'prompt-completion' ? 'prompt-completion' : 'chat';
	}
	return undefined;
}

/**
 * Converts one parsed JSON line to `to`, its layout detected (`auto`) or as given; a record in the
 * target layout already is kept as it is.
 */
export function convertRecord(value: unknown, from: SourceLayout | 'auto', to: ConversionTarget): Converted<RecordConversion> {
	if (!isObject(value)) {
		return unconvertible('the line is not a JSON object');
	}
	const layout = from === 'auto' ? detectLayout(value) : from;
	if (!layout) {
		return unconvertible(`the layout is none of ${SOURCE_LAYOUTS.map((name) => LAYOUT_NAMES[name]).join(', ')}`);
	}
	const converted = CONVERTERS[to](value, layout);
	return mapConverted(converted, (result) => ({ ...result, from: layout }));
}

type Converter = (record: Record<string, unknown>, layout: SourceLayout) => Converted<Omit<RecordConversion, 'from'>>;

const CONVERTERS: Record<ConversionTarget, Converter> = {
	chat: toChat,
	dpo: toPreference,
	'trl-sft': (record, layout) => mapConverted(toChat(record, layout), ({ record: chat }) => chatToTrl(chat as Record<string, unknown>)),
	'trl-dpo': (record, layout) => mapConverted(toPreference(record, layout), ({ record: preference }) => preferenceToTrl(preference as Record<string, unknown>)),
};

function converted(record: object, unchanged = false, notes: readonly string[] = []): Omit<RecordConversion, 'from'> {
	return { record, unchanged, notes };
}

function toChat(record: Record<string, unknown>, layout: SourceLayout): Converted<Omit<RecordConversion, 'from'>> {
	switch (layout) {
		case 'chat':
			return Array.isArray(record.messages) ? converted(record, true) : unconvertible('"messages" must be a list of messages');
		case 'prompt-completion':
			return mapConverted(promptCompletionToChat(record), ({ chat }) => converted(chat));
		case 'alpaca':
			return mapConverted(alpacaToChat(record), (chat) => converted(chat));
		case 'sharegpt':
			return mapConverted(shareGptToChat(record), (chat) => converted(chat));
		case 'anthropic-hh':
			return mapConverted(anthropicHhToChat(record), (chat) => converted(chat));
		case 'trl-preference':
			return mapConverted(trlToPreference(record), (preference) => converted(withTools(preferredConversation(preference), record.tools)));
		case 'dpo':
			return mapConverted(dpoParts(record), (dpo) => converted(withTools({ messages: [...dpo.input, dpo.preferred] }, dpo.tools)));
	}
}

function toPreference(record: Record<string, unknown>, layout: SourceLayout): Converted<Omit<RecordConversion, 'from'>> {
	switch (layout) {
		case 'dpo':
			return mapConverted(dpoParts(record), () => converted(record, true));
		case 'anthropic-hh':
			return mapConverted(anthropicHhToPreference(record), (preference) => converted(preference));
		case 'trl-preference':
			return mapConverted(trlToPreference(record), (preference) => converted(record.tools === undefined ? preference : { ...preference, input: { ...preference.input, tools: record.tools } }));
		default:
			return unconvertible(`${LAYOUT_NAMES[layout]} records have one answer, not the preferred and rejected pair DPO needs`);
	}
}

/** `record` with `tools` beside its messages when there are any. */
function withTools(record: object, tools: unknown): object {
	return tools === undefined ? record : { ...record, tools };
}

/** An OpenAI chat record as TRL's conversational language-modelling record, noting what TRL ignores. */
function chatToTrl(record: Record<string, unknown>): Omit<RecordConversion, 'from'> {
	const notes = new Set<string>();
	const messages = (record.messages as unknown[]).map((message) => {
		if (!isObject(message) || !('weight' in message)) {
			return message;
		}
		notes.add(TRL_NOTES.weight);
		return withoutKey(message, 'weight');
	});
	if (record.parallel_tool_calls !== undefined) {
		notes.add(TRL_NOTES.parallelToolCalls);
	}
	if (record.tools !== undefined) {
		notes.add(TRL_NOTES.tools);
	}
	return converted({ ...withoutKey(record, 'parallel_tool_calls'), messages }, false, [...notes]);
}

function withoutKey(record: Record<string, unknown>, key: string): Record<string, unknown> {
	const copy = { ...record };
	delete copy[key];
	return copy;
}

/** An OpenAI DPO record as TRL's conversational preference record (explicit prompt). */
function preferenceToTrl(record: Record<string, unknown>): Converted<Omit<RecordConversion, 'from'>> {
	return mapConverted(dpoParts(record), ({ input, preferred, nonPreferred, tools }) =>
		converted(withTools({ prompt: input, chosen: [preferred], rejected: [nonPreferred] }, tools), false, tools === undefined ? [] : [TRL_NOTES.tools]),
	);
}

/** The parts of an OpenAI DPO record, or why it is not one. */
function dpoParts(record: Record<string, unknown>): Converted<{ input: unknown[]; preferred: unknown; nonPreferred: unknown; tools: unknown }> {
	const { input, preferred_output: preferred, non_preferred_output: nonPreferred } = record;
	if (!isObject(input) || !Array.isArray(input.messages) || input.messages.length === 0) {
		return unconvertible('"input" must be {"messages": [… the conversation up to the answers]}');
	}
	for (const [key, output] of [['preferred_output', preferred], ['non_preferred_output', nonPreferred]] as const) {
		if (!Array.isArray(output) || output.length !== 1 || !isObject(output[0]) || output[0].role !== 'assistant') {
			return unconvertible(`"${key}" must be a list with exactly one assistant message`);
		}
	}
	return { input: input.messages, preferred: (preferred as unknown[])[0], nonPreferred: (nonPreferred as unknown[])[0], tools: input.tools };
}
