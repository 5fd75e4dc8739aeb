// Builds the dataset report from the linter's lines, caching what each line says by its text so
// that an edit costs only the lines it touched.
import type { TokenCounter } from './exampleTokens';
import type { DatasetReport, ExampleLine } from './report';
import type { DatasetSummary } from './stats';

/** What `ReportBuilder.build` needs besides the examples. */
export interface ReportInput {
	readonly summary: DatasetSummary;
	readonly lines: number;
	readonly contextTokens: number;
}

/**
 * Builds reports of one document again and again: what each example line says (messages, roles,
 * trained tokens, system prompt) is kept by its text, so a build after an edit parses only the
 * lines that changed; the rest is one linear pass over the examples.
 */
export class ReportBuilder {
	constructor(private readonly tokenizer: TokenCounter) {}

	/**
	 * Builds the report; yields every few hundred lines or megabytes parsed, so that a caller can
	 * pause between slices (a first build of a 100 MB file parses all of it).
	 */
	*build(examples: Iterable<ExampleLine>, input: ReportInput): Generator<void, DatasetReport> {
		void this.tokenizer;
		void examples;
		void input;
		yield;
		throw new Error('not built yet');
	}
}
