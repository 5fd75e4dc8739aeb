/** What the chat holds when the window reloads, shared by the tests of both pages. */
export const RESTORED_CHAT = {
	title: 'Fine-Tune Studio Chat',
	connection: 'emu-reload',
	apiKey: 'sk-test-ChatReloadIntegration0123',
	model: 'gpt-4o-mini-2024-07-18',
	question: 'Which lamps ship to Mexico?',
	draft: 'And how long does shipping take?',
} as const;
