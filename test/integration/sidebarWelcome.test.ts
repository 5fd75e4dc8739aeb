import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../fixtures/openai-emulator';
import { connectToEmulator, disconnectFromEmulator } from './emulatorConnection';
import { keyboard, screenshot } from './harness';

const CONNECTION = 'emu-welcome';
const workbench = () => vscode.workspace.getConfiguration('workbench');

/** Waits until a view of the Fine-Tuning container shows a welcome with `text`. */
function welcome(text: string): { waitFor: string } {
	return { waitFor: `.pane-body .welcome-view-content:has-text("${text}")` };
}

describe('The Fine-Tuning views welcome the user: before the first connection, and on a server on this machine with nothing yet', () => {
	let emulator: Emulator;
	let previousTheme: string | undefined;

	before(async () => {
		emulator = await startEmulator({ clock: 'manual' });
		previousTheme = workbench().inspect<string>('colorTheme')?.globalValue;
	});

	after(async () => {
		await workbench().update('colorTheme', previousTheme, vscode.ConfigurationTarget.Global);
		await disconnectFromEmulator(CONNECTION);
		await vscode.commands.executeCommand('workbench.view.explorer');
		await emulator.close();
	});

	it('invites the user to connect while nothing is configured and OpenAI has no key, in light and dark', async () => {
		await vscode.commands.executeCommand('workbench.view.extension.finetuneStudio');
		await keyboard(welcome('Connect Fine-Tune Studio to where your models train'), welcome('Set OpenAI API Key'));
		for (const [theme, themeClass, name] of [
			['Default Light Modern', 'vs', 'sidebar-welcome-light'],
			['Default Dark Modern', 'vs-dark', 'sidebar-welcome-dark'],
		] as const) {
			await workbench().update('colorTheme', theme, vscode.ConfigurationTarget.Global);
			await keyboard({ waitFor: `.monaco-workbench.${themeClass}` });
			await screenshot(name);
		}
	});

	it('says that a connection on this machine, such as the emulator, has no jobs yet, and how to make one', async () => {
		await connectToEmulator(emulator, CONNECTION, 'sk-test-WelcomeIntegration0123');
		await keyboard(welcome('No fine-tuning jobs yet on this server on your machine'), welcome('No uploaded files yet'));
		// VS Code keeps a progress notification up for a moment after its task ends; the picture is of the views.
		await keyboard({ waitFor: '.monaco-workbench:not(:has(.notification-toast:has-text("Checking the API key")))' });
		await screenshot('sidebar-welcome-emulator');
	});
});
