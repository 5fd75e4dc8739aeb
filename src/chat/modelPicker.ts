import * as vscode from 'vscode';
import type { Connection, Connections } from '../connections';
import { describeShutdown } from '../editor/targetModel';
import { describeError } from '../sidebar/treeParts';
import type { ChatModelRef } from './conversation';
import { JOBS_LOOKED_AT, jobsWithCheckpoints, modelChoices, modelRef, offersFreeText, sameModel, type ChoiceGroup, type ConnectionLoad, type ModelChoice, type ModelChoices } from './modelChoices';

/** Checkpoints per job: OpenAI keeps the last three, other servers may keep more. */
const CHECKPOINTS_PER_JOB = 10;

interface ChoiceItem extends vscode.QuickPickItem {
	/** Undefined for a separator and for a connection that failed, which cannot be picked. */
	readonly ref?: ChatModelRef;
}

/**
 * Asks which model to chat with, across every connection: fine-tuned models, checkpoints of recent
 * jobs, base models and (on compatible servers) whatever they list, or a model id typed in. Each
 * connection loads on its own; one that fails shows why and the others still work. `current` is
 * preselected. Undefined when dismissed.
 */
export async function pickChatModel(connections: Connections, current?: ChatModelRef): Promise<ChatModelRef | undefined> {
	const all = connections.all();
	const several = all.length > 1;
	const loads: (ConnectionLoad | undefined)[] = all.map(() => undefined);
	const stop = new AbortController();
	const pick = vscode.window.createQuickPick<ChoiceItem>();
	pick.title = vscode.l10n.t('Chat with Model');
	pick.placeholder = vscode.l10n.t('Pick a model, or type a model id');
	pick.matchOnDescription = true;
	pick.matchOnDetail = true;
	pick.busy = true;
	let preselect = current;
	const now = new Date();
	const render = (): void => {
		const choices = modelChoices(
			loads.filter((load) => load !== undefined),
			now,
		);
		const wanted = preselect ?? pick.activeItems[0]?.ref;
		pick.items = [...choiceItems(choices, several), ...freeTextItems(pick.value, choices, all, connections.defaultName(), several)];
		const active = wanted && pick.items.find((item) => item.ref && sameModel(item.ref, wanted));
		if (active && pick.value === '') {
			pick.activeItems = [active];
			preselect = undefined;
		}
	};
	render();
	const loaded = all.map(async (connection, index) => {
		loads[index] = await loadConnection(connections, connection, stop.signal);
		if (!stop.signal.aborted) {
			render();
		}
	});
	void Promise.all(loaded).finally(() => (pick.busy = false));

	return new Promise<ChatModelRef | undefined>((resolve) => {
		const subscriptions: vscode.Disposable[] = [];
		const finish = (ref: ChatModelRef | undefined): void => {
			stop.abort();
			vscode.Disposable.from(...subscriptions).dispose();
			pick.dispose();
			resolve(ref);
		};
		subscriptions.push(
			pick.onDidChangeValue(() => render()),
			pick.onDidAccept(() => {
				const ref = pick.selectedItems[0]?.ref;
				if (ref) {
					finish(ref);
				}
			}),
			pick.onDidHide(() => finish(undefined)),
		);
		pick.show();
	});
}

/** What `connection` offers to chat with; never rejects: a failure becomes its row in the pick. */
async function loadConnection(connections: Connections, connection: Connection, signal: AbortSignal): Promise<ConnectionLoad> {
	try {
		const services = await connections.servicesOf(connection);
		const { fineTuning, listsModels } = await connections.capabilitiesOf(services);
		const [catalog, jobs] = await Promise.all([
			listsModels ? services.models.list(signal) : undefined,
			fineTuning ? services.jobs.list({ limit: JOBS_LOOKED_AT, signal }).then((page) => page.items) : [],
		]);
		const checkpoints = await Promise.all(
			jobsWithCheckpoints(jobs).map(async (job) => [job.id, (await services.jobs.listCheckpoints(job.id, { limit: CHECKPOINTS_PER_JOB, signal })).items] as const),
		);
		return { connection, models: catalog?.all ?? [], fineTunedModels: catalog?.fineTunedModels ?? [], baseModels: catalog?.baseModels ?? [], jobs, checkpoints: new Map(checkpoints) };
	} catch (error) {
		// The services' errors carry no key (they are scrubbed where they are made).
		return { connection, error: describeError(error) };
	}
}

function groupLabel(group: ChoiceGroup): string {
	switch (group) {
		case 'fine-tuned':
			return vscode.l10n.t('Fine-tuned models');
		case 'checkpoints':
			return vscode.l10n.t('Checkpoints of recent jobs');
		case 'base':
			return vscode.l10n.t('Base models');
		case 'listed':
			return vscode.l10n.t('Models the server lists');
	}
}

function groupIcon(choice: ModelChoice): string {
	if (choice.shutdown?.soon) {
		return 'warning';
	}
	switch (choice.group) {
		case 'fine-tuned':
			return 'hubot';
		case 'checkpoints':
			return 'milestone';
		default:
			return 'sparkle';
	}
}

/** The groups under their separators, then one row per connection that failed. */
function choiceItems(choices: ModelChoices, several: boolean): ChoiceItem[] {
	const items: ChoiceItem[] = [];
	for (const { group, choices: inGroup } of choices.groups) {
		items.push({ label: groupLabel(group), kind: vscode.QuickPickItemKind.Separator });
		for (const choice of inGroup) {
			const { ref } = choice;
			const facts = [
				...(choice.step !== undefined ? [vscode.l10n.t('step {0}', choice.step)] : []),
				...(ref.baseModel ? [ref.baseModel] : []),
				...(choice.shutdown ? [describeShutdown(choice.shutdown)] : []),
				...(ref.api === 'completions' ? [vscode.l10n.t('completions')] : []),
				...(several ? [ref.connection] : []),
			];
			const text = facts.join(' · ') || undefined;
			// A fine-tune's id is long: its facts go on a line of their own, where they are not cut off.
			const long = group === 'fine-tuned' || group === 'checkpoints';
			items.push({ label: ref.model, ...(long ? { detail: text } : { description: text }), iconPath: new vscode.ThemeIcon(groupIcon(choice)), ref });
		}
	}
	if (choices.failures.length) {
		items.push({ label: vscode.l10n.t('Not available'), kind: vscode.QuickPickItemKind.Separator });
		for (const failure of choices.failures) {
			// No `ref`: accepting it does nothing, as a disabled row.
			items.push({ label: vscode.l10n.t('$(error) {0}: could not list its models', failure.connection.name), detail: failure.error, alwaysShow: true });
		}
	}
	return items;
}

/** "Use '<typed>' as model id", on each connection (the default first), when the text is not a listed id. */
function freeTextItems(typed: string, choices: ModelChoices, all: readonly Connection[], defaultName: string, several: boolean): ChoiceItem[] {
	if (!offersFreeText(typed, choices)) {
		return [];
	}
	const id = typed.trim();
	const ordered = [...all].sort((a, b) => Number(b.name === defaultName) - Number(a.name === defaultName));
	return [
		{ label: vscode.l10n.t('Model id'), kind: vscode.QuickPickItemKind.Separator },
		...ordered.map((connection) => ({
			label: several ? vscode.l10n.t("Use '{0}' as model id on {1}", id, connection.name) : vscode.l10n.t("Use '{0}' as model id", id),
			iconPath: new vscode.ThemeIcon('edit'),
			alwaysShow: true,
			ref: modelRef(connection.name, id),
		})),
	];
}
