// What the chat's model picker offers, grouped and sorted, and the model references that sidebar rows
// open the chat with. Free of `vscode`, so that unit tests hold it directly; the picker words it.
import type { FineTuningJob } from 'openai/resources/fine-tuning/jobs/jobs';
import type { FineTuningJobCheckpoint } from 'openai/resources/fine-tuning/jobs/checkpoints';
import type { Connection } from '../connections/model';
import { usesLegacyCompletions } from '../openai/chat';
import { parseFineTunedModelName, shutdownDateOf, type ListedModel } from '../openai/models';
import { shutdownOf, type Shutdown } from '../openai/windDown';
import type { ChatModelRef } from './conversation';

/** What the picker needs of a connection. */
export type ChoiceConnection = Pick<Connection, 'name' | 'kind'>;

/** The checkpoints of the jobs whose checkpoints are offered: a few recent succeeded ones. */
export const RECENT_JOBS_WITH_CHECKPOINTS = 10;
/** Jobs asked for per connection (one page): the job behind a fine-tuned model is looked for among them. */
export const JOBS_LOOKED_AT = 100;

/** What one connection answered: its models, and where it fine-tunes, its recent jobs and their checkpoints. */
export interface ConnectionModels {
	readonly connection: ChoiceConnection;
	/** `GET /models`, in the server's order; empty when the server does not list models. */
	readonly models: readonly ListedModel[];
	/** Fine-tuned models and fine-tunable base models, as the Models view sorts them. */
	readonly fineTunedModels: readonly ListedModel[];
	readonly baseModels: readonly ListedModel[];
	/** Recent jobs, newest first: they name the job (and training file) behind a fine-tuned model. */
	readonly jobs: readonly FineTuningJob[];
	/** Checkpoints per job id, newest first. */
	readonly checkpoints: ReadonlyMap<string, readonly FineTuningJobCheckpoint[]>;
}

/** A connection that could not be asked, with the reason to show (already free of secrets). */
export interface ConnectionFailure {
	readonly connection: ChoiceConnection;
	readonly error: string;
}

export type ConnectionLoad = ConnectionModels | ConnectionFailure;

/** The picker's groups, in the order they are shown. */
export type ChoiceGroup = 'fine-tuned' | 'checkpoints' | 'base' | 'listed';
export const CHOICE_GROUPS: readonly ChoiceGroup[] = ['fine-tuned', 'checkpoints', 'base', 'listed'];

/** One model to pick. */
export interface ModelChoice {
	readonly group: ChoiceGroup;
	readonly ref: ChatModelRef;
	/** Epoch seconds it was made, when the server says. */
	readonly created?: number;
	readonly shutdown?: Shutdown;
	/** A checkpoint's training step. */
	readonly step?: number;
}

/** What the picker shows: the models by group (empty groups left out) and the connections that failed. */
export interface ModelChoices {
	readonly groups: readonly { readonly group: ChoiceGroup; readonly choices: readonly ModelChoice[] }[];
	readonly failures: readonly ConnectionFailure[];
}

export function isConnectionFailure(load: ConnectionLoad): load is ConnectionFailure {
	return 'error' in load;
}

function apiOf(model: string): ChatModelRef['api'] {
	return usesLegacyCompletions(model) ? 'completions' : 'chat';
}

/** The model a fine-tuned model was trained from: its name says so, else the job's `model` (itself perhaps a fine-tune, whose base then counts). */
function baseOf(model: string, job?: Pick<FineTuningJob, 'model'>): string | undefined {
	return parseFineTunedModelName(model)?.base ?? (job && (parseFineTunedModelName(job.model)?.base ?? job.model));
}

/** A model to chat with by id, on `connection`, with what its job tells when the job is known. */
export function modelRef(connection: string, model: string, job?: Pick<FineTuningJob, 'id' | 'model' | 'training_file'>): ChatModelRef {
	const baseModel = baseOf(model, job);
	return {
		connection,
		model,
		// A fine-tune speaks the API of its base: `ft:davinci-002:…` takes a prompt.
		api: apiOf(baseModel ?? model),
		...(baseModel !== undefined && baseModel !== model ? { baseModel } : {}),
		...(job ? { jobId: job.id, trainingFileId: job.training_file } : {}),
	};
}

/** A succeeded job's fine-tuned model; undefined while the job has none. */
export function jobModelRef(connection: string, job: Pick<FineTuningJob, 'id' | 'model' | 'training_file' | 'fine_tuned_model'>): ChatModelRef | undefined {
	return job.fine_tuned_model ? modelRef(connection, job.fine_tuned_model, job) : undefined;
}

/** A checkpoint's model; its job (`fine_tuning_job_id`), when loaded, adds the training file. */
export function checkpointRef(connection: string, checkpoint: Pick<FineTuningJobCheckpoint, 'fine_tuned_model_checkpoint' | 'fine_tuning_job_id'>, job?: Pick<FineTuningJob, 'id' | 'model' | 'training_file'>): ChatModelRef {
	const ref = modelRef(connection, checkpoint.fine_tuned_model_checkpoint, job);
	return job ? ref : { ...ref, jobId: checkpoint.fine_tuning_job_id };
}

