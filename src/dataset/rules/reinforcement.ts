import type { RuleContext } from './context';
import { checkMessages } from './messages';
import { checkTools } from './tools';

/**
 * A reinforcement record: messages that end with the user's turn (the model writes the answer) and
 * any further fields, which are passed to the grader.
 */
export function checkReinforcementRecord(record: Record<string, unknown>, context: RuleContext): void {
	checkTools(record, [], context);
	const summary = checkMessages(record.messages, ['messages'], context, { allowImages: true });
	const last = summary?.roles.length ? summary.roles.length - 1 : -1;
	if (summary && summary.roles[last] === 'assistant') {
		context.report('reinforcement.ends-with-assistant', ['messages', last], 'A reinforcement example ends with the user\'s turn: remove the final assistant answer (put the expected answer in a field the grader reads, like "reference_answer").');
	}
}
