import * as vscode from 'vscode';
import type { Connection, Connections } from '../connections';
import { COMMANDS, VIEWS } from '../contributes';
import { escapeMarkdown } from '../editor/markdown';
import { describeShutdown } from '../editor/targetModel';
import type { Logger } from '../logger';
import { parseFineTunedModelName, shutdownDateOf, type ListedModel } from '../openai/models';
import { shutdownOf } from '../openai/windDown';
import { ConnectionListTree } from './connectionListTree';
import { themeIcon } from './treeParts';

/** A fine-tuned model of a connection; `modelId` is what Copy Model ID, Delete and Deploy take. */
export interface ModelNode {
	readonly kind: 'model';
	readonly connection: Connection;
	readonly modelId: string;
	readonly model: ListedModel;
}

export type ModelsTree = ConnectionListTree<ModelNode>;

/**
 * The Models view: the fine-tuned models of each connection, newest first. Each shows its base model,
 * when it was made and when it shuts down, with a warning within 60 days.
 */
export function createModelsTree(connections: Connections, log: Logger): ModelsTree {
	return new ConnectionListTree<ModelNode>(connections, log, {
		view: VIEWS.models,
		what: 'models',
		refreshCommand: COMMANDS.refreshModels,
		async load(connection) {
			const { models } = await connections.servicesOf(connection, 'fine-tuning');
			// The catalog sorts the fine-tunes out of the list, newest first.
			return (await models.list()).fineTunedModels.map((model) => ({ kind: 'model', connection, modelId: model.id, model }));
		},
		idOf: (row) => row.modelId,
		item: (row) => modelItem(row, new Date()),
	});
}

/** A model row: its suffix (or id), then base model · created · shutdown, with a warning icon when the shutdown is near. */
function modelItem(node: ModelNode, now: Date): vscode.TreeItem {
	const { model, connection } = node;
	const name = parseFineTunedModelName(model.id);
	const created = new Date(model.created * 1000);
	// The server's date, else (OpenAI) the announced shutdown of the base model, which its fine-tunes share.
	const shutdown = shutdownOf(model.id, shutdownDateOf(model), connection.kind === 'openai', now);
	// The suffix the user chose reads better than the long id, which the tooltip and Copy Model ID keep.
	const item = new vscode.TreeItem(name?.suffix ?? model.id, vscode.TreeItemCollapsibleState.None);
	item.id = `${VIEWS.models}/model/${connection.name}/${model.id}`;
	item.description = [name?.base, created.toLocaleDateString(vscode.env.language), shutdown && describeShutdown(shutdown)].filter(Boolean).join(' · ');
	item.iconPath = shutdown?.soon ? themeIcon({ id: 'warning', color: 'editorWarning.foreground' }) : new vscode.ThemeIcon('hubot');
	const fact = (label: string, value: string): string => `${escapeMarkdown(label)}: ${escapeMarkdown(value)}`;
	const tooltip = new vscode.MarkdownString(`**${escapeMarkdown(model.id)}**\n\n`);
	tooltip.appendMarkdown(
		[
			fact(vscode.l10n.t('ID'), model.id),
			...(name ? [fact(vscode.l10n.t('Base model'), name.base)] : []),
			fact(vscode.l10n.t('Owner'), model.owned_by),
			fact(vscode.l10n.t('Created'), created.toLocaleString()),
			...(shutdown ? [fact(vscode.l10n.t('Shutdown date'), describeShutdown(shutdown))] : []),
		].join('  \n'),
	);
	if (shutdown?.soon) {
		tooltip.appendMarkdown(`\n\n$(warning) ${escapeMarkdown(vscode.l10n.t('It stops answering then: apps and chats that call it need another model by that day.'))}`);
		tooltip.supportThemeIcons = true;
	}
	item.tooltip = tooltip;
	// Azure deploys fine-tuned models: `model.azure` offers Deploy….
	item.contextValue = connection.kind === 'azure' ? 'model.azure' : 'model';
	item.accessibilityInformation = { label: `${model.id}, ${item.description}` };
	return item;
}
