import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChatModelRef, ChatOpenRequest } from '../../src/chat/conversation';
import { COMMANDS } from '../../src/contributes';
import { startEmulator, type Emulator } from '../fixtures/openai-emulator';
import type { WebviewStep } from '../host/harnessProtocol';
import { connectToEmulator, disconnectFromEmulator } from './emulatorConnection';
import { keyboard, network, screenshot, webview } from './harness';
import { waitFor } from './waitFor';
import { THEMES, workbench } from './themes';
import { trainModel } from './trainedModel';

const API_KEY = 'sk-test-ChatPanelIntegration0123';
const CONNECTION = 'emu-chat';
const NO_STREAMING = 'emu-whole-answers';
const JOB_SECONDS = 100;
const BASE = 'gpt-4o-mini-2024-07-18';
const TITLE = 'Fine-Tune Studio Chat';
const SYSTEM_PROMPT = 'You are the support assistant of Acme Lamps. Answer briefly.';
// Slow enough that Stop lands mid-answer, fast enough that a whole answer takes a second or two.
const TOKEN_DELAY_MS = 15;

const inChat = (...steps: WebviewStep[]): Promise<unknown[]> => webview(TITLE, ...steps);

/** What the chat shows of a reply. */
interface ShownReply {
	readonly status: string;
	readonly text: string;
	readonly meta: string;
	readonly error: string;
}

/** What the chat shows of a reply, `undefined` when there is none yet. */
async function replyOf(turn: number, column = 0): Promise<ShownReply | undefined> {
	const [value] = await inChat({
		evaluate: `(() => {
			const reply = document.querySelectorAll('.turn')[${turn}]?.querySelectorAll('.reply')[${column}];
			return reply && { status: reply.dataset.status, text: reply.querySelector('.text').textContent, meta: reply.querySelector('.meta').textContent, error: reply.querySelector('.error').textContent };
		})()`,
	});
	return (value ?? undefined) as ShownReply | undefined;
}

async function replyWhen(turn: number, column: number, what: string, condition: (reply: ShownReply) => boolean): Promise<ShownReply> {
	let last: ShownReply | undefined;
	try {
		await waitFor(
			async () => {
				last = await replyOf(turn, column);
				return last !== undefined && condition(last);
			},
			what,
			20_000,
		);
	} catch (error) {
		// Say what the chat showed instead: a timeout alone does not tell a missing turn from a wrong status.
		const [turns, draft] = await inChat({ evaluate: 'document.querySelectorAll(".turn").length' }, { evaluate: 'document.querySelector("#draft").value' });
		throw new Error(`${error instanceof Error ? error.message : String(error)}; the chat shows ${String(turns)} turns, the draft ${JSON.stringify(draft)} and this reply ${JSON.stringify(last)}`, { cause: error });
	}
	return last as ShownReply;
}

function chatRequests(emulator: Emulator) {
	return emulator.requests.filter((request) => request.path.endsWith('/chat/completions'));
}

/** Opens the chat and waits until it shows what `request` asks for (an open panel takes it over). */
async function openChat(request?: ChatOpenRequest): Promise<void> {
	await vscode.commands.executeCommand(COMMANDS.openChat, request);
	const shown = request?.conversationId
		? `.transcript[data-conversation-id="${request.conversationId}"]`
		: request?.model
			? `.column-head[data-column="0"] button.model:text-is("${request.model.model}${request.model.api === 'completions' ? ' (completions)' : ''}")`
			: '#draft';
	await inChat({ waitFor: shown, state: 'attached' });
}

