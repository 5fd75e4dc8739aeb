// Builds the dataset report from the linter's lines, caching what each line says by its text so
// that an edit costs only the lines it touched.
import { CHARACTERS_PER_SLICE, LINES_PER_SLICE } from './dataset';
import { duplicateKey } from './datasetFindings';
import { TextMap } from './textMap';
import { BoundedTokenCount, messageTokens, type TokenCounter } from './exampleTokens';
import {
	EXTREMES,
	GROUP_LINES,
	HISTOGRAM_BINS,
	PREVIEW_CHARACTERS,
	SYSTEM_PROMPT_CHARACTERS,
	TOP_DUPLICATE_GROUPS,
	TOP_ROLES,
	TOP_SYSTEM_PROMPTS,
	type DatasetReport,
	type DuplicateGroup,
	type ExampleLine,
	type ExampleRef,
	type HistogramBin,
	type RoleCount,
	type SystemPromptCount,
} from './report';
import { isObject } from './rules/context';
import type { DatasetSummary } from './stats';
import type { RecordFormat } from './types';

/** What `ReportBuilder.build` needs besides the examples. */
export interface ReportInput {
	readonly summary: DatasetSummary;
	readonly lines: number;
	readonly contextTokens: number;
}

/**
 * Lines whose facts are already known cost a map lookup each, so a build pauses after this many of
 * them (a few milliseconds) as well as after `LINES_PER_SLICE` parsed lines or `CHARACTERS_PER_SLICE`
 * parsed characters, whichever comes first.
 */
const KNOWN_LINES_PER_SLICE = 50_000;

/** The roles of one example: how many messages each speaks, in the order they first speak. */
interface RoleMix {
	/** The roles and counts as one string, so that examples with the same mix share one object. */
	readonly signature: string;
	readonly roles: readonly string[];
	readonly messages: readonly number[];
}

const NO_ROLES: RoleMix = { signature: '', roles: [], messages: [] };

/**
 * What one example text says, as far as the report reads it (a function of the text and its format
 * alone, so it is kept by the text), and what the current build counted of that text.
 */
interface KnownText {
	readonly format: RecordFormat;
	readonly messages: number;
	readonly roles: RoleMix;
	/** Tokens the model is trained to produce (see `DatasetReport.assistantTokens`). */
	readonly trainedTokens: number;
	/** The system (or developer) prompt the example begins with; texts with the same prompt end up sharing one string. */
	systemPrompt: string | undefined;
	readonly preview: string;
	/** The build that last met this text; the counts below are that build's. */
	build: number;
	/** Examples with this text (trimmed) so far. */
	examples: number;
	firstLine: number;
	/** Set once the text repeats: its lines so far, at most `GROUP_LINES`. */
	lines: number[] | undefined;
}

/** How many examples share one system prompt, and where the first is. */
interface PromptTally {
	readonly text: string;
	examples: number;
	readonly firstLine: number;
}

/**
 * Builds reports of one document again and again: what each example line says (messages, roles,
 * trained tokens, system prompt) is kept by its text, so a build after an edit parses only the
 * lines that changed; the rest is one linear pass over the examples.
 */
export class ReportBuilder {
	/** Keyed by `duplicateKey(text)`, the string the linter holds, so that no text is copied. */
	private readonly known = new TextMap<KnownText>();
	/** The role mixes of the last build, so that a newly parsed example shares its mix's object. */
	private roleMixes = new TextMap<RoleMix>();
	private builds = 0;

	constructor(private readonly tokenizer: TokenCounter) {}

