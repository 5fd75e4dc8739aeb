import * as vscode from 'vscode';
import { COMMANDS } from '../contributes';
import { FINE_TUNABLE_MODELS } from '../dataset/models';
import type { Logger } from '../logger';
import { getSetting, updateSetting } from './config';

/** The command that changes the target model, which the linter and the job wizard read. */
export function registerSelectTargetModel(log: Logger): vscode.Disposable {
	return vscode.commands.registerCommand(COMMANDS.selectTargetModel, async () => {
		const picked = await pickTargetModel(getSetting('targetModel', vscode.window.activeTextEditor?.document.uri));
		if (picked) {
			await updateSetting('targetModel', picked);
			log.info(`target model set to ${picked}`);
		}
	});
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
