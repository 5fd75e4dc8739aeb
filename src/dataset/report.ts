// The dataset report: what a dataset looks like as a whole (how long its examples are, who speaks
// in them, what repeats), as the report's webview draws it. Built by `ReportBuilder`.
import type { DatasetSummary } from './stats';
import type { RecordFormat } from './types';

/** An example as the linter holds it: its zero-based line, its text (no byte order mark) and what the linter counted. */
export interface ExampleLine {
	readonly line: number;
	readonly text: string;
	readonly format: RecordFormat;
	/** Training tokens, as the linter counted them. */
	readonly tokens: number;
}

/** One bar of a histogram: the examples whose value lies in [from, to). */
export interface HistogramBin {
	readonly from: number;
	readonly to: number;
	readonly examples: number;
}

/** An example pointed at from the report (longest, shortest), with the start of its text. */
export interface ExampleRef {
	/** Zero-based line. */
	readonly line: number;
	readonly tokens: number;
	/** The start of the example's first user (or prompt) text, at most `PREVIEW_CHARACTERS`. */
	readonly preview: string;
}

/** Examples that are exact copies of one another (the same line text, trimmed). */
export interface DuplicateGroup {
	/** How many examples share the text. */
	readonly examples: number;
	/** Zero-based lines, in file order, at most `GROUP_LINES` of them. */
	readonly lines: readonly number[];
	readonly preview: string;
}

/** A system prompt and how many examples begin with it. */
export interface SystemPromptCount {
	/** Its text, at most `SYSTEM_PROMPT_CHARACTERS`. */
	readonly text: string;
	/** Whether `text` was cut short. */
	readonly truncated: boolean;
	readonly examples: number;
	/** Zero-based line of the first example with it. */
	readonly firstLine: number;
}

/** How often a role speaks: in how many messages, and in how many examples at least once. */
export interface RoleCount {
	readonly role: string;
	readonly messages: number;
	readonly examples: number;
}

/** The dataset report, as the webview draws it. */
export interface DatasetReport {
	readonly summary: DatasetSummary;
	/** The document's line count. */
	readonly lines: number;
	/** The target model's training context: where the token histogram marks the limit. */
	readonly contextTokens: number;
	/** Tokens per example, equal-width bins from 0 past the largest example (at most `HISTOGRAM_BINS`). */
	readonly tokenHistogram: readonly HistogramBin[];
	/** Examples with more tokens than `contextTokens` (cut off in training). */
	readonly overLimit: number;
	/** Messages per example, one entry per count that occurs, ascending (prompt/completion examples count 2). */
	readonly messagesPerExample: readonly { readonly messages: number; readonly examples: number }[];
	/**
	 * Roles, most messages first (ties: the role seen first), at most `TOP_ROLES`: a file can name a
	 * role per message. Messages whose role is not a string are left out (the linter reports them).
	 */
	readonly roles: readonly RoleCount[];
	/**
	 * Tokens the model is trained to produce: trained assistant messages (weight not 0), both DPO
	 * outputs, completions. Their share of all tokens is `assistantTokens / summary.tokens.total`.
	 */
	readonly assistantTokens: number;
	/** The most common system prompts, most examples first, at most `TOP_SYSTEM_PROMPTS`. */
	readonly systemPrompts: readonly SystemPromptCount[];
	/** Examples without a system message. */
	readonly withoutSystemPrompt: number;
	/** Exact duplicates, largest group first, at most `TOP_DUPLICATE_GROUPS`. */
	readonly duplicateGroups: readonly DuplicateGroup[];
	/** Examples that repeat an earlier one (what a dedupe would drop). */
	readonly duplicateExamples: number;
	/** The examples with the most tokens, most first, at most `EXTREMES`. */
	readonly longest: readonly ExampleRef[];
	/** The examples with the fewest tokens, fewest first, at most `EXTREMES`. */
	readonly shortest: readonly ExampleRef[];
}

export const HISTOGRAM_BINS = 40;
export const TOP_SYSTEM_PROMPTS = 5;
export const TOP_ROLES = 10;
export const SYSTEM_PROMPT_CHARACTERS = 300;
export const TOP_DUPLICATE_GROUPS = 10;
export const GROUP_LINES = 20;
export const EXTREMES = 5;
export const PREVIEW_CHARACTERS = 120;
