import { isToWebview, type ChatViewState, type FromWebview, type ToWebview } from '../../chat/protocol';
import { vscodeApi } from '../vscodeApi';

const vscode = vscodeApi<FromWebview, ChatViewState>();
const app = document.getElementById('app') as HTMLElement;

function render(message: Extract<ToWebview, { type: 'init' }>): void {
	app.replaceChildren();

	const heading = document.createElement('h1');
	heading.textContent = 'Chat with a fine-tuned model';

	const notice = document.createElement('p');
	notice.className = 'notice';
	notice.textContent = 'Talking to your fine-tuned models from here comes in the next version. Your draft is kept meanwhile, even across reloads.';

	const draft = document.createElement('textarea');
	draft.id = 'draft';
	draft.rows = 4;
	draft.placeholder = 'Write a message…';
	draft.setAttribute('aria-label', 'Message');
	draft.value = vscode.getState()?.draft ?? '';
	draft.addEventListener('input', () => vscode.setState({ draft: draft.value }));

	const footer = document.createElement('footer');
	footer.textContent = `Fine-Tune Studio ${message.extensionVersion}`;

	app.append(heading, notice, draft, footer);
	draft.focus();
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
	if (!isToWebview(event.data)) {
		return;
	}
	switch (event.data.type) {
		case 'init':
			render(event.data);
			break;
	}
});

vscode.postMessage({ type: 'ready' });
