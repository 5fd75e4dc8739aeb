import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { Range, TextEdit } from './types';

/** A path into a record's JSON value: keys and array indexes. */
export type JsonPath = readonly (string | number)[];

/** Which part of a located JSON node a finding points at. */
export type Target = 'value' | 'key' | 'property';

/** A property of an object node, with its place among the object's children. */
interface IndexedProperty {
	readonly property: JsonNode;
	readonly index: number;
}

/**
 * Finds where paths of one line's JSON value sit in its text. The tree is parsed only when a
 * finding asks for a place, since most lines have none; a line too deep to parse falls back to the
 * whole line. An object's properties are indexed by key the first time a path goes through it, so
 * that reporting on many keys of one object stays linear.
 */
export class LineLocator {
	private root: JsonNode | undefined | null = null;
	private readonly properties = new Map<JsonNode, Map<string, IndexedProperty>>();

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
		// The deepest node on the path that exists: a finding about a missing key points at its object.
		let node = root;
		let depth = 0;
		for (; depth < path.length; depth++) {
			const child = this.child(node, path[depth] as string | number);
			if (!child) {
				break;
			}
			node = child;
		}
		const property = node.parent?.type === 'property' ? node.parent : undefined;
		if (depth === path.length && property && target !== 'value') {
			const key = property.children?.[0];
			return target === 'key' && key ? span(key) : span(property);
		}
		return span(node);
	}

	/** Edits that delete the property at `path` together with the comma that joins it to a sibling. */
	removeProperty(path: JsonPath): TextEdit[] {
		const key = path.at(-1);
		return typeof key === 'string' ? this.removeProperties(path.slice(0, -1), [key]) : [];
	}

	/**
	 * Edits that delete the properties `keys` of the object at `path`, with the commas between them:
	 * each run of neighbouring properties goes in one edit, so that the edits never overlap.
	 */
	removeProperties(path: JsonPath, keys: readonly string[]): TextEdit[] {
		const root = this.tree();
		const object = root && this.nodeAt(root, path);
		const siblings = object?.type === 'object' ? object.children : undefined;
		if (!object || !siblings) {
			return [];
		}
		const removed = new Set<number>();
		for (const key of keys) {
			const found = this.indexOf(object).get(key);
			if (found) {
				removed.add(found.index);
			}
		}
		const edits: TextEdit[] = [];
		for (let first = 0; first < siblings.length; first++) {
			if (!removed.has(first)) {
				continue;
			}
			let last = first;
			while (removed.has(last + 1)) {
				last++;
			}
			const start = siblings[first] as JsonNode;
			const end = siblings[last] as JsonNode;
			const next = siblings[last + 1];
			const previous = siblings[first - 1];
			const [from, to] = next ? [start.offset, next.offset] : previous ? [previous.offset + previous.length, end.offset + end.length] : [start.offset, end.offset + end.length];
			edits.push({ range: lineRange(from, to), newText: '' });
			first = last;
		}
		return edits;
	}

	/** An edit that replaces the value (or key) at `path` with `newText`. */
	replace(path: JsonPath, newText: string, target: 'value' | 'key' = 'value'): TextEdit[] {
		return [{ range: this.rangeOf(path, target), newText }];
	}

	/** An edit that replaces the whole line's text. */
	replaceLine(newText: string): TextEdit[] {
		return [{ range: lineRange(0, this.text.length), newText }];
	}

	private nodeAt(root: JsonNode, path: JsonPath): JsonNode | undefined {
		let node: JsonNode | undefined = root;
		for (const segment of path) {
			node = node && this.child(node, segment);
		}
		return node;
	}

	/** The value of `node`'s property `segment`, or its element at index `segment`. */
	private child(node: JsonNode, segment: string | number): JsonNode | undefined {
		if (typeof segment === 'number') {
			return node.type === 'array' ? node.children?.[segment] : undefined;
		}
		return node.type === 'object' ? this.indexOf(node).get(segment)?.property.children?.[1] : undefined;
	}

	/** The properties of an object node by key; the first of duplicate keys wins, as in jsonc-parser's lookup. */
	private indexOf(object: JsonNode): Map<string, IndexedProperty> {
		let index = this.properties.get(object);
		if (!index) {
			index = new Map();
			for (const [position, property] of (object.children ?? []).entries()) {
				const key = property.children?.[0]?.value as unknown;
				if (typeof key === 'string' && property.children?.length === 2 && !index.has(key)) {
					index.set(key, { property, index: position });
				}
			}
			this.properties.set(object, index);
		}
		return index;
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