	/**
	 * Builds the report; yields every few hundred lines or megabytes parsed, so that a caller can
	 * pause between slices (a first build of a 100 MB file parses all of it). A build left unfinished
	 * costs nothing but the lines it parsed, which the next build reuses.
	 */
	*build(examples: Iterable<ExampleLine>, input: ReportInput): Generator<void, DatasetReport> {
		const build = ++this.builds;
		const tokens: number[] = [];
		const longest = new Leaders<ExampleRef>(EXTREMES);
		const shortest = new Leaders<ExampleRef>(EXTREMES);
		const messageCounts = new Map<number, number>();
		const mixUses = new Map<RoleMix, number>();
		const prompts = new TextMap<PromptTally>();
		const repeated: KnownText[] = [];
		let assistantTokens = 0;
		let withoutSystemPrompt = 0;
		let duplicateExamples = 0;
		let parsedLines = 0;
		let parsedCharacters = 0;
		let knownLines = 0;

		for (const example of examples) {
			const key = duplicateKey(example.text);
			let known = this.known.get(key);
			if (known?.format !== example.format) {
				known = this.read(example.text, example.format);
				this.known.set(key, known);
				parsedLines++;
				parsedCharacters += example.text.length;
			} else {
				knownLines++;
			}
			if (known.build !== build) {
				known.build = build;
				known.examples = 0;
				known.firstLine = example.line;
				known.lines = undefined;
			}
			if (++known.examples > 1) {
				duplicateExamples++;
				if (!known.lines) {
					known.lines = [known.firstLine];
					repeated.push(known);
				}
				if (known.lines.length < GROUP_LINES) {
					known.lines.push(example.line);
				}
			}

			tokens.push(example.tokens);
			if (longest.places(example.tokens, example.line)) {
				longest.add(example.tokens, example.line, { line: example.line, tokens: example.tokens, preview: known.preview });
			}
			if (shortest.places(-example.tokens, example.line)) {
				shortest.add(-example.tokens, example.line, { line: example.line, tokens: example.tokens, preview: known.preview });
			}
			// An estimate past the exact-count budget could otherwise exceed the example's own count.
			assistantTokens += Math.min(known.trainedTokens, example.tokens);
			messageCounts.set(known.messages, (messageCounts.get(known.messages) ?? 0) + 1);
			mixUses.set(known.roles, (mixUses.get(known.roles) ?? 0) + 1);
			if (known.systemPrompt === undefined) {
				withoutSystemPrompt++;
			} else {
				const tally = prompts.get(known.systemPrompt);
				if (tally) {
					tally.examples++;
					known.systemPrompt = tally.text;
				} else {
					prompts.set(known.systemPrompt, { text: known.systemPrompt, examples: 1, firstLine: example.line });
				}
			}

			if (parsedLines >= LINES_PER_SLICE || parsedCharacters >= CHARACTERS_PER_SLICE || knownLines >= KNOWN_LINES_PER_SLICE) {
				parsedLines = 0;
				parsedCharacters = 0;
				knownLines = 0;
				yield;
			}
		}

		// Memory follows the current text: what no example of this build has is dropped.
		for (const [key, known] of this.known) {
			if (known.build !== build) {
				this.known.delete(key);
			}
		}
		this.roleMixes = new TextMap<RoleMix>();
		for (const mix of mixUses.keys()) {
			this.roleMixes.set(mix.signature, mix);
		}

		const contextTokens = input.contextTokens;
		let overLimit = 0;
		for (const count of tokens) {
			overLimit += count > contextTokens ? 1 : 0;
		}
		return {
			summary: input.summary,
			lines: input.lines,
			contextTokens,
			tokenHistogram: histogram(tokens),
			overLimit,
			messagesPerExample: [...messageCounts].sort(([a], [b]) => a - b).map(([messages, count]) => ({ messages, examples: count })),
			roles: roleCounts(mixUses),
			assistantTokens,
			systemPrompts: topPrompts(prompts),
			withoutSystemPrompt,
			duplicateGroups: topGroups(repeated),
			duplicateExamples,
			longest: longest.items(),
			shortest: shortest.items(),
		};
	}

	/** Reads what the report needs of one example text; text that does not parse says nothing. */
	private read(text: string, format: RecordFormat): KnownText {
		let record: unknown;
		try {
			record = JSON.parse(text);
		} catch {
			// The linter hands over records only; a text that is not one counts as an empty example.
		}
		const facts = isObject(record) ? this.factsOf(record, format) : { messages: 0, roles: NO_ROLES, trainedTokens: 0, systemPrompt: undefined, preview: '' };
		return { format, ...facts, build: 0, examples: 0, firstLine: 0, lines: undefined };
	}

