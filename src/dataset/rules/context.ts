import { severityOf, type FindingCode } from '../codes';
import type { JsonPath, LineLocator, Target } from '../locate';
import { quote } from '../quote';
import type { Finding, Fix } from '../types';

/** What a rule sees besides the record: where things are, and where to report. */
export class RuleContext {
	readonly findings: Finding[] = [];

	constructor(readonly locator: LineLocator) {}

	/** Reports `code` at `path`; `fix` is built now, from the same located tree. */
	report(code: FindingCode, path: JsonPath, message: string, options: { target?: Target; fix?: (locator: LineLocator) => Fix } = {}): void {
		const finding: Finding = {
			code,
			severity: severityOf(code),
			message,
			range: this.locator.rangeOf(path, options.target),
			...(options.fix ? { fixes: [options.fix(this.locator)] } : {}),
		};
		this.findings.push(finding);
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
