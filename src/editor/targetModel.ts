import * as vscode from 'vscode';
import { COMMANDS } from '../contributes';
import { FINE_TUNABLE_MODELS } from '../dataset/models';
import type { Logger } from '../logger';
import { shutdownOf, type Shutdown } from '../openai/windDown';
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

/** "shuts down 2027-01-14", with the days left when that is soon, or "shut down …" once past. */
export function describeShutdown(shutdown: Shutdown): string {
	if (shutdown.daysLeft < 0) {
		return vscode.l10n.t('shut down {0}', shutdown.date);
	}
	return shutdown.soon ? vscode.l10n.t('shuts down {0}, in {1} days', shutdown.date, shutdown.daysLeft) : vscode.l10n.t('shuts down {0}', shutdown.date);
}

async function pickTargetModel(current: string): Promise<string | undefined> {
	// No connection is asked here (the setting is for linting too): the shutdown dates are the announced ones.
	const now = new Date();
	const items: vscode.QuickPickItem[] = FINE_TUNABLE_MODELS.map((model) => {
		const shutdown = shutdownOf(model.id, undefined, true, now);
		return {
			label: shutdown?.soon ? `$(warning) ${model.id}` : model.id,
			description: [...(model.id === current ? [vscode.l10n.t('current')] : []), ...(shutdown ? [describeShutdown(shutdown)] : [])].join(' · ') || undefined,
			detail: model.methods.join(', '),
		};
	});
	const picked = await vscode.window.showQuickPick(items, {
		title: vscode.l10n.t('Target Model'),
		placeHolder: vscode.l10n.t('The base model your datasets are checked for and fine-tuned on'),
		matchOnDetail: true,
	});
	return picked && FINE_TUNABLE_MODELS.find((model) => picked.label.endsWith(model.id))?.id;
}