describe('Chat panel', () => {
	let emulator: Emulator;
	let fineTuned: ChatModelRef;
	let base: ChatModelRef;
	let previousTheme: string | undefined;

	before(async () => {
		emulator = await startEmulator({ clock: 'manual', jobSeconds: JOB_SECONDS, chatTokenDelayMs: TOKEN_DELAY_MS });
		await connectToEmulator(emulator, CONNECTION, API_KEY);
		previousTheme = workbench().inspect<string>('colorTheme')?.globalValue;
		// A job trained to its end: the emulator then serves its fine-tuned model.
		const { job, model } = await trainModel(emulator, API_KEY, { base: BASE, jobSeconds: JOB_SECONDS, suffix: 'support' });
		fineTuned = { connection: CONNECTION, model, api: 'chat', baseModel: BASE, jobId: job.id };
		base = { connection: CONNECTION, model: BASE, api: 'chat' };
	});

	after(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await workbench().update('colorTheme', previousTheme, vscode.ConfigurationTarget.Global);
		await disconnectFromEmulator(CONNECTION);
		await emulator.close();
	});

	it('loads its script under the content security policy and answers the ready handshake', async () => {
		// The command settles only after the webview's script has run and said `ready`.
		await vscode.commands.executeCommand(COMMANDS.openChat);
		const tab = vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((candidate) => candidate.label === TITLE);
		assert.ok(tab, 'no chat tab is open');
		assert.ok(tab.input instanceof vscode.TabInputWebview);
		const [chooser] = await inChat({ waitFor: '#draft' }, { evaluate: 'document.querySelector(".columns button.model")?.textContent' });
		assert.equal(chooser, 'Choose a model…', 'a chat opened without a model asks for one');
	});

	it('chats with a fine-tuned model: Enter sends, the reply streams, Escape stops it, Regenerate answers again', async () => {
		const story = Array.from({ length: 300 }, (_, index) => `word${index}`).join(' ');
		// The regenerated answer is the one the screenshots show: some markdown, as models write it.
		const shortStory = 'Once, a **desk lamp** at Acme Lamps learned to keep time with the sun:\n\n- at dusk it glowed a warm amber;\n- at midnight it dimmed to a night light.\n\nOne line of its app did it: `lamp.schedule("sunset", { warmth: 2700 })`.';
		emulator.scriptReplies([story, shortStory]);
		await openChat({ model: fineTuned });
		const [modelButton] = await inChat({ evaluate: 'document.querySelector(".columns button.model").textContent' });
		assert.equal(modelButton, fineTuned.model);
		await network();
		await inChat({ fill: '#system-prompt', text: SYSTEM_PROMPT }, { fill: '#draft', text: 'Tell me a long story.' }, { press: 'Enter', on: '#draft' });
		const early = await replyWhen(0, 0, 'the reply to start streaming', (reply) => reply.status === 'streaming' && reply.text.length > 0);
		const later = await replyWhen(0, 0, 'the streaming reply to grow', (reply) => reply.text.length > early.text.length);
		assert.ok(later.text.startsWith(early.text));
		const [draftAfterSend] = await inChat({ evaluate: 'document.querySelector("#draft").value' });
		assert.equal(draftAfterSend, '', 'the composer is cleared once the message went out');

		await inChat({ press: 'Escape', on: '#draft' });
		const stopped = await replyWhen(0, 0, 'the reply to stop', (reply) => reply.status === 'stopped');
		assert.ok(stopped.text.length > 0 && stopped.text.length < story.length, 'the stopped reply keeps what came');
		await waitFor(() => chatRequests(emulator).at(-1)?.stream?.end === 'client-closed', 'the request to be aborted');
		const request = chatRequests(emulator).at(-1)?.body as Record<string, unknown>;
		assert.equal(request['model'], fineTuned.model);
		assert.equal(request['store'], false);
		assert.deepEqual(request['stream_options'], { include_usage: true });
		assert.deepEqual((request['messages'] as unknown[])[0], { role: 'system', content: SYSTEM_PROMPT });

		await inChat({ click: '.reply button.regenerate' });
		const regenerated = await replyWhen(0, 0, 'the regenerated reply to finish', (reply) => reply.status === 'done');
		assert.notEqual(regenerated.text, stopped.text);
		assert.match(regenerated.meta, /first token \d+ ms/);
		assert.match(regenerated.meta, /\d+ in, \d+ out tokens/);
		assert.equal(chatRequests(emulator).at(-1)?.stream?.end, 'done');
		assert.deepEqual((await network()).cspViolations, [], 'nothing the chat did broke its content security policy');

		for (const [theme, themeClass, name] of THEMES) {
			await workbench().update('colorTheme', theme, vscode.ConfigurationTarget.Global);
			await keyboard({ waitFor: `.monaco-workbench.${themeClass}` });
			await screenshot(`chat-conversation-${name}`);
		}
	});

	it('edits an earlier message and sends it again, dropping the turns after it', async () => {
		// Earlier turns keep their elements while a new one streams: nothing before it renders again.
		await inChat({ evaluate: 'window.firstTurn = document.querySelector(".turn"), window.firstReplyText = document.querySelector(".turn .reply .text").firstChild, true' });
		await inChat({ fill: '#draft', text: 'A second question.' }, { press: 'Enter', on: '#draft' });
		await replyWhen(1, 0, 'the second reply to finish', (reply) => reply.status === 'done');
		assert.deepEqual(await inChat({ evaluate: 'document.querySelector(".turn") === window.firstTurn && document.querySelector(".turn .reply .text").firstChild === window.firstReplyText' }), [true]);
		await inChat({ click: '.turn:first-child .edit-turn' }, { fill: '.turn-editor', text: 'A different first question.' }, { click: '.turn .resend' });
		// The old turn stays until the host answers: wait for the new one before reading its reply.
		await inChat({ waitFor: '.turn:only-child .user-text:text-is("A different first question.")' });
		await replyWhen(0, 0, 'the answer to the edited question', (reply) => reply.status === 'done');
		const messages = (chatRequests(emulator).at(-1)?.body as { messages: unknown[] }).messages;
		assert.deepEqual(messages, [
			{ role: 'system', content: SYSTEM_PROMPT },
			{ role: 'user', content: 'A different first question.' },
		]);
	});

	it('shows a mid-stream failure under the reply with its partial text, and Retry answers', async () => {
		emulator.addFault({ route: '/chat/completions', kind: 'rate-limit-mid-stream', afterChunks: 3 });
		await inChat({ fill: '#draft', text: 'This one fails halfway.' }, { press: 'Enter', on: '#draft' });
		const failed = await replyWhen(1, 0, 'the reply to fail', (reply) => reply.status === 'failed');
		assert.match(failed.error, /^Rate limited/, 'the rate limit is said as such');
		assert.ok(failed.text.length > 0, 'the partial text stays');
		await inChat({ click: '.turn:nth-child(2) .reply button.retry' });
		const retried = await replyWhen(1, 0, 'the retried reply to finish', (reply) => reply.status === 'done');
		assert.equal(retried.error, '');
	});

	it('restores the conversation and the draft when the webview reloads, and a saved conversation when reopened', async () => {
		await inChat({ fill: '#draft', text: 'Words not sent yet' });
		// A mark on the page, gone once it reloads: until then the old page would answer the checks.
		const [before] = await inChat({ evaluate: '(window.beforeReload = true, document.querySelectorAll(".turn").length)' });
		await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
		const showsRestored = async (): Promise<boolean> => {
			const [shown] = await inChat({ evaluate: '!window.beforeReload && document.querySelector(".transcript")?.dataset.conversationId !== undefined && { draft: document.querySelector("#draft").value, turns: document.querySelectorAll(".turn").length }' }).catch(() => [false]);
			return typeof shown === 'object' && shown !== null && (shown as { draft: string }).draft === 'Words not sent yet' && (shown as { turns: number }).turns === before;
		};
		await waitFor(showsRestored, 'the reloaded page to show the conversation and the draft');

		const [conversationId] = await inChat({ evaluate: 'document.querySelector(".transcript").dataset.conversationId' });
		assert.ok(typeof conversationId === 'string');
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await openChat();
		assert.deepEqual(await inChat({ evaluate: 'document.querySelectorAll(".turn").length' }), [0], 'a new chat starts empty');
		await openChat({ conversationId });
		await waitFor(async () => (await inChat({ evaluate: 'document.querySelectorAll(".turn").length' }))[0] === before, 'the saved conversation to open');
		const restored = await replyOf(1, 0);
		assert.equal(restored?.status, 'done');
	});

	it('compares two models: both replies stream at once and finish with their usage', async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await openChat({ model: fineTuned, compareWith: [base] });
		// The base model's column gets its own parameters.
		await inChat(
			{ click: '.column-head[data-column="1"] summary' },
			{ fill: '#column-1-temperature', text: '0.3' },
			{ fill: '#column-1-seed', text: '7' },
			{ fill: '#column-1-stop', text: 'END' },
			{ fill: '#draft', text: 'How do I reset my password?' },
			{ press: 'Enter', on: '#draft' },
		);
		const [first, second] = await Promise.all([replyWhen(0, 0, 'the fine-tuned reply', (reply) => reply.status === 'done'), replyWhen(0, 1, 'the base reply', (reply) => reply.status === 'done')]);
		for (const reply of [first, second]) {
			assert.match(reply.meta, /\d+ in, \d+ out tokens/);
		}
		const [a, b] = chatRequests(emulator).slice(-2);
		const bodies = [a, b].map((request) => request.body as { model: string; temperature?: number; seed?: number; stop?: string[] });
		const baseBody = bodies.find((body) => body.model === BASE);
		const fineTunedBody = bodies.find((body) => body.model === fineTuned.model);
		assert.deepEqual([baseBody?.temperature, baseBody?.seed, baseBody?.stop], [0.3, 7, ['END']]);
		assert.deepEqual([fineTunedBody?.temperature, fineTunedBody?.seed, fineTunedBody?.stop], [undefined, undefined, undefined]);
		assert.ok(a.startedAt < (b.endedAt ?? Infinity) && b.startedAt < (a.endedAt ?? Infinity), 'the two requests overlapped');
		for (const [theme, themeClass, name] of THEMES) {
			await workbench().update('colorTheme', theme, vscode.ConfigurationTarget.Global);
			await keyboard({ waitFor: `.monaco-workbench.${themeClass}` });
			await screenshot(`chat-compare-${name}`);
		}
	});

	it('stops one column of a comparison while the other answers on', async () => {
		const story = Array.from({ length: 200 }, (_, index) => `word${index}`).join(' ');
		emulator.scriptReplies([story, story]);
		await inChat({ fill: '#draft', text: 'Two long stories, please.' }, { press: 'Enter', on: '#draft' });
		await replyWhen(1, 1, 'the second column to stream', (reply) => reply.status === 'streaming' && reply.text.length > 0);
		await inChat({ click: '.turn:nth-child(2) .reply[data-column="1"] button.stop' });
		const stopped = await replyWhen(1, 1, 'the second column to stop', (reply) => reply.status === 'stopped');
		const finished = await replyWhen(1, 0, 'the first column to finish', (reply) => reply.status === 'done');
		assert.equal(finished.text, story);
		assert.ok(stopped.text.length < story.length);
	});

	it('sends a legacy completion model the turn as its prompt', async () => {
		await openChat({ model: { connection: CONNECTION, model: 'babbage-002', api: 'completions' } });
		const [placeholder] = await inChat({ evaluate: 'document.querySelector("#draft").placeholder' });
		assert.match(String(placeholder), /^Prompt/);
		await inChat({ fill: '#draft', text: 'Once upon a time' }, { press: 'Enter', on: '#draft' });
		await replyWhen(0, 0, 'the completion', (reply) => reply.status === 'done' && reply.text.length > 0);
		const request = emulator.requests.filter((candidate) => candidate.path.endsWith('/v1/completions')).at(-1);
		assert.equal((request?.body as { prompt?: string }).prompt, 'Once upon a time');
	});

	it('asks a server that does not stream for whole answers, and remembers it', async () => {
		const whole = await startEmulator({ clock: 'manual', noStreaming: true });
		try {
			await connectToEmulator(whole, NO_STREAMING, API_KEY);
			await vscode.commands.executeCommand('workbench.action.closeAllEditors');
			await openChat({ model: { connection: NO_STREAMING, model: BASE, api: 'chat' } });
			await inChat({ fill: '#draft', text: 'Hello?' }, { press: 'Enter', on: '#draft' });
			await replyWhen(0, 0, 'the whole answer', (reply) => reply.status === 'done' && reply.text.length > 0);
			await inChat({ fill: '#draft', text: 'And again?' }, { press: 'Enter', on: '#draft' });
			await replyWhen(1, 0, 'the second whole answer', (reply) => reply.status === 'done' && reply.text.length > 0);
			assert.deepEqual(
				whole.requests.filter((request) => request.path.endsWith('/chat/completions')).map((request) => (request.body as { stream?: boolean }).stream),
				[true, false, false],
				'refused once, then asked whole',
			);
		} finally {
			await disconnectFromEmulator(NO_STREAMING);
			await whole.close();
		}
	});
});
