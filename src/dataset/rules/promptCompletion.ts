import { reportUnknownKeys } from './chat';
import { show, type RuleContext } from './context';

/** A legacy `{"prompt": …, "completion": …}` record (babbage-002, davinci-002). */
export function checkPromptCompletionRecord(record: Record<string, unknown>, context: RuleContext): void {
	reportUnknownKeys(record, ['prompt', 'completion'], context);
	const { prompt, completion } = record;
	if (prompt === undefined) {
		context.report('prompt.invalid', [], '"prompt" is missing: add the text the model is given, as a string.');
	} else if (typeof prompt !== 'string') {
		context.report('prompt.invalid', ['prompt'], `"prompt" must be a string, not ${show(prompt)}.`);
	}
	if (completion === undefined) {
		context.report('prompt.invalid', [], '"completion" is missing: add the text the model should write, as a non-empty string.');
		return;
	}
	if (typeof completion !== 'string' || completion.trim() === '') {
		context.report('prompt.invalid', ['completion'], `"completion" must be a non-empty string, not ${show(completion)}.`);
		return;
	}
	if (!/^\s/.test(completion)) {
		context.report('prompt.completion-no-leading-space', ['completion'], 'Start the completion with a space: it tokenises the way the model saw text in pre-training.', {
			fix: (locator) => ({ title: 'Add a leading space to the completion', edits: locator.replace(['completion'], JSON.stringify(` ${completion}`)) }),
		});
	}
}
