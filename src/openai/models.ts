import type { OpenAI } from 'openai';
import type { Model, ModelDeleted } from 'openai/resources/models';
import { FINE_TUNABLE_MODELS } from '../dataset/models';
import type { Logger } from '../logger';
import { parseAzureModelName } from './azureModels';
import { callApi, errorContextOf, type ErrorContext } from './errors';

/**
 * A model as the server lists it. OpenAI's Model object carries `shutdown_date` (a `YYYY-MM-DD` date, or
 * null when none is announced), which this SDK version does not type yet. Azure OpenAI's carries
 * `capabilities` (`fine_tune` marks what the resource can fine-tune) and `deprecation` (Unix seconds when
 * fine-tuning on it and inference with it retire). Other servers leave them out.
 */
export type ListedModel = Model & {
	readonly shutdown_date?: string | null;
	readonly capabilities?: { readonly fine_tune?: boolean };
	readonly deprecation?: { readonly fine_tune?: number; readonly inference?: number };
};

/** When the model stops answering, as a `YYYY-MM-DD` date: OpenAI's `shutdown_date`, or Azure's inference retirement. */
export function shutdownDateOf(model: ListedModel): string | undefined {
	if (model.shutdown_date) {
		return model.shutdown_date;
	}
	const retires = model.deprecation?.inference;
	return typeof retires === 'number' && Number.isFinite(retires) ? new Date(retires * 1000).toISOString().slice(0, 10) : undefined;
}

/** The account's models, sorted into the two lists the editor shows. */
export interface ModelCatalog {
	/** Base models OpenAI can fine-tune that this account can see, in catalog order. */
	readonly baseModels: readonly ListedModel[];
	/** The account's own fine-tuned models, newest first. */
	readonly fineTunedModels: readonly ListedModel[];
	/** Every model listed, in the server's order: what a service with its own catalog (Azure) merges with. */
	readonly all: readonly ListedModel[];
}

// `owned_by` of the models OpenAI itself provides; anything else belongs to an organisation or user.
const OPENAI_OWNERS = new Set(['openai', 'system', 'openai-internal', 'openai-dev']);
const FINE_TUNABLE_ORDER = new Map(FINE_TUNABLE_MODELS.map((model, index) => [model.id, index]));

/**
 * True for a model produced by fine-tuning: an `ft:` id (OpenAI), a `<base>.ft-<id>` one (Azure), or one
 * owned by an organisation rather than OpenAI.
 */
export function isFineTunedModel(model: Pick<Model, 'id' | 'owned_by'>): boolean {
	return model.id.startsWith('ft:') || model.id.includes('.ft-') || !OPENAI_OWNERS.has(model.owned_by);
}

/** What a fine-tuned model's name says of it: always its base model, and the owner, suffix and checkpoint step where the name holds them. */
export interface FineTunedModelName {
	readonly base: string;
	/** OpenAI: the organization (or `personal`) segment. */
	readonly owner?: string;
	readonly suffix?: string;
	/** Set for a checkpoint's model (`…:ckpt-step-<n>`). */
	readonly step?: number;
}

// OpenAI: ft:<base>:<organization>:<suffix>:<id>[:ckpt-step-<n>], the suffix possibly empty.
const OPENAI_FINE_TUNED = /^ft:([^:]+):([^:]*):([^:]*):([^:]+)(?::ckpt-step-(\d+))?$/;

/**
 * Reads a fine-tuned model's name, OpenAI's `ft:` one or Azure's `<base>.ft-<id>` one; undefined for any
 * other name (a base model, or a compatible server's name that says nothing of its base).
 */
export function parseFineTunedModelName(id: string): FineTunedModelName | undefined {
	const openai = OPENAI_FINE_TUNED.exec(id);
	if (openai) {
		return {
			base: openai[1] as string,
			...(openai[2] ? { owner: openai[2] } : {}),
			...(openai[3] ? { suffix: openai[3] } : {}),
			...(openai[5] ? { step: Number(openai[5]) } : {}),
		};
	}
	const azure = parseAzureModelName(id);
	return azure.kind === 'fine-tuned' ? azure : undefined;
}

/** Lists, retrieves and deletes models through the official SDK. */
export class ModelsService {
	private readonly context: ErrorContext;

	constructor(
		private readonly client: OpenAI,
		private readonly logger?: Logger,
	) {
		this.context = errorContextOf(client);
	}

	/** Every model the key can use, split into fine-tunable base models and fine-tuned ones. */
	async list(signal?: AbortSignal): Promise<ModelCatalog> {
		const models = await callApi(this.context, async () => {
			const all: ListedModel[] = [];
			for await (const model of this.client.models.list({ signal })) {
				all.push(model);
			}
			return all;
		});
		return splitModels(models);
	}

	/** One model by id; `not-found` when it does not exist or the key cannot see it. */
	async retrieve(modelId: string, signal?: AbortSignal): Promise<ListedModel> {
		return callApi(this.context, () => this.client.models.retrieve(modelId, { signal }));
	}

	/** Deletes one of the account's fine-tuned models; OpenAI refuses (403) for models the key does not own. */
	async delete(modelId: string, signal?: AbortSignal): Promise<ModelDeleted> {
		const deleted = await callApi(this.context, () => this.client.models.delete(modelId, { signal }));
		this.logger?.info(`[models] deleted ${modelId}`);
		return deleted;
	}
}

/** Sorts a model list into {@link ModelCatalog}; models that are neither are left out. */
export function splitModels(models: readonly ListedModel[]): ModelCatalog {
	const fineTunedModels = models.filter(isFineTunedModel).sort((a, b) => b.created - a.created);
	const baseModels = models
		.filter((model) => !isFineTunedModel(model) && FINE_TUNABLE_ORDER.has(model.id))
		.sort((a, b) => (FINE_TUNABLE_ORDER.get(a.id) ?? 0) - (FINE_TUNABLE_ORDER.get(b.id) ?? 0));
	return { baseModels, fineTunedModels, all: models };
}