	private factsOf(record: Record<string, unknown>, format: RecordFormat): Pick<KnownText, 'messages' | 'roles' | 'trainedTokens' | 'systemPrompt' | 'preview'> {
		// Counted as the linter counts: exactly up to a budget, then estimated, so that no hostile line holds the build up.
		const counter = new BoundedTokenCount(this.tokenizer);
		let counted = 0;
		if (format === 'prompt-completion') {
			counted = typeof record.completion === 'string' ? counter.count(record.completion) : 0;
			return { messages: 2, roles: NO_ROLES, trainedTokens: counter.estimate(counted), systemPrompt: undefined, preview: previewOf(typeof record.prompt === 'string' ? [record.prompt] : []) };
		}
		let messages: readonly unknown[];
		let extraRole: string | undefined;
		if (format === 'preference') {
			const input = isObject(record.input) ? record.input : {};
			messages = Array.isArray(input.messages) ? input.messages : [];
			// The output the example trains on, preferred or not, is one assistant turn.
			extraRole = 'assistant';
			for (const output of [record.preferred_output, record.non_preferred_output]) {
				for (const message of Array.isArray(output) ? output : []) {
					counted += messageTokens(message, counter);
				}
			}
		} else {
			messages = Array.isArray(record.messages) ? record.messages : [];
			for (const message of messages) {
				if (isObject(message) && message.role === 'assistant' && message.weight !== 0) {
					counted += messageTokens(message, counter);
				}
			}
		}
		const first = messages[0];
		const systemPrompt = isObject(first) && (first.role === 'system' || first.role === 'developer') ? textParts(first.content).join('') : undefined;
		const user = messages.find((message) => isObject(message) && message.role === 'user');
		return {
			messages: messages.length + (extraRole ? 1 : 0),
			roles: this.roleMixOf(messages, extraRole),
			trainedTokens: counter.estimate(counted),
			systemPrompt,
			preview: previewOf(isObject(user) ? textParts(user.content) : []),
		};
	}

	/** The roles of `messages` (and `extraRole` once more), as a mix shared with every example that has the same. */
	private roleMixOf(messages: readonly unknown[], extraRole: string | undefined): RoleMix {
		const counts = new TextMap<number>();
		for (const message of messages) {
			if (isObject(message) && typeof message.role === 'string') {
				counts.set(message.role, (counts.get(message.role) ?? 0) + 1);
			}
		}
		if (extraRole !== undefined) {
			counts.set(extraRole, (counts.get(extraRole) ?? 0) + 1);
		}
		if (counts.size === 0) {
			return NO_ROLES;
		}
		const signature = JSON.stringify([...counts]);
		let mix = this.roleMixes.get(signature);
		if (!mix) {
			mix = { signature, roles: [...counts].map(([role]) => role), messages: [...counts.values()] };
			this.roleMixes.set(signature, mix);
		}
		return mix;
	}
}

/**
 * The best `limit` items offered: highest score first, ties broken by the lower order. Keeping
 * only those, a selection over n items costs n × limit at worst, never a sort of all n.
 */
class Leaders<T> {
	private readonly ranked: { readonly score: number; readonly order: number; readonly item: T }[] = [];

	constructor(private readonly limit: number) {}

	/** Whether an item of this score and order would be among the leaders (checked first, so that most offers build nothing). */
	places(score: number, order: number): boolean {
		const last = this.ranked[this.limit - 1];
		return !last || score > last.score || (score === last.score && order < last.order);
	}

	add(score: number, order: number, item: T): void {
		let index = this.ranked.length;
		while (index > 0) {
			const above = this.ranked[index - 1] as { score: number; order: number };
			if (above.score > score || (above.score === score && above.order < order)) {
				break;
			}
			index--;
		}
		this.ranked.splice(index, 0, { score, order, item });
		if (this.ranked.length > this.limit) {
			this.ranked.pop();
		}
	}

	items(): T[] {
		return this.ranked.map((entry) => entry.item);
	}
}

/**
 * Equal-width bins from 0 past the largest count, as few as the widths allow but at most
 * `HISTOGRAM_BINS`, each width 1, 2 or 5 × 10ᵏ so that the axis labels read well.
 */
function histogram(tokens: readonly number[]): HistogramBin[] {
	if (tokens.length === 0) {
		return [];
	}
	let max = 0;
	for (const count of tokens) {
		max = Math.max(max, count);
	}
	const width = binWidth(max);
	const bins = new Array<number>(Math.floor(max / width) + 1).fill(0);
	for (const count of tokens) {
		const bin = Math.floor(count / width);
		bins[bin] = (bins[bin] as number) + 1;
	}
	return bins.map((examples, index) => ({ from: index * width, to: (index + 1) * width, examples }));
}

/** The smallest width of 1, 2 or 5 × 10ᵏ that fits 0 … `max` into `HISTOGRAM_BINS` bins. */
function binWidth(max: number): number {
	for (let power = 1; ; power *= 10) {
		for (const step of [1, 2, 5]) {
			if (Math.floor(max / (step * power)) < HISTOGRAM_BINS) {
				return step * power;
			}
		}
	}
}

