// The wizard's model pick for each kind of connection: the base models the service fine-tunes (from our
// tables, merged with the server's list), the user's fine-tunes, shutdown dates and the wind-down notice.
import * as vscode from 'vscode';
import type { Connection } from '../connections';
import { FINE_TUNABLE_MODELS, type FineTuningMethod } from '../dataset/models';
import { describeShutdown } from '../editor/targetModel';
import type { Logger } from '../logger';
import { AZURE_FINE_TUNABLE_MODELS } from '../openai/azureModels';
import { parseFineTunedModelName, shutdownDateOf, type ListedModel, type ModelCatalog, type ModelsService } from '../openai/models';
import { jobCreationEnd, shutdownOf, WIND_DOWN_SOURCE, type Shutdown } from '../openai/windDown';
import type { ValueItem } from './quickInput';

/** What the model pick needs to know about where the job goes. */
export interface ModelSource {
	readonly kind: Connection['kind'];
	readonly connectionName: string;
	/** The model to offer even when no table knows it (the target model setting). */
	readonly defaultModel: string;
}

/** The server's model list, or undefined when it could not be read (the tables still work offline). */
export function listCatalog(models: ModelsService, log: Logger): Promise<ModelCatalog | undefined> {
	return models.list().then(
		(catalog) => catalog,
		(error: unknown) => {
			// The job creation reports a real problem; the pick works from the tables meanwhile.
			log.warn(`could not list the models: ${error instanceof Error ? error.message : String(error)}`);
			return undefined;
		},
	);
}

/** When `model` shuts down, from the server's list or (for OpenAI) the announced wind-down dates. */
export function shutdownFor(model: string, source: ModelSource, catalog: ModelCatalog | undefined, now = new Date()): Shutdown | undefined {
	const listed = catalog?.all.find((candidate) => candidate.id === model);
	return shutdownOf(model, listed && shutdownDateOf(listed), source.kind === 'openai', now);
}

/**
 * The items of the model pick. Without a catalog: the table's base models only (shown at once); with
 * one, the same merged with what the server says, and the user's fine-tunes to continue training.
 */
export function modelPickItems(source: ModelSource, catalog: ModelCatalog | undefined, now = new Date()): ValueItem<string>[] {
	const azure = source.kind === 'azure';
	const table: readonly { readonly id: string; readonly methods: readonly FineTuningMethod[]; readonly preview?: boolean }[] = azure ? AZURE_FINE_TUNABLE_MODELS : FINE_TUNABLE_MODELS;
	const listed = new Set(catalog?.all.map((model) => model.id));
	const item = (id: string, notes: readonly string[]): ValueItem<string> => {
		const shutdown = shutdownFor(id, source, catalog, now);
		return {
			label: shutdown?.soon ? `$(warning) ${id}` : id,
			description: [...notes, ...(shutdown ? [describeShutdown(shutdown)] : [])].join(' · '),
			value: id,
		};
	};
	const items: ValueItem<string>[] = source.kind === 'openai' ? [windDownNotice(now)] : [];
	items.push({ label: vscode.l10n.t('Base models'), kind: vscode.QuickPickItemKind.Separator });
	for (const model of table) {
		const notes = [model.methods.map(methodName).join(', ')];
		if (model.preview) {
			notes.push(vscode.l10n.t('preview'));
		}
		// Azure's table is Microsoft's; a resource lists what its region offers. Offered either way: the server decides.
		if (azure && catalog && !listed.has(model.id)) {
			notes.push(vscode.l10n.t('not listed by {0}', source.connectionName));
		}
		items.push(item(model.id, notes));
	}
	const known = new Set(table.map((model) => model.id));
	if (azure) {
		for (const model of catalog?.all ?? []) {
			if (!known.has(model.id) && model.capabilities?.fine_tune === true) {
				known.add(model.id);
				items.push(item(model.id, [vscode.l10n.t('listed as fine-tunable by {0}', source.connectionName)]));
			}
		}
	}
	const fineTuned = catalog?.fineTunedModels ?? [];
	// A compatible server's model, named in the setting, is offered too; a fine-tuned one (an earlier job's) once, among the user's.
	if (!known.has(source.defaultModel) && !fineTuned.some((model) => model.id === source.defaultModel)) {
		items.push(item(source.defaultModel, [vscode.l10n.t('from the target model setting')]));
	}
	if (fineTuned.length > 0) {
		items.push({ label: vscode.l10n.t('Your fine-tuned models: continue training'), kind: vscode.QuickPickItemKind.Separator });
		items.push(...fineTuned.map((model) => item(model.id, fineTunedNotes(model))));
	}
	return items;
}

function fineTunedNotes(model: ListedModel): string[] {
	const notes = [new Date(model.created * 1000).toLocaleDateString(vscode.env.language)];
	const name = parseFineTunedModelName(model.id);
	if (name) {
		notes.unshift(name.suffix ? vscode.l10n.t('from {0}, suffix {1}', name.base, name.suffix) : vscode.l10n.t('from {0}', name.base));
	}
	return notes;
}

/**
 * OpenAI's announced end of job creation, as a notice at the top of the pick. Picking it does nothing:
 * it has no value. The date is ours, so nothing is refused on it.
 */
export function windDownNotice(now = new Date()): ValueItem<never> {
	const { date, daysLeft } = jobCreationEnd(now);
	return {
		label: `$(calendar) ${daysLeft >= 0 ? vscode.l10n.t('OpenAI ends fine-tuning job creation on {0}', date) : vscode.l10n.t('OpenAI ended fine-tuning job creation on {0}', date)}`,
		detail: vscode.l10n.t(
			'{0} Announced on {1} (checked {2}); OpenAI decides, so the job is still sent. Azure OpenAI keeps fine-tuning: "Add Connection…".',
			daysLeft >= 0 ? vscode.l10n.t('In {0} days.', daysLeft) : vscode.l10n.t('{0} days ago.', -daysLeft),
			WIND_DOWN_SOURCE.url,
			WIND_DOWN_SOURCE.checked,
		),
	};
}

/** A warning on the review when the chosen model shuts down soon; undefined otherwise. */
export function shutdownWarningItem<T>(model: string, shutdown: Shutdown | undefined, value: T): ValueItem<T> | undefined {
	if (!shutdown?.soon) {
		return undefined;
	}
	return {
		label: `$(warning) ${vscode.l10n.t('{0} {1}', model, describeShutdown(shutdown))}`,
		detail: vscode.l10n.t('A model fine-tuned from it stops answering then too. The job can still be created; pick this to choose another model.'),
		value,
	};
}

export function methodName(method: FineTuningMethod): string {
	switch (method) {
		case 'supervised':
			return vscode.l10n.t('Supervised');
		case 'dpo':
			return vscode.l10n.t('DPO');
		case 'reinforcement':
			return vscode.l10n.t('Reinforcement');
	}
}
