import { editDistance } from '../editDistance';
import type { JsonPath } from '../locate';
import { quote } from '../quote';
import { isJsonText, isObject, MAX_FINDINGS_PER_OBJECT, show, type RuleContext } from './context';

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'] as const;
type Role = (typeof ROLES)[number];

/** The keys each role may carry besides `role`, after OpenAI's cookbook validator. */
const KEYS_BY_ROLE: Record<Role, readonly string[]> = {
	system: ['content', 'name'],
	developer: ['content', 'name'],
	user: ['content', 'name'],
	assistant: ['content', 'name', 'weight', 'tool_calls', 'function_call', 'refusal'],
	tool: ['content', 'tool_call_id'],
	function: ['content', 'name'],
};

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const IMAGE_DATA_URL = /^data:image\/(jpeg|jpg|png|webp);base64,[A-Za-z0-9+/]+=*$/;

/** What the record-level rules need to know about a list of messages after checking it. */
export interface MessagesSummary {
	/** Roles by index; undefined where the message has no valid role. */
	readonly roles: readonly (Role | undefined)[];
	/** Indexes of assistant messages that train (weight 1 or no weight). */
	readonly trainedAssistants: readonly number[];
	/** Function names the assistant calls, with where. */
	readonly calledFunctions: readonly { name: string; path: JsonPath }[];
}

export interface MessagesOptions {
	/** Whether image content parts are allowed in user messages (not in preference records). */
	readonly allowImages: boolean;
	/** Whether assistant messages may carry `weight` (not in preference records). Default true. */
	readonly allowWeight?: boolean;
	/** Whether assistant messages may make tool or function calls (not in preference outputs, which are text). Default true. */
	readonly allowToolCalls?: boolean;
}

/**
 * Checks each message of `messages` (at `path`): roles, the keys each role allows, content shapes,
 * names, weights, tool and function calls and the tool answers that must match them.
 */
export function checkMessages(messages: unknown, path: JsonPath, context: RuleContext, options: MessagesOptions): MessagesSummary | undefined {
	if (!Array.isArray(messages) || messages.length === 0) {
		context.report('chat.messages-invalid', path, `\`${String(path.at(-1))}\` must be a non-empty array of messages, not ${show(messages)}.`);
		return undefined;
	}
	const roles: (Role | undefined)[] = [];
	const trainedAssistants: number[] = [];
	const calledFunctions: { name: string; path: JsonPath }[] = [];
	const openToolCalls = new Map<string, JsonPath>();

	messages.forEach((message: unknown, index) => {
		const at = [...path, index];
		if (!isObject(message)) {
			context.report('chat.messages-invalid', at, `Message ${index + 1} must be an object like {"role": "user", "content": "…"}, not ${show(message)}.`);
			roles.push(undefined);
			return;
		}
		const role = checkRole(message, at, index, context);
		roles.push(role);
		if (!role) {
			// Content is checked all the same, so that fixing the role does not reveal a second mistake.
			checkContent(message, undefined, at, false, context, options);
			return;
		}
		checkKeys(message, role, at, context);
		const calls = checkCalls(message, role, at, context, options);
		// One at a time: spreading hundreds of thousands of calls into push() overflows the stack.
		for (const call of calls.functions) {
			calledFunctions.push(call);
		}
		for (const [id, callPath] of calls.toolCallIds) {
			openToolCalls.set(id, callPath);
		}
		checkContent(message, role, at, calls.hasCalls, context, options);
		checkName(message, at, context);
		if (checkWeight(message, role, at, context, options) && role === 'assistant') {
			trainedAssistants.push(index);
		}
		if (role === 'tool') {
			const id = message.tool_call_id;
			if (typeof id !== 'string' || !openToolCalls.delete(id)) {
				context.report('chat.unknown-tool-call-id', [...at, 'tool_call_id'], `This tool message answers ${show(id)}, but no earlier assistant message made a tool call with that id.`);
			}
		}
	});
	for (const [id, callPath] of openToolCalls) {
		context.report('chat.unanswered-tool-call', callPath, `Tool call ${show(id)} gets no answer: add a {"role": "tool", "tool_call_id": ${show(id)}, "content": …} message after it.`);
	}
	return { roles, trainedAssistants, calledFunctions };
}

function checkRole(message: Record<string, unknown>, at: JsonPath, index: number, context: RuleContext): Role | undefined {
	const role = message.role;
	if (role === undefined) {
		context.report('chat.missing-role', at, `Message ${index + 1} has no "role"; use one of ${ROLES.join(', ')}.`);
		return undefined;
	}
	if (typeof role === 'string' && (ROLES as readonly string[]).includes(role)) {
		return role as Role;
	}
	const suggestion = typeof role === 'string' ? closestRole(role) : undefined;
	context.report(
		'chat.unknown-role',
		[...at, 'role'],
		`Unknown role ${show(role)}${suggestion ? `; did you mean "${suggestion}"?` : `; use one of ${ROLES.join(', ')}.`}`,
		suggestion ? { fix: (locator) => ({ title: `Change the role to "${suggestion}"`, edits: locator.replace([...at, 'role'], JSON.stringify(suggestion)) }) } : {},
	);
	return undefined;
}

