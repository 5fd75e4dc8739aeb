import type { FindingCode } from './codes';

/** How bad a finding is: errors are what OpenAI's validation rejects, warnings what hurts training. */
export type Severity = 'error' | 'warning' | 'info';

/** A zero-based position; `character` counts UTF-16 code units, as VS Code and LSP do. */
export interface Position {
	readonly line: number;
	readonly character: number;
}

export interface Range {
	readonly start: Position;
	readonly end: Position;
}

/** One replacement in the document. */
export interface TextEdit {
	readonly range: Range;
	readonly newText: string;
}

/** A fix expressed as edits; the editor turns it into a quick fix, the CLI could apply it. */
export interface Fix {
	readonly title: string;
	readonly edits: readonly TextEdit[];
}

/** A problem found in a dataset, with where it is and, where possible, ways to fix it. */
export interface Finding {
	readonly code: FindingCode;
	readonly severity: Severity;
	readonly message: string;
	readonly range: Range;
	readonly fixes?: readonly Fix[];
	/**
	 * Set instead of `fixes` where the linting pass left the fixes unbuilt, since most are never asked
	 * for: `DatasetLinter.findingsWithFixes` builds them.
	 */
	readonly fixable?: boolean;
}

/** The record layouts OpenAI fine-tuning accepts. */
export type RecordFormat = 'chat' | 'prompt-completion' | 'preference' | 'reinforcement';

/** Layouts from other ecosystems that users bring, recognised so they get one clear message. */
export type ForeignFormat = 'anthropic-hh' | 'alpaca' | 'sharegpt' | 'trl-preference';

/** How a format is named in messages. */
export const FORMAT_NAMES: Record<RecordFormat | ForeignFormat, string> = {
	chat: 'chat (messages)',
	'prompt-completion': 'prompt/completion',
	preference: 'preference (DPO)',
	reinforcement: 'reinforcement (RFT)',
	'anthropic-hh': 'Anthropic HH (chosen/rejected transcripts)',
	alpaca: 'Alpaca (instruction/input/output)',
	sharegpt: 'ShareGPT (conversations with from/value)',
	'trl-preference': 'TRL preference (prompt/chosen/rejected)',
};
