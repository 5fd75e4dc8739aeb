import type { Finding, Range, TextEdit } from './types';

/**
 * The first fix of every finding with `code`, merged into one edit. A fix that would overlap one
 * already taken is left for the next round: the file is re-linted after the edit anyway.
 */
export function fixAllOfKind(findings: readonly Finding[], code: string): { edits: TextEdit[]; count: number } {
	const edits: TextEdit[] = [];
	// Taken edits by each line they touch, so that the overlap check reads only a line's own edits.
	const byLine = new Map<number, TextEdit[]>();
	const touched = (edit: TextEdit): TextEdit[] => Array.from({ length: edit.range.end.line - edit.range.start.line + 1 }, (_, offset) => byLine.get(edit.range.start.line + offset) ?? []).flat();
	let count = 0;
	for (const finding of findings) {
		const fix = finding.code === code ? finding.fixes?.[0] : undefined;
		if (!fix || fix.edits.some((edit) => touched(edit).some((taken) => overlaps(edit.range, taken.range)))) {
			continue;
		}
		for (const edit of fix.edits) {
			edits.push(edit);
			for (let line = edit.range.start.line; line <= edit.range.end.line; line++) {
				const taken = byLine.get(line);
				if (taken) {
					taken.push(edit);
				} else {
					byLine.set(line, [edit]);
				}
			}
		}
		count++;
	}
	return { edits, count };
}

function overlaps(a: Range, b: Range): boolean {
	const before = (x: Range['start'], y: Range['start']): boolean => x.line < y.line || (x.line === y.line && x.character <= y.character);
	return !(before(a.end, b.start) || before(b.end, a.start));
}

/** Applies non-overlapping edits to `text`, whose lines may end with `\n` or `\r\n`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
	const lineStarts = [0];
	for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) {
		lineStarts.push(index + 1);
	}
	const offsetOf = ({ line, character }: Range['start']): number => {
		if (line >= lineStarts.length) {
			return text.length;
		}
		const start = lineStarts[line] as number;
		const next = lineStarts[line + 1];
		const lineEnd = next === undefined ? text.length : text[next - 2] === '\r' ? next - 2 : next - 1;
		return Math.min(start + character, lineEnd);
	};
	const resolved = edits.map((edit) => ({ start: offsetOf(edit.range.start), end: offsetOf(edit.range.end), newText: edit.newText })).sort((a, b) => b.start - a.start);
	let result = text;
	for (const { start, end, newText } of resolved) {
		result = result.slice(0, start) + newText + result.slice(end);
	}
	return result;
}
