/** The report open when the window reloads, shared by the tests of both pages. */
export const RESTORED_REPORT = {
	title: 'Dataset Report',
	file: 'datasets/support-chat.jsonl',
	examples: '12',
} as const;
