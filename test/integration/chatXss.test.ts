import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ChatModelRef } from '../../src/chat/conversation';
import { COMMANDS } from '../../src/contributes';
import { startEmulator, type Emulator } from '../fixtures/openai-emulator';
import { escapesIn } from '../fixtures/xssChecks';
import { ATTACKER_ORIGIN, XSS_MARKER_ATTRIBUTE, XSS_PAYLOADS } from '../fixtures/xssPayloads';
import type { WebviewStep } from '../host/harnessProtocol';
import { connectToEmulator, disconnectFromEmulator } from './emulatorConnection';
import { network, webview } from './harness';
import { waitFor } from './waitFor';

const API_KEY = 'sk-test-ChatXssIntegration0123';
const CONNECTION = 'emu-chat-xss';
const TITLE = 'Fine-Tune Studio Chat';
const MODEL: ChatModelRef = { connection: CONNECTION, model: 'gpt-4o-mini-2024-07-18', api: 'chat' };

const inChat = (...steps: WebviewStep[]): Promise<unknown[]> => webview(TITLE, ...steps);

/** What `escapesIn` finds in every reply's rendered text (the panel's own controls around it are not model output). */
const ESCAPES_IN_REPLIES = `[...document.querySelectorAll('.turn .reply .text')].flatMap(${escapesIn.toString()})`;

/** Sends `text` from the composer and waits for the reply of turn `turn` (0-based) to end. */
async function ask(text: string, turn: number): Promise<void> {
	await inChat({ fill: '#draft', text }, { press: 'Enter', on: '#draft' }, { waitFor: `.turn:nth-child(${turn + 1}) .reply[data-status="done"]`, state: 'attached' });
}

/** Hosts the page may reach: code-server on this machine, and the emulator. */
const isLocal = (url: string): boolean => {
	try {
		const { protocol, hostname } = new URL(url);
		return protocol === 'data:' || protocol === 'blob:' || hostname === '127.0.0.1' || hostname === 'localhost' || hostname.endsWith('.localhost');
	} catch {
		return false;
	}
};

/** Answers `vscode.env.openExternal` for the next calls, recording what the chat asked to open: a test must not open a browser. */
function recordOpenExternal(): { opened: string[]; restore(): void } {
	const original = vscode.env.openExternal;
	const opened: string[] = [];
	Object.defineProperty(vscode.env, 'openExternal', {
		value: (uri: vscode.Uri) => {
			opened.push(uri.toString(true));
			return Promise.resolve(true);
		},
		configurable: true,
		writable: true,
	});
	return { opened, restore: () => Object.defineProperty(vscode.env, 'openExternal', { value: original, configurable: true, writable: true }) };
}

describe('Chat panel against hostile model output (XSS corpus)', () => {
	let emulator: Emulator;

	before(async () => {
		emulator = await startEmulator({ clock: 'manual', jobSeconds: 100 });
		await connectToEmulator(emulator, CONNECTION, API_KEY);
	});

	after(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await disconnectFromEmulator(CONNECTION);
		await emulator.close();
	});

	it(`renders ${XSS_PAYLOADS.length} hostile replies with no script run, no request made and no DOM escape`, async function () {
		this.timeout(120_000);
		await vscode.commands.executeCommand(COMMANDS.openChat, { model: MODEL });
		await inChat({ waitFor: '#draft' });
		await network(); // from here on, every request and CSP violation is the replies'
		emulator.scriptReplies(XSS_PAYLOADS.map((payload) => payload.markdown));
		for (const [index, payload] of XSS_PAYLOADS.entries()) {
			await ask(`Payload ${payload.name}, please.`, index);
		}

		const [replies, escapes, marked] = await inChat(
			{ evaluate: `[...document.querySelectorAll('.turn .reply .text')].map((text) => text.textContent.length)` },
			{ evaluate: ESCAPES_IN_REPLIES },
			{ evaluate: `document.querySelectorAll('[${XSS_MARKER_ATTRIBUTE}]').length` },
		);
		assert.equal((replies as number[]).length, XSS_PAYLOADS.length);
		(replies as number[]).forEach((length, index) => assert.ok(length > 0, `${XSS_PAYLOADS[index]?.name}: the reply shows as text`));
		assert.deepEqual(escapes, []);
		assert.equal(marked, 0, 'no payload script ran');

		const seen = await network();
		assert.deepEqual(seen.cspViolations, [], 'nothing was even attempted against the content security policy');
		assert.deepEqual(seen.requests.filter((url) => url.startsWith(ATTACKER_ORIGIN)), []);
		assert.deepEqual(seen.requests.filter((url) => !isLocal(url)), [], 'no request left the machine');
	});

	it('opens a clicked link and an image only through VS Code, and copies a code block to the clipboard', async () => {
		const code = `console.log("copied ${Date.now()}");`;
		emulator.scriptReplies([`See [the guide](https://docs.example/guide).\n\n\`\`\`js\n${code}\n\`\`\`\n\n![chart](${ATTACKER_ORIGIN}/chart.png)`]);
		const turns = (await inChat({ evaluate: `document.querySelectorAll('.turn').length` }))[0] as number;
		await ask('A link, some code and an image, please.', turns);
		const last = `.turn:nth-child(${turns + 1})`;
		const external = recordOpenExternal();
		try {
			await inChat({ click: `${last} .text a` });
			await waitFor(() => external.opened.length === 1, 'the link to reach openExternal');
			assert.deepEqual(external.opened, ['https://docs.example/guide']);
			await inChat({ click: `${last} .open-image` });
			await waitFor(() => external.opened.length === 2, "the image's URL to reach openExternal");
			assert.equal(external.opened[1], `${ATTACKER_ORIGIN}/chart.png`);
		} finally {
			external.restore();
		}
		await inChat({ click: `${last} .copy-code` });
		await waitFor(async () => (await vscode.env.clipboard.readText()) === code, 'the code on the clipboard');

		const seen = await network();
		assert.deepEqual(seen.requests.filter((url) => !isLocal(url)), [], 'the image was not loaded');
		assert.deepEqual(seen.cspViolations, []);
		const [escapes] = await inChat({ evaluate: ESCAPES_IN_REPLIES });
		assert.deepEqual(escapes, []);
	});
});
