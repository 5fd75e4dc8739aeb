import { severityOf, type FindingCode } from '../codes';
import { lineRange, type JsonPath, type LineLocator, type Target } from '../locate';
import { quote } from '../quote';
import type { Finding, Fix } from '../types';

/** At most this many findings of one kind are reported on one object; one more finding sums up the rest. */
export const MAX_FINDINGS_PER_OBJECT = 20;

/**
 * At most this many findings of one kind are reported on one line (a record of 300,000 unanswered
 * tool calls); one more finding sums up the rest. More would flood the Problems view, not help.
 */
export const MAX_FINDINGS_PER_LINE = 100;

/** What a rule sees besides the record: where things are, and where to report. */
export class RuleContext {
	readonly findings: Finding[] = [];
	/** How many findings of each kind were reported, counting those past `MAX_FINDINGS_PER_LINE`. */
	private readonly reported = new Map<FindingCode, number>();

	/**
	 * `buildFixes` is false on the linting pass, where a finding with a fix is only marked `fixable`:
	 * most fixes are never asked for. A code action lints the line again with it true.
	 */
	constructor(
		readonly locator: LineLocator,
		readonly buildFixes = false,
	) {}

	/** Reports `code` at `path`; `fix` is built from the same located tree, only when fixes are asked for. */
	report(code: FindingCode, path: JsonPath, message: string, options: { target?: Target; fix?: (locator: LineLocator) => Fix } = {}): void {
		const { fix } = options;
		if (!this.underLineCap(code)) {
			return;
		}
		this.findings.push({
			code,
			severity: severityOf(code),
			message,
			range: this.locator.rangeOf(path, options.target),
			...(fix ? this.fixesOf(() => [fix(this.locator)]) : {}),
		});
	}

	/** Counts a finding of `code`; whether it is still among the first `MAX_FINDINGS_PER_LINE` of its kind. */
	private underLineCap(code: FindingCode): boolean {
		const reported = (this.reported.get(code) ?? 0) + 1;
		this.reported.set(code, reported);
		return reported <= MAX_FINDINGS_PER_LINE;
	}

	/** Adds a finding on the whole line (`lineLength` long) for each kind reported past `MAX_FINDINGS_PER_LINE`. */
	sumUpCapped(lineLength: number): void {
		for (const [code, count] of this.reported) {
			if (count > MAX_FINDINGS_PER_LINE) {
				this.findings.push({
					code,
					severity: severityOf(code),
					message: `This line has ${count.toLocaleString('en-US')} findings of this kind; the first ${MAX_FINDINGS_PER_LINE} are marked one by one, the other ${(count - MAX_FINDINGS_PER_LINE).toLocaleString('en-US')} only here.`,
					range: lineRange(0, lineLength),
				});
			}
		}
	}

	/** `{ fixes }` built by `build` when fixes are asked for, else the mark that there are some. */
	fixesOf(build: () => readonly Fix[]): Pick<Finding, 'fixes' | 'fixable'> {
		if (!this.buildFixes) {
			return { fixable: true };
		}
		const fixes = build();
		return fixes.length > 0 ? { fixes } : {};
	}

	/**
	 * Reports each of `keys` (unknown keys of the object at `path`) with a fix that removes it. Past
	 * `MAX_FINDINGS_PER_OBJECT`, one finding on the object counts the rest; its fix removes them all.
	 */
	reportUnknownKeys(code: FindingCode, path: JsonPath, keys: readonly string[], message: (key: string) => string, summary: (count: number) => string): void {
		if (keys.length > MAX_FINDINGS_PER_OBJECT && this.underLineCap(code)) {
			// First, so that "fix all of this kind" takes its single edit and leaves the per-key ones, which it covers.
			this.findings.push({
				code,
				severity: severityOf(code),
				message: summary(keys.length),
				range: this.locator.rangeOf(path),
				...this.fixesOf(() => [{ title: `Remove all ${keys.length.toLocaleString('en-US')} of them`, edits: this.locator.removeProperties(path, keys) }]),
			});
		}
		for (const key of keys.slice(0, MAX_FINDINGS_PER_OBJECT)) {
			this.report(code, [...path, key], message(key), {
				target: 'key',
				fix: (locator) => ({ title: `Remove ${quote(key)}`, edits: locator.removeProperty([...path, key]) }),
			});
		}
	}
}

/** A plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a string holds JSON, as OpenAI requires of tool call arguments. */
export function isJsonText(text: string): boolean {
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
}

/** A short rendering of a value for messages; never serialises more than the top level. */
export function show(value: unknown): string {
	if (Array.isArray(value)) {
		return value.length === 0 ? 'an empty array' : `an array of ${value.length}`;
	}
	if (isObject(value)) {
		const keys = Object.keys(value);
		return keys.length === 0 ? 'an empty object' : `an object with ${keys.slice(0, 3).map(quote).join(', ')}${keys.length > 3 ? ', …' : ''}`;
	}
	if (typeof value === 'string') {
		return quote(value);
	}
	const text = String(value);
	return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
