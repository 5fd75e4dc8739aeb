import { quote } from '../quote';
import { MAX_FINDINGS_PER_OBJECT, type RuleContext } from './context';
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
	const expected = known.map((name) => `"${name}"`).join(', ');
	context.reportUnknownKeys(
		'record.unknown-key',
		[],
		Object.keys(record).filter((key) => !known.includes(key)),
		(key) => `${quote(key)} is not part of this format (expected ${expected}); OpenAI ignores or rejects it.`,
		(count) => `${count.toLocaleString('en-US')} keys of this object are not part of this format (expected ${expected}); the first ${MAX_FINDINGS_PER_OBJECT} are marked one by one, the other ${(count - MAX_FINDINGS_PER_OBJECT).toLocaleString('en-US')} only here.`,
	);
}
