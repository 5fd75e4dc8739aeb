import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { severityOf, type FindingCode } from './codes';
import { foreignConversions, jsonLineLike, promptCompletionConversion } from './convert/conversions';
import { BoundedTokenCount, EXACT_TOKEN_CHARACTERS, exampleTokens } from './exampleTokens';
import { detectFormat } from './format';
import { FORMAT_NAMES, type Finding, type ForeignFormat, type Range, type RecordFormat } from './types';
import { lineRange, LineLocator } from './locate';
import { formatsForModel, resolveModel, trainingContextOf } from './models';
import { quote } from './quote';
import { checkChatRecord } from './rules/chat';
import { isObject, RuleContext } from './rules/context';
import { checkPreferenceRecord } from './rules/preference';
import { checkPromptCompletionRecord } from './rules/promptCompletion';
import { checkReinforcementRecord } from './rules/reinforcement';
import { encodingForModel, getTokenizer, type Tokenizer } from './tokens';

/** The kind of service a dataset is checked for: a connection's kind. */
export type LintTarget = 'openai' | 'azure' | 'compatible';

/** Every target, in the order the command line lists them. */
export const LINT_TARGETS: readonly LintTarget[] = ['openai', 'azure', 'compatible'];

/** The target where none is given (the CLI without --target, an editor whose default connection is unsettled). */
export const DEFAULT_LINT_TARGET: LintTarget = 'openai';

/** What linting depends on besides the text. */
export interface LintSettings {
	/** The target model (`finetuneStudio.targetModel`): it decides the valid formats, tokenizer and limits. */
	readonly model: string;
	/** The kind of service that receives the file (default `openai`): it decides what a byte order mark means. */
	readonly target?: LintTarget;
}

/** How each format's records look, for messages that name the expected layout. */
const LAYOUTS: Record<RecordFormat, string> = {
	chat: '{"messages": [{"role": "user", "content": …}, {"role": "assistant", "content": …}]}',
	preference: '{"input": {"messages": […]}, "preferred_output": [{"role": "assistant", "content": …}], "non_preferred_output": [{"role": "assistant", "content": …}]}',
	reinforcement: '{"messages": [… ending with the user\'s turn], …fields for the grader}',
	'prompt-completion': '{"prompt": …, "completion": …}',
};

/** What one line of a dataset is, found without looking at the other lines. */
export interface LineResult {
	readonly kind: 'blank' | 'invalid' | 'record';
	/** The record's format, where its keys tell one. */
	readonly format?: RecordFormat;
	/** The example's training tokens (0 for lines that are not examples). */
	readonly tokens: number;
	/** Findings with line-relative ranges (line 0 is this line). */
	readonly findings: readonly Finding[];
}

/** Lints one line at a time for one set of settings; the result depends on the line's text alone. */
export class LineLinter {
	readonly accepted: readonly RecordFormat[];
	/** The target model's training context, or the largest known one for a model the table does not know. */
	readonly contextTokens: number;
	/** Who trains on `contextTokens`, as the too-many-tokens message says it. */
	private readonly contextOwner: string;
	private loadedTokenizer: Tokenizer | undefined;

	/** `countTokens: false` is the syntax-and-schema pass alone: every example counts 0 tokens. */
	constructor(
		readonly settings: LintSettings,
		private readonly options: { readonly countTokens: boolean } = { countTokens: true },
	) {
		this.accepted = formatsForModel(settings.model);
		this.contextTokens = trainingContextOf(settings.model);
		this.contextOwner = resolveModel(settings.model) ? settings.model : 'the largest known model (the target model is unknown)';
	}

	/** The target model's tokenizer, loaded on first use. */
	get tokenizer(): Tokenizer {
		this.loadedTokenizer ??= getTokenizer(encodingForModel(this.settings.model));
		return this.loadedTokenizer;
	}

