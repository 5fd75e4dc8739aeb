import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { severityOf, type FindingCode } from './codes';
import { alpacaToChat, anthropicHhToChat, anthropicHhToPreference, promptCompletionToChat, shareGptToChat } from './convert/toChat';
import { BoundedTokenCount, EXACT_TOKEN_CHARACTERS, exampleTokens } from './exampleTokens';
import { detectFormat, FORMAT_NAMES } from './format';
import { lineRange, LineLocator } from './locate';
import { formatsForModel, resolveModel } from './models';
import { checkChatRecord } from './rules/chat';
import { isObject, RuleContext } from './rules/context';
import { checkPreferenceRecord } from './rules/preference';
import { checkPromptCompletionRecord } from './rules/promptCompletion';
import { checkReinforcementRecord } from './rules/reinforcement';
import { encodingForModel, getTokenizer, type Tokenizer } from './tokens';
import type { Finding, Fix, ForeignFormat, Range, RecordFormat } from './types';

/** What linting depends on besides the text. */
export interface LintSettings {
	/** The target model (`finetuneStudio.targetModel`): it decides the valid formats, tokenizer and limits. */
	readonly model: string;
}

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
	readonly contextTokens: number | undefined;
	private loadedTokenizer: Tokenizer | undefined;

	/** `countTokens: false` is the syntax-and-schema pass alone: every example counts 0 tokens. */
	constructor(
		readonly settings: LintSettings,
		private readonly options: { readonly countTokens: boolean } = { countTokens: true },
	) {
		this.accepted = formatsForModel(settings.model);
		this.contextTokens = resolveModel(settings.model)?.trainingContextTokens;
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
			const keys = Object.keys(record).slice(0, 5).map((key) => `"${key}"`).join(', ') || 'no keys';
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
		if (this.contextTokens !== undefined && tokens.tokens > this.contextTokens) {
			const limit = `more than the ${this.contextTokens.toLocaleString('en-US')} ${this.settings.model} trains on; the rest is cut off. Shorten or split it.`;
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
		const layouts: Record<RecordFormat, string> = {
			chat: '{"messages": [{"role": "user", "content": …}, {"role": "assistant", "content": …}]}',
			preference: '{"input": {"messages": […]}, "preferred_output": […], "non_preferred_output": […]}',
			reinforcement: '{"messages": [… ending with the user\'s turn], …fields for the grader}',
			'prompt-completion': '{"prompt": …, "completion": …}',
		};
		return `${this.settings.model} expects ${this.accepted.map((format) => layouts[format]).join(' or ')}.`;
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
				const chat = promptCompletionToChat(record);
				return chat ? [{ title: 'Convert to a chat record', edits: context.locator.replaceLine(JSON.stringify(chat)) }] : [];
			}),
		};
	}

	private foreignFinding(foreign: ForeignFormat, record: Record<string, unknown>, text: string, context: RuleContext): Finding {
		const { locator } = context;
		const found = finding('record.foreign-format', `This is ${FORMAT_NAMES[foreign]} data, which OpenAI does not accept; ${this.expectedLayout()}`, lineRange(0, text.length));
		if (!this.accepted.includes('chat') && !(foreign === 'anthropic-hh' && this.accepted.includes('preference'))) {
			return found;
		}
		return {
			...found,
			...context.fixesOf(() => {
				const fixes: Fix[] = [];
				if (foreign === 'anthropic-hh' && this.accepted.includes('preference')) {
					const preference = anthropicHhToPreference(record);
					if (preference) {
						fixes.push({ title: 'Convert to a preference (DPO) record', edits: locator.replaceLine(JSON.stringify(preference)) });
					}
				}
				const chat = foreign === 'alpaca' ? alpacaToChat(record) : foreign === 'sharegpt' ? shareGptToChat(record) : anthropicHhToChat(record);
				if (chat && this.accepted.includes('chat')) {
					fixes.push({ title: foreign === 'anthropic-hh' ? 'Convert the chosen conversation to a chat record' : 'Convert to a chat record', edits: locator.replaceLine(JSON.stringify(chat)) });
				}
				return fixes;
			}),
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
	const end = Math.min(text.length, start + Math.max(first.length, 1));
	return finding('jsonl.invalid-json', `Invalid JSON: ${describeParseError(printParseErrorCode(first.error))} at column ${start + 1}.`, lineRange(start, end));
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
