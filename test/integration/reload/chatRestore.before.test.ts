import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/contributes';
import { startEmulator } from '../../fixtures/openai-emulator';
import { connectToEmulator } from '../emulatorConnection';
import { webview } from '../harness';
import { RESTORED_CHAT } from './chatRestore';

describe('Chat panel, before the window reloads', () => {
	it('leaves a conversation with an answer and an unsent draft in the chat', async () => {
		// The emulator goes with this page; the next one only reads what the panel kept.
		const emulator = await startEmulator({ clock: 'manual' });
		await connectToEmulator(emulator, RESTORED_CHAT.connection, RESTORED_CHAT.apiKey);
		await vscode.commands.executeCommand(COMMANDS.openChat, { model: { connection: RESTORED_CHAT.connection, model: RESTORED_CHAT.model, api: 'chat' } });
		await webview(
			RESTORED_CHAT.title,
			{ waitFor: `.column-head[data-column="0"] button.model:text-is("${RESTORED_CHAT.model}")`, state: 'attached' },
			{ fill: '#draft', text: RESTORED_CHAT.question },
			{ press: 'Enter', on: '#draft' },
			{ waitFor: '.turn .reply[data-status="done"]' },
			{ fill: '#draft', text: RESTORED_CHAT.draft },
		);
	});
});
