import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { Range, TextEdit } from './types';

/** A path into a record's JSON value: keys and array indexes. */
export type JsonPath = readonly (string | number)[];

/** Which part of a located JSON node a finding points at. */
export type Target = 'value' | 'key' | 'property';

/**
 * Finds where paths of one line's JSON value sit in its text. The tree is parsed only when a
 * finding asks for a place, since most lines have none; a line too deep to parse falls back to the
 * whole line.
 */
export class LineLocator {
	private root: JsonNode | undefined | null = null;

	constructor(private readonly text: string) {}

	/** The line-relative range (line 0) of `path`'s value, key or whole property. */
	rangeOf(path: JsonPath, target: Target = 'value'): Range {
		const span = this.spanOf(path, target);
		return lineRange(span.start, span.end);
	}

	/** Start and end offsets of `path` in the line, falling back to its nearest located ancestor. */
	spanOf(path: JsonPath, target: Target = 'value'): { start: number; end: number } {
		const root = this.tree();
		if (!root) {
			return { start: 0, end: this.text.length };
		}
		for (let depth = path.length; depth >= 0; depth--) {
			const node = findNodeAtLocation(root, path.slice(0, depth) as (string | number)[]);
			if (!node) {
				continue;
			}
			const property = node.parent?.type === 'property' ? node.parent : undefined;
			if (depth === path.length && property && target !== 'value') {
				const key = property.children?.[0];
				return target === 'key' && key ? span(key) : span(property);
			}
			return span(node);
		}
		return span(root);
	}

	/** Edits that delete the property at `path` together with the comma that joins it to a sibling. */
	removeProperty(path: JsonPath): TextEdit[] {
		const root = this.tree();
		const node = root && findNodeAtLocation(root, path as (string | number)[]);
		const property = node?.parent;
		const container = property?.parent;
		if (!property || property.type !== 'property' || !container?.children) {
			return [];
		}
		const siblings = container.children;
		const index = siblings.indexOf(property);
		const next = siblings[index + 1];
		const previous = siblings[index - 1];
		const [start, end] = next
			? [property.offset, next.offset]
			: previous
				? [previous.offset + previous.length, property.offset + property.length]
				: [property.offset, property.offset + property.length];
		return [{ range: lineRange(start, end), newText: '' }];
	}

	/** An edit that replaces the value (or key) at `path` with `newText`. */
	replace(path: JsonPath, newText: string, target: 'value' | 'key' = 'value'): TextEdit[] {
		return [{ range: this.rangeOf(path, target), newText }];
	}

	/** An edit that replaces the whole line's text. */
	replaceLine(newText: string): TextEdit[] {
		return [{ range: lineRange(0, this.text.length), newText }];
	}

	private tree(): JsonNode | undefined {
		if (this.root === null) {
			try {
				this.root = parseTree(this.text, [], { disallowComments: true, allowTrailingComma: false });
			} catch {
				// Nesting deep enough to overflow the stack: point at the whole line instead.
				this.root = undefined;
			}
		}
		return this.root;
	}
}

function span(node: JsonNode): { start: number; end: number } {
	return { start: node.offset, end: node.offset + node.length };
}

/** A range within line 0 from `start` to `end` (UTF-16 offsets in the line). */
export function lineRange(start: number, end: number): Range {
	return { start: { line: 0, character: start }, end: { line: 0, character: end } };
}