function closestRole(role: string): Role | undefined {
	const lower = role.trim().toLowerCase();
	const aliases: Record<string, Role> = { human: 'user', ai: 'assistant', bot: 'assistant', model: 'assistant', gpt: 'assistant' };
	if (aliases[lower]) {
		return aliases[lower];
	}
	let best: { role: Role; distance: number } | undefined;
	for (const candidate of ROLES) {
		const distance = editDistance(lower, candidate, 2);
		if (distance <= 2 && (!best || distance < best.distance)) {
			best = { role: candidate, distance };
		}
	}
	return best?.role;
}

function checkKeys(message: Record<string, unknown>, role: Role, at: JsonPath, context: RuleContext): void {
	const allowed = KEYS_BY_ROLE[role];
	context.reportUnknownKeys(
		'chat.unknown-message-key',
		at,
		Object.keys(message).filter((key) => key !== 'role' && !allowed.includes(key)),
		(key) => `${role === 'assistant' ? 'An' : 'A'} ${role} message may not have ${quote(key)} (allowed: role, ${allowed.join(', ')}).`,
		(count) => `This ${role} message has ${count.toLocaleString('en-US')} keys it may not have (allowed: role, ${allowed.join(', ')}); the first ${MAX_FINDINGS_PER_OBJECT} are marked one by one, the other ${(count - MAX_FINDINGS_PER_OBJECT).toLocaleString('en-US')} only here.`,
	);
}

/** Checks `content`; `role` is undefined where the message's role is missing or unknown. */
function checkContent(message: Record<string, unknown>, role: Role | undefined, at: JsonPath, hasCalls: boolean, context: RuleContext, options: MessagesOptions): void {
	const content = message.content;
	const which = role ? `This ${role} message` : 'This message';
	if (content === undefined || content === null) {
		if (!(role === 'assistant' && hasCalls)) {
			context.report('chat.missing-content', at, `${which} has no "content".`);
		}
		return;
	}
	if (typeof content === 'string') {
		if (content.trim() === '') {
			context.report('chat.empty-content', [...at, 'content'], `${which}'s content is empty; write the text, or remove the message.`);
		}
		return;
	}
	if (!Array.isArray(content)) {
		context.report('chat.invalid-content', [...at, 'content'], `"content" must be a string or an array of content parts, not ${show(content)}.`);
		return;
	}
	if (content.length === 0) {
		context.report('chat.empty-content', [...at, 'content'], `${which}'s content array is empty.`);
		return;
	}
	content.forEach((part: unknown, index) => checkContentPart(part, [...at, 'content', index], role, context, options));
}

function checkContentPart(part: unknown, at: JsonPath, role: Role | undefined, context: RuleContext, options: MessagesOptions): void {
	if (!isObject(part)) {
		context.report('chat.invalid-content', at, `A content part must be an object like {"type": "text", "text": "…"}, not ${show(part)}.`);
		return;
	}
	if (part.type === 'text') {
		if (typeof part.text !== 'string') {
			context.report('chat.invalid-content', at, 'A text content part needs "text" as a string.');
		} else if (part.text.trim() === '') {
			context.report('chat.empty-content', [...at, 'text'], 'This text content part is empty.');
		}
		return;
	}
	if (part.type === 'image_url') {
		if (!options.allowImages || (role !== undefined && role !== 'user')) {
			context.report('chat.image-not-allowed', at, options.allowImages ? `Images may only appear in user messages, not in a ${role} message.` : 'Images are not allowed in this kind of record.');
			return;
		}
		const url = isObject(part.image_url) ? part.image_url.url : undefined;
		if (typeof url !== 'string' || !(url.startsWith('https://') || IMAGE_DATA_URL.test(url))) {
			context.report('chat.invalid-image', [...at, 'image_url'], 'An image needs "image_url": {"url": …} with an https URL or a base64 data URL of a JPEG, PNG or WEBP image.');
		}
		return;
	}
	context.report('chat.invalid-content', [...at, 'type'], `Unknown content part type ${show(part.type)}; use "text" (or "image_url" in user messages).`);
}

function checkName(message: Record<string, unknown>, at: JsonPath, context: RuleContext): void {
	if (message.name !== undefined && (typeof message.name !== 'string' || !NAME_PATTERN.test(message.name))) {
		context.report('chat.invalid-name', [...at, 'name'], `"name" must be 1–64 letters, digits, "_" or "-", not ${show(message.name)}.`);
	}
}