/** The job that made `model`, among `jobs`. */
export function jobOfModel<J extends Pick<FineTuningJob, 'fine_tuned_model'>>(jobs: readonly J[], model: string): J | undefined {
	return jobs.find((job) => job.fine_tuned_model === model);
}

/** The jobs whose checkpoints the picker offers: the {@link RECENT_JOBS_WITH_CHECKPOINTS} newest that succeeded. */
export function jobsWithCheckpoints<J extends Pick<FineTuningJob, 'status' | 'created_at'>>(jobs: readonly J[]): J[] {
	return jobs
		.filter((job) => job.status === 'succeeded')
		.sort((a, b) => b.created_at - a.created_at)
		.slice(0, RECENT_JOBS_WITH_CHECKPOINTS);
}

/**
 * Sorts what the connections answered into the picker's groups: fine-tuned models newest first (with
 * base model and shutdown), checkpoints of recent jobs (newest job first, then latest step first), base
 * models in catalog order, and, in place of those, everything else a `compatible` server lists, in its
 * order. `now` dates the shutdowns.
 */
export function modelChoices(loads: readonly ConnectionLoad[], now: Date): ModelChoices {
	const byGroup = new Map<ChoiceGroup, ModelChoice[]>(CHOICE_GROUPS.map((group) => [group, []]));
	const add = (choice: ModelChoice): void => {
		byGroup.get(choice.group)?.push(choice);
	};
	const failures: ConnectionFailure[] = [];
	for (const load of loads) {
		if (isConnectionFailure(load)) {
			failures.push(load);
			continue;
		}
		const { connection, jobs } = load;
		// OpenAI's announcement dates the shutdown of the base models it names; other servers say it themselves or not at all.
		const announced = connection.kind === 'openai';
		// Ollama and the like own their models under names of their own, which `isFineTunedModel` takes for
		// fine-tunes: on a compatible server only a model a job made, or one named like a fine-tune, is one.
		const fineTuned =
			connection.kind === 'compatible' ? load.fineTunedModels.filter((model) => jobOfModel(jobs, model.id) !== undefined || parseFineTunedModelName(model.id) !== undefined) : load.fineTunedModels;
		for (const model of fineTuned) {
			const shutdown = shutdownOf(model.id, shutdownDateOf(model), announced, now);
			add({ group: 'fine-tuned', ref: modelRef(connection.name, model.id, jobOfModel(jobs, model.id)), created: model.created, ...(shutdown ? { shutdown } : {}) });
		}
		for (const job of jobsWithCheckpoints(jobs)) {
			const checkpoints = [...(load.checkpoints.get(job.id) ?? [])].sort((a, b) => b.step_number - a.step_number);
			for (const checkpoint of checkpoints) {
				add({ group: 'checkpoints', ref: checkpointRef(connection.name, checkpoint, job), created: checkpoint.created_at, step: checkpoint.step_number });
			}
		}
		if (connection.kind === 'compatible') {
			// OpenAI's catalog of base models means nothing there: the server's own list is what it serves.
			const shown = new Set(fineTuned.map((model) => model.id));
			for (const model of load.models.filter((listed) => !shown.has(listed.id))) {
				add({ group: 'listed', ref: modelRef(connection.name, model.id), created: model.created });
			}
			continue;
		}
		for (const model of load.baseModels) {
			const shutdown = shutdownOf(model.id, shutdownDateOf(model), announced, now);
			add({ group: 'base', ref: modelRef(connection.name, model.id), created: model.created, ...(shutdown ? { shutdown } : {}) });
		}
	}
	// Across connections, the newest fine-tune first; checkpoints and base models keep their order per connection.
	byGroup.get('fine-tuned')?.sort((a, b) => (b.created ?? 0) - (a.created ?? 0));
	return {
		groups: CHOICE_GROUPS.map((group) => ({ group, choices: byGroup.get(group) ?? [] })).filter((entry) => entry.choices.length > 0),
		failures,
	};
}

/** Whether `ref` and `other` name the same model on the same connection. */
export function sameModel(ref: Pick<ChatModelRef, 'connection' | 'model'>, other: Pick<ChatModelRef, 'connection' | 'model'> | undefined): boolean {
	return other !== undefined && ref.connection === other.connection && ref.model === other.model;
}

/**
 * Whether the picker offers `typed` as a model id of its own: whenever it is not exactly a listed id.
 * Not only when it matches nothing: `gpt-4o` must stay usable though `gpt-4o-mini-…` is listed.
 */
export function offersFreeText(typed: string, choices: ModelChoices): boolean {
	const id = typed.trim();
	return id !== '' && !choices.groups.some((group) => group.choices.some((choice) => choice.ref.model === id));
}