	/**
	 * Lints `text`, one line without its line break (a byte order mark, if any, already removed).
	 * Findings with fixes are only marked `fixable` unless `buildFixes`, as a code action asks; that
	 * pass is for the fixes alone and counts no tokens.
	 */
	lint(text: string, buildFixes = false): LineResult {
		if (text.trim() === '') {
			return { kind: 'blank', tokens: 0, findings: [] };
		}
		let value: unknown;
		try {
			// The native parser is many times faster than jsonc-parser; the latter runs only to
			// place an error precisely.
			value = JSON.parse(text);
		} catch {
			return { kind: 'invalid', tokens: 0, findings: [syntaxFinding(text)] };
		}
		if (!isObject(value)) {
			return { kind: 'invalid', tokens: 0, findings: [finding('jsonl.not-object', `Each line must be one JSON object (one example), not ${Array.isArray(value) ? 'an array' : typeof value === 'string' ? 'a string' : String(value)}.`, lineRange(0, text.length))] };
		}
		return this.lintRecord(value, text, buildFixes);
	}

	private lintRecord(record: Record<string, unknown>, text: string, buildFixes: boolean): LineResult {
		const context = new RuleContext(new LineLocator(text), buildFixes);
		const detected = detectFormat(record, this.accepted);
		if (detected.kind === 'unknown') {
			const keys = Object.keys(record).slice(0, 5).map(quote).join(', ') || 'no keys';
			context.findings.push(finding('record.unknown-format', `This object (${keys}) matches no fine-tuning format; ${this.expectedLayout()}`, lineRange(0, text.length)));
			return { kind: 'invalid', tokens: 0, findings: context.findings };
		}
		if (detected.kind === 'foreign') {
			context.findings.push(this.foreignFinding(detected.foreign, record, text, context));
			return { kind: 'invalid', tokens: 0, findings: context.findings };
		}
		const format = detected.format;
		if (!this.accepted.includes(format)) {
			context.findings.push(this.mismatchFinding(format, record, context, text));
		}
		switch (format) {
			case 'chat':
				checkChatRecord(record, context);
				break;
			case 'reinforcement':
				checkReinforcementRecord(record, context);
				break;
			case 'preference':
				checkPreferenceRecord(record, context);
				break;
			case 'prompt-completion':
				checkPromptCompletionRecord(record, context);
				break;
		}
		context.sumUpCapped(text.length);
		const tokens = this.options.countTokens && !buildFixes ? this.countTokens(record, format) : { tokens: 0, counted: 0, exact: true };
		if (tokens.tokens > this.contextTokens) {
			const limit = `more than the ${this.contextTokens.toLocaleString('en-US')} ${this.contextOwner} trains on; the rest is cut off. Shorten or split it.`;
			context.findings.push(
				finding(
					'dataset.too-many-tokens',
					tokens.exact
						? `This example has ${tokens.tokens.toLocaleString('en-US')} tokens, ${limit}`
						: `This example has more than ${tokens.counted.toLocaleString('en-US')} tokens (about ${tokens.tokens.toLocaleString('en-US')}: text past its first ${EXACT_TOKEN_CHARACTERS.toLocaleString('en-US')} characters is not counted exactly), ${limit}`,
					lineRange(0, text.length),
				),
			);
		}
		return { kind: 'record', format, tokens: tokens.tokens, findings: context.findings };
	}

	/**
	 * The example's tokens: exact up to `EXACT_TOKEN_CHARACTERS` of text; past it, `counted` is a lower
	 * bound and `tokens` that bound scaled to the whole text, which the statistics and cost use.
	 */
	countTokens(record: Record<string, unknown>, format: RecordFormat): { tokens: number; counted: number; exact: boolean } {
		const counter = new BoundedTokenCount(this.tokenizer);
		const counted = exampleTokens(record, format, counter);
		return { tokens: counter.estimate(counted), counted, exact: counter.exact };
	}

	private expectedLayout(): string {
		return `${this.settings.model} expects ${this.accepted.map((format) => LAYOUTS[format]).join(' or ')}.`;
	}

	private mismatchFinding(format: RecordFormat, record: Record<string, unknown>, context: RuleContext, text: string): Finding {
		const message =
			format === 'prompt-completion'
				? `${this.settings.model} is a chat model: it rejects prompt/completion records. Convert them to {"messages": [user, assistant]}, or target babbage-002 / davinci-002.`
				: `${this.settings.model} does not train on ${FORMAT_NAMES[format]} records; ${this.expectedLayout()}`;
		if (format !== 'prompt-completion' || !this.accepted.includes('chat')) {
			return finding('format.model-mismatch', message, lineRange(0, text.length));
		}
		return {
			...finding('format.model-mismatch', message, lineRange(0, text.length)),
			...context.fixesOf(() => {
				const conversion = promptCompletionConversion(record);
				return conversion ? [{ title: conversion.title, edits: context.locator.replaceLine(jsonLineLike(conversion.record, text)) }] : [];
			}),
		};
	}