/** Checks `weight`; returns whether the message trains (weight 1 or absent). */
function checkWeight(message: Record<string, unknown>, role: Role, at: JsonPath, context: RuleContext, options: MessagesOptions): boolean {
	const weight = message.weight;
	if (weight === undefined) {
		return true;
	}
	const remove = { target: 'property', fix: (locator) => ({ title: 'Remove "weight"', edits: locator.removeProperty([...at, 'weight']) }) } as const satisfies Parameters<RuleContext['report']>[3];
	if (options.allowWeight === false) {
		context.report('chat.invalid-weight', [...at, 'weight'], '"weight" has no place in a preference (DPO) record: the preferred and non-preferred outputs say what to learn. Remove it.', remove);
		return true;
	}
	if (role !== 'assistant') {
		context.report('chat.invalid-weight', [...at, 'weight'], `"weight" is only allowed on assistant messages, not on a ${role} message.`, remove);
		return false;
	}
	if (weight !== 0 && weight !== 1) {
		context.report('chat.invalid-weight', [...at, 'weight'], `"weight" must be 0 (do not train on this turn) or 1, not ${show(weight)}.`);
		return false;
	}
	return weight === 1;
}

function checkCalls(
	message: Record<string, unknown>,
	role: Role,
	at: JsonPath,
	context: RuleContext,
	options: MessagesOptions,
): { hasCalls: boolean; functions: { name: string; path: JsonPath }[]; toolCallIds: [string, JsonPath][] } {
	const functions: { name: string; path: JsonPath }[] = [];
	const toolCallIds: [string, JsonPath][] = [];
	if (role !== 'assistant') {
		return { hasCalls: false, functions, toolCallIds };
	}
	if (options.allowToolCalls === false) {
		for (const key of ['tool_calls', 'function_call'].filter((candidate) => message[candidate] !== undefined)) {
			context.report('chat.invalid-tool-call', [...at, key], `A preference output is text only: remove "${key}" (a call the conversation made belongs in the input's messages).`, {
				target: 'property',
				fix: (locator) => ({ title: `Remove "${key}"`, edits: locator.removeProperty([...at, key]) }),
			});
		}
		return { hasCalls: false, functions, toolCallIds };
	}
	const { tool_calls: toolCalls, function_call: functionCall } = message;
	if (toolCalls !== undefined) {
		if (!Array.isArray(toolCalls) || toolCalls.length === 0) {
			context.report('chat.invalid-tool-call', [...at, 'tool_calls'], '"tool_calls" must be a non-empty array of calls.');
		} else {
			toolCalls.forEach((call: unknown, index) => {
				const callPath = [...at, 'tool_calls', index];
				const fn = isObject(call) ? call.function : undefined;
				if (!isObject(call) || typeof call.id !== 'string' || call.type !== 'function' || !isObject(fn)) {
					context.report('chat.invalid-tool-call', callPath, 'A tool call must look like {"id": "call_1", "type": "function", "function": {"name": …, "arguments": "{…}"}}.');
					return;
				}
				toolCallIds.push([call.id, callPath]);
				if (checkFunctionCall(fn, [...callPath, 'function'], context)) {
					functions.push({ name: fn.name as string, path: [...callPath, 'function', 'name'] });
				}
			});
		}
	}
	if (functionCall !== undefined) {
		if (!isObject(functionCall)) {
			context.report('chat.invalid-tool-call', [...at, 'function_call'], '"function_call" must be an object with "name" and "arguments".');
		} else if (checkFunctionCall(functionCall, [...at, 'function_call'], context)) {
			functions.push({ name: functionCall.name as string, path: [...at, 'function_call', 'name'] });
		}
	}
	return { hasCalls: toolCalls !== undefined || functionCall !== undefined, functions, toolCallIds };
}

function checkFunctionCall(fn: Record<string, unknown>, at: JsonPath, context: RuleContext): boolean {
	if (typeof fn.name !== 'string' || fn.name === '') {
		context.report('chat.invalid-tool-call', at, 'A function call needs "name" as a non-empty string.');
		return false;
	}
	if (typeof fn.arguments !== 'string') {
		context.report('chat.invalid-tool-call', [...at, 'arguments'], `"arguments" must be a string holding JSON, e.g. "{\\"city\\": \\"Paris\\"}", not ${show(fn.arguments)}.`, {
			fix: (locator) => ({ title: 'Turn the arguments into a JSON string', edits: locator.replace([...at, 'arguments'], JSON.stringify(JSON.stringify(fn.arguments ?? {}))) }),
		});
		return true;
	}
	if (!isJsonText(fn.arguments)) {
		context.report('chat.invalid-tool-call', [...at, 'arguments'], '"arguments" is a string but not valid JSON.');
	}
	return true;
}

/** The roles, as the record rules name them. */
export type { Role };
