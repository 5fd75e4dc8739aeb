import type { JsonPath } from '../locate';
import { isObject, type RuleContext } from './context';

/**
 * Checks `tools` (and the legacy `functions`) of a chat-like object at `at`; returns the function names
 * they define, or undefined when the record defines none.
 */
export function checkTools(record: Record<string, unknown>, at: JsonPath, context: RuleContext): Set<string> | undefined {
	let defined: Set<string> | undefined;
	const { tools, functions } = record;
	if (tools !== undefined) {
		defined = new Set();
		if (!Array.isArray(tools)) {
			context.report('chat.invalid-tools', [...at, 'tools'], '"tools" must be an array of {"type": "function", "function": {"name": …, "parameters": {…}}}.');
		} else {
			tools.forEach((tool: unknown, index) => {
				const fn = isObject(tool) ? tool.function : undefined;
				if (!isObject(tool) || tool.type !== 'function' || !isObject(fn) || typeof fn.name !== 'string' || (fn.parameters !== undefined && !isObject(fn.parameters))) {
					context.report('chat.invalid-tools', [...at, 'tools', index], 'A tool must look like {"type": "function", "function": {"name": …, "description": …, "parameters": {JSON Schema}}}.');
					return;
				}
				defined?.add(fn.name);
			});
		}
	}
	if (functions !== undefined) {
		defined ??= new Set();
		if (!Array.isArray(functions)) {
			context.report('chat.invalid-tools', [...at, 'functions'], '"functions" must be an array of {"name": …, "parameters": {…}}.');
		} else {
			functions.forEach((fn: unknown, index) => {
				if (!isObject(fn) || typeof fn.name !== 'string') {
					context.report('chat.invalid-tools', [...at, 'functions', index], 'A function definition needs "name" as a string.');
					return;
				}
				defined?.add(fn.name);
			});
		}
	}
	if (record.parallel_tool_calls !== undefined && typeof record.parallel_tool_calls !== 'boolean') {
		context.report('chat.invalid-tools', [...at, 'parallel_tool_calls'], '"parallel_tool_calls" must be true or false.');
	}
	return defined;
}