function roleCounts(mixUses: ReadonlyMap<RoleMix, number>): RoleCount[] {
	// Mixes come in the order their first example does, so a role's first entry here is where it first speaks.
	const totals = new TextMap<{ messages: number; examples: number }>();
	for (const [mix, uses] of mixUses) {
		mix.roles.forEach((role, index) => {
			let total = totals.get(role);
			if (!total) {
				total = { messages: 0, examples: 0 };
				totals.set(role, total);
			}
			total.messages += (mix.messages[index] as number) * uses;
			total.examples += uses;
		});
	}
	const leaders = new Leaders<RoleCount>(TOP_ROLES);
	let seen = 0;
	for (const [role, { messages, examples }] of totals) {
		if (leaders.places(messages, seen)) {
			leaders.add(messages, seen, { role, messages, examples });
		}
		seen++;
	}
	return leaders.items();
}

function topPrompts(prompts: TextMap<PromptTally>): SystemPromptCount[] {
	const leaders = new Leaders<SystemPromptCount>(TOP_SYSTEM_PROMPTS);
	for (const { text, examples, firstLine } of prompts.values()) {
		if (leaders.places(examples, firstLine)) {
			const truncated = text.length > SYSTEM_PROMPT_CHARACTERS;
			leaders.add(examples, firstLine, { text: truncated ? cut(text, SYSTEM_PROMPT_CHARACTERS) : text, truncated, examples, firstLine });
		}
	}
	return leaders.items();
}

function topGroups(repeated: readonly KnownText[]): DuplicateGroup[] {
	const leaders = new Leaders<DuplicateGroup>(TOP_DUPLICATE_GROUPS);
	for (const known of repeated) {
		if (leaders.places(known.examples, known.firstLine)) {
			leaders.add(known.examples, known.firstLine, { examples: known.examples, lines: known.lines ?? [], preview: known.preview });
		}
	}
	return leaders.items();
}

/** The text of a message's content: the string, or the text of each part. */
function textParts(content: unknown): string[] {
	if (typeof content === 'string') {
		return [content];
	}
	const texts: string[] = [];
	if (Array.isArray(content)) {
		for (const part of content) {
			if (isObject(part) && typeof part.text === 'string') {
				texts.push(part.text);
			}
		}
	}
	return texts;
}

/** The first `length` characters of `text`, one fewer where the cut would split a surrogate pair. */
function cut(text: string, length: number): string {
	const last = text.charCodeAt(length - 1);
	return text.slice(0, last >= 0xd800 && last <= 0xdbff ? length - 1 : length);
}

/**
 * The start of `texts` run together, each run of white space one space, trimmed, at most
 * `PREVIEW_CHARACTERS` (the last an ellipsis where the text goes on). It reads no further than it
 * shows, save white space, and builds a fresh string, so that no preview holds on to a long text.
 */
function previewOf(texts: readonly string[]): string {
	const codes: number[] = [];
	let space = false;
	reading: for (const text of texts) {
		for (let index = 0; index < text.length; index++) {
			const code = text.charCodeAt(index);
			if (isWhiteSpace(code)) {
				space = codes.length > 0;
				continue;
			}
			if (space) {
				codes.push(0x20);
				space = false;
			}
			codes.push(code);
			if (codes.length > PREVIEW_CHARACTERS) {
				break reading;
			}
		}
		space = codes.length > 0;
	}
	if (codes.length > PREVIEW_CHARACTERS) {
		codes.length = PREVIEW_CHARACTERS - 1;
		const last = codes[codes.length - 1] as number;
		if (last === 0x20 || (last >= 0xd800 && last <= 0xdbff)) {
			// No space before the ellipsis, and no half of a surrogate pair.
			codes.length--;
		}
		codes.push(0x2026);
	}
	return String.fromCharCode(...codes);
}

/** Whether `code` is white space as JavaScript's `\s` has it. */
function isWhiteSpace(code: number): boolean {
	return (
		code === 0x20 ||
		(code >= 0x09 && code <= 0x0d) ||
		code === 0xa0 ||
		code === 0x1680 ||
		(code >= 0x2000 && code <= 0x200a) ||
		code === 0x2028 ||
		code === 0x2029 ||
		code === 0x202f ||
		code === 0x205f ||
		code === 0x3000 ||
		code === 0xfeff
	);
}
