import * as vscode from 'vscode';
import { resolveModel } from '../dataset/models';
import { tokenInfoAt } from '../dataset/tokenInfo';
import type { OpenDatasets } from './datasets';
import { escapeMarkdown } from './markdown';

/** Shows the token count of the message under the pointer and of its whole example. */
export class TokenHover implements vscode.HoverProvider {
	constructor(private readonly datasets: OpenDatasets) {}

	provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
		const linter = this.datasets.get(document);
		if (!linter) {
			return undefined;
		}
		const line = document.lineAt(position.line);
		const bom = position.line === 0 && line.text.startsWith('\uFEFF') ? 1 : 0;
		const info = tokenInfoAt(line.text.slice(bom), position.character - bom, linter.lineLinter);
		if (!info) {
			return undefined;
		}
		const { encoding } = linter.lineLinter.tokenizer;
		const limit = linter.lineLinter.contextTokens;
		const model = escapeMarkdown(linter.lineLinter.settings.model);
		const markdown = new vscode.MarkdownString();
		if (info.message) {
			markdown.appendMarkdown(vscode.l10n.t('**{0}**: {1} tokens', escapeMarkdown(info.message.label), info.message.tokens.toLocaleString()));
			markdown.appendMarkdown('  \n');
		}
		markdown.appendMarkdown(vscode.l10n.t('**Example**: {0} tokens', info.exampleTokens.toLocaleString()));
		markdown.appendMarkdown('  \n');
		markdown.appendMarkdown(
			resolveModel(linter.lineLinter.settings.model)
				? vscode.l10n.t('{0}, counted for {1}, which trains on up to {2} tokens an example', encoding, model, limit.toLocaleString())
				: vscode.l10n.t('{0}, counted for {1}, a model the checks do not know: examples are held to the largest known limit, {2} tokens', encoding, model, limit.toLocaleString()),
		);
		return new vscode.Hover(markdown, line.range);
	}
}
