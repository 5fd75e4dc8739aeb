import { keyboard } from './harness';

/** Waits until the quick input shows the wizard screen whose title ends with `title`. */
export const screen = (title: string) => ({ waitFor: `.quick-input-widget .quick-input-title:has-text("${title}")` });

/**
 * Answers the fine-tune wizard by typing, as a person would: Supervised, no validation data, and each
 * other screen's default, up to the review, which is left open for the caller to confirm (Enter).
 */
export async function answerWizardUpToReview(): Promise<void> {
	await keyboard(screen('Model'), { press: 'Enter' }, screen('Method'), { type: 'Supervised' }, { press: 'Enter' });
	await keyboard(screen('Validation Data'), { type: 'None' }, { press: 'Enter' }, screen('Hyperparameters'), { press: 'Enter' });
	await keyboard(screen('Model Name Suffix'), { press: 'Enter' }, screen('Seed'), { press: 'Enter' }, screen('Review'));
}