	private foreignFinding(foreign: ForeignFormat, record: Record<string, unknown>, text: string, context: RuleContext): Finding {
		// TRL's preference layout is the one users most often mistake for OpenAI's DPO records.
		const expected = foreign === 'trl-preference' ? `OpenAI's preference (DPO) records are ${LAYOUTS.preference}${this.accepted.includes('preference') ? '.' : `, and ${this.expectedLayout()}`}` : this.expectedLayout();
		const found = finding('record.foreign-format', `This is ${FORMAT_NAMES[foreign]} data, which OpenAI does not accept; ${expected}`, lineRange(0, text.length));
		const targets = { chat: this.accepted.includes('chat'), preference: this.accepted.includes('preference') };
		if (!targets.chat && !targets.preference) {
			return found;
		}
		return {
			...found,
			...context.fixesOf(() =>
				foreignConversions(foreign, record, targets).map((conversion) => ({ title: conversion.title, edits: context.locator.replaceLine(jsonLineLike(conversion.record, text)) })),
			),
		};
	}
}

function finding(code: FindingCode, message: string, range: Range): Finding {
	return { code, severity: severityOf(code), message, range };
}

/** Places a JSON syntax error precisely with jsonc-parser in strict mode. */
function syntaxFinding(text: string): Finding {
	const errors: ParseError[] = [];
	try {
		parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
	} catch {
		// Nesting too deep for jsonc-parser's recursion; the line as a whole is the place.
	}
	const first = errors[0];
	if (!first) {
		return finding('jsonl.invalid-json', 'This line is not valid JSON.', lineRange(0, text.length));
	}
	const start = Math.min(first.offset, text.length);
	const comma = trailingCommaBefore(text, start);
	if (comma !== undefined) {
		// jsonc-parser blames the "}" or "]" after the comma; the comma is what to remove.
		const range = lineRange(comma, comma + 1);
		return { ...finding('jsonl.invalid-json', `Invalid JSON: a trailing comma before "${text[start]}" at column ${comma + 1} (JSON allows none).`, range), fixes: [{ title: 'Remove the trailing comma', edits: [{ range, newText: '' }] }] };
	}
	const end = Math.min(text.length, start + Math.max(first.length, 1));
	return finding('jsonl.invalid-json', `Invalid JSON: ${describeParseError(printParseErrorCode(first.error))} at column ${start + 1}.`, lineRange(start, end));
}

/** The offset of the comma that makes the "}" or "]" at `offset` a syntax error, if that is the error. */
function trailingCommaBefore(text: string, offset: number): number | undefined {
	if (text[offset] !== '}' && text[offset] !== ']') {
		return undefined;
	}
	let index = offset - 1;
	while (index >= 0 && ' \t\r\n'.includes(text[index] as string)) {
		index--;
	}
	return text[index] === ',' ? index : undefined;
}

function describeParseError(code: string): string {
	const descriptions: Record<string, string> = {
		InvalidSymbol: 'unexpected character',
		InvalidNumberFormat: 'malformed number',
		PropertyNameExpected: 'a property name in double quotes was expected (no trailing commas)',
		ValueExpected: 'a value was expected (no trailing commas)',
		ColonExpected: '":" was expected',
		CommaExpected: '"," was expected',
		CloseBraceExpected: '"}" was expected',
		CloseBracketExpected: '"]" was expected',
		EndOfFileExpected: 'text after the end of the object (one object per line)',
		InvalidCommentToken: 'comments are not allowed',
		UnexpectedEndOfComment: 'comments are not allowed',
		UnexpectedEndOfString: 'unterminated string',
		UnexpectedEndOfNumber: 'malformed number',
		InvalidUnicode: 'invalid \\u escape',
		InvalidEscapeCharacter: 'invalid escape character',
		InvalidCharacter: 'a control character inside a string (escape it)',
	};
	return descriptions[code] ?? code;
}
