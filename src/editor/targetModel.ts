import * as vscode from 'vscode';
import { COMMANDS } from '../contributes';
import { FINE_TUNABLE_MODELS } from '../dataset/models';
import { getSetting, onDidChangeSettings, updateSetting } from './config';
import type { Logger } from './log';

const JSONL_LANGUAGE = 'jsonl';

/**
 * The target model: shown in the status bar beside a JSONL dataset, changed from a quick pick.
 * The linter and the job wizard read the same setting.
 */
export function registerTargetModel(log: Logger): vscode.Disposable {
	const item = vscode.window.createStatusBarItem('finetuneStudio.targetModel', vscode.StatusBarAlignment.Right, 100);
	item.name = vscode.l10n.t('Fine-Tune Studio: Target Model');
	item.command = COMMANDS.selectTargetModel;

	const update = (): void => {
		const editor = vscode.window.activeTextEditor;
		if (editor?.document.languageId !== JSONL_LANGUAGE) {
			item.hide();
			return;
		}
		const model = getSetting('targetModel', editor.document.uri);
		item.text = `$(beaker) ${model}`;
		item.tooltip = vscode.l10n.t('Fine-Tune Studio: datasets are checked for {0}. Click to change the target model.', model);
		item.show();
	};
	update();

	return vscode.Disposable.from(
		item,
		vscode.window.onDidChangeActiveTextEditor(update),
		vscode.workspace.onDidOpenTextDocument(update),
		onDidChangeSettings(update),
		vscode.commands.registerCommand(COMMANDS.selectTargetModel, async () => {
			const picked = await pickTargetModel(getSetting('targetModel', vscode.window.activeTextEditor?.document.uri));
			if (picked) {
				await updateSetting('targetModel', picked);
				log.info(`target model set to ${picked}`);
			}
		}),
	);
}

async function pickTargetModel(current: string): Promise<string | undefined> {
	const items: vscode.QuickPickItem[] = FINE_TUNABLE_MODELS.map((model) => ({
		label: model.id,
		description: model.id === current ? vscode.l10n.t('current') : undefined,
		detail: model.methods.join(', '),
	}));
	const picked = await vscode.window.showQuickPick(items, {
		title: vscode.l10n.t('Target Model'),
		placeHolder: vscode.l10n.t('The base model your datasets are checked for and fine-tuned on'),
		matchOnDetail: true,
	});
	return picked?.label;
}
