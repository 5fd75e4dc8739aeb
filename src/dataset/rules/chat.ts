import { quote } from '../quote';
import type { RuleContext } from './context';
import { checkMessages } from './messages';
import { checkTools } from './tools';

const CHAT_KEYS = ['messages', 'tools', 'parallel_tool_calls', 'functions'];

/** A supervised chat record: `{"messages": […], "tools"?: […]}`. */
export function checkChatRecord(record: Record<string, unknown>, context: RuleContext): void {
	reportUnknownKeys(record, CHAT_KEYS, context);
	const defined = checkTools(record, [], context);
	const summary = checkMessages(record.messages, ['messages'], context, { allowImages: true });
	if (!summary) {
		return;
	}
	if (summary.trainedAssistants.length === 0) {
		context.report('chat.nothing-to-learn', ['messages'], 'No assistant message to learn from: add an assistant reply (with weight 1 or no weight).', { target: 'key' });
	}
	const lastAssistant = summary.roles.lastIndexOf('assistant');
	if (lastAssistant >= 0) {
		for (let index = lastAssistant + 1; index < summary.roles.length; index++) {
			const role = summary.roles[index];
			if (role === 'user' || role === 'tool') {
				context.report('chat.untrained-tail', ['messages', index], `This ${role} message comes after the last assistant message, so nothing trains on it; add the assistant's reply or remove it.`);
			}
		}
	}
	if (defined) {
		for (const call of summary.calledFunctions) {
			if (!defined.has(call.name)) {
				context.report('chat.undefined-tool', call.path, `The assistant calls ${quote(call.name)}, which "tools" does not define.`);
			}
		}
	}
}

/** Reports top-level keys outside `known`, each with a fix that removes it. */
export function reportUnknownKeys(record: Record<string, unknown>, known: readonly string[], context: RuleContext): void {
	for (const key of Object.keys(record)) {
		if (!known.includes(key)) {
			context.report('record.unknown-key', [key], `${quote(key)} is not part of this format (expected ${known.map((name) => `"${name}"`).join(', ')}); OpenAI ignores or rejects it.`, {
				target: 'key',
				fix: (locator) => ({ title: `Remove ${quote(key)}`, edits: locator.removeProperty([key]) }),
			});
		}
	}
}
