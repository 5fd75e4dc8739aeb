import type { OpenAI } from 'openai';
import type { DpoHyperparameters, ReinforcementHyperparameters, ReinforcementMethod, SupervisedHyperparameters } from 'openai/resources/fine-tuning/methods';
import type { FineTuningJobCheckpoint } from 'openai/resources/fine-tuning/jobs/checkpoints';
import type { FineTuningJob, FineTuningJobEvent, JobCreateParams } from 'openai/resources/fine-tuning/jobs/jobs';
import type { Logger } from '../logger';
import type { TrainingType } from './azureModels';
import { callApi, errorContextOf, type ErrorContext } from './errors';
import { collectAll, toPage, type Page, type PageRequest } from './paging';
import { withRetries } from './retry';

const CREATE_ATTEMPTS = 4;
const CREATE_RETRY_BASE_DELAY_MS = 1_000;

/** What every fine-tuning job takes, whatever its method. */
interface JobBase {
	/** A base model id, or a fine-tuned one to continue training from. */
	readonly model: string;
	/** The id of an uploaded file with purpose `fine-tune`. */
	readonly trainingFile: string;
	readonly validationFile?: string;
	/** Up to 64 characters added to the fine-tuned model's name. */
	readonly suffix?: string;
	readonly seed?: number;
	/** Up to 16 string pairs, e.g. the dataset's path, to find the job again. */
	readonly metadata?: Readonly<Record<string, string>>;
	/** Azure only: where the job trains. OpenAI's API has no such field. */
	readonly trainingType?: TrainingType;
}

/** A supervised job: learn to answer like the assistant messages. Omitted hyperparameters are `auto`. */
export interface SupervisedJobRequest extends JobBase {
	readonly method: 'supervised';
	readonly hyperparameters?: SupervisedHyperparameters;
}

/** A direct preference optimisation job; `beta` is among its hyperparameters. */
export interface DpoJobRequest extends JobBase {
	readonly method: 'dpo';
	readonly hyperparameters?: DpoHyperparameters;
}

/** A reinforcement job, scored by `grader`. */
export interface ReinforcementJobRequest extends JobBase {
	readonly method: 'reinforcement';
	readonly grader: ReinforcementMethod['grader'];
	readonly hyperparameters?: ReinforcementHyperparameters;
}

/** A job to create, one variant per fine-tuning method. */
export type CreateJobRequest = SupervisedJobRequest | DpoJobRequest | ReinforcementJobRequest;

/** Options of {@link JobsService.list}. */
export interface JobListRequest extends PageRequest {
	/** Only jobs whose metadata has all these pairs. */
	readonly metadata?: Readonly<Record<string, string>>;
}

/** Creates, lists and controls fine-tuning jobs through the official SDK. */
export class JobsService {
	private readonly context: ErrorContext;

	constructor(
		private readonly client: OpenAI,
		private readonly logger?: Logger,
	) {
		this.context = errorContextOf(client);
	}

	/**
	 * Creates a job. Hyperparameters go under `method.<type>.hyperparameters`, where the current
	 * API wants them (the top-level `hyperparameters` is deprecated).
	 */
	async create(request: CreateJobRequest, signal?: AbortSignal): Promise<FineTuningJob> {
		const params = toCreateParams(request);
		// The SDK sends no idempotency key, so retrying a POST whose first try reached OpenAI (a 5xx,
		// a timeout, a dropped connection) can start a second, billed job. Only a 429 proves the
		// first try was refused, so only that is retried; anything else goes to the user.
		const job = await withRetries(
			this.context,
			{ attempts: CREATE_ATTEMPTS, baseDelayMs: CREATE_RETRY_BASE_DELAY_MS, signal, shouldRetry: (error) => error.kind === 'rate-limited', onRetry: (error, attempt, delayMs) => this.logger?.warn(`[jobs] create: ${error.message}; try ${attempt + 1} of ${CREATE_ATTEMPTS} in ${delayMs} ms`) },
			() => this.client.fineTuning.jobs.create(params, { signal, maxRetries: 0 }),
		);
		this.logger?.info(`[jobs] created ${job.id} (${request.method}, ${request.model})`);
		return job;
	}

	/** One page of jobs, newest first. */
	async list(request: JobListRequest = {}): Promise<Page<FineTuningJob>> {
		const { limit, after, metadata, signal } = request;
		return callApi(this.context, async () => toPage(await this.client.fineTuning.jobs.list({ limit, after, metadata: metadata && { ...metadata } }, { signal })));
	}

	/** The job's current state, for polling. */
	async retrieve(jobId: string, signal?: AbortSignal): Promise<FineTuningJob> {
		return callApi(this.context, () => this.client.fineTuning.jobs.retrieve(jobId, { signal }));
	}

	/** Cancels a job that has not finished; OpenAI refuses (400) for finished ones. */
	async cancel(jobId: string, signal?: AbortSignal): Promise<FineTuningJob> {
		return this.logged('cancel', jobId, () => this.client.fineTuning.jobs.cancel(jobId, { signal }));
	}

	/** Pauses a running job; it keeps its checkpoints and can be resumed. */
	async pause(jobId: string, signal?: AbortSignal): Promise<FineTuningJob> {
		return this.logged('pause', jobId, () => this.client.fineTuning.jobs.pause(jobId, { signal }));
	}

	/** Resumes a paused job from where it stopped. */
	async resume(jobId: string, signal?: AbortSignal): Promise<FineTuningJob> {
		return this.logged('resume', jobId, () => this.client.fineTuning.jobs.resume(jobId, { signal }));
	}

	/** One page of the job's events, newest first; pass `nextCursor` as `after` for older ones. */
	async listEvents(jobId: string, request: PageRequest = {}): Promise<Page<FineTuningJobEvent>> {
		const { limit, after, signal } = request;
		return callApi(this.context, async () => toPage(await this.client.fineTuning.jobs.listEvents(jobId, { limit, after }, { signal })));
	}

	/** Every event of the job, newest first, following all pages. */
	async listAllEvents(jobId: string, request: Omit<PageRequest, 'after'> = {}): Promise<FineTuningJobEvent[]> {
		const { limit, signal } = request;
		return collectAll(this.context, this.client.fineTuning.jobs.listEvents(jobId, { limit }, { signal }));
	}

	/** One page of the job's checkpoints, newest first. */
	async listCheckpoints(jobId: string, request: PageRequest = {}): Promise<Page<FineTuningJobCheckpoint>> {
		const { limit, after, signal } = request;
		return callApi(this.context, async () => toPage(await this.client.fineTuning.jobs.checkpoints.list(jobId, { limit, after }, { signal })));
	}

	/** Every checkpoint of the job, newest first, following all pages. */
	async listAllCheckpoints(jobId: string, request: Omit<PageRequest, 'after'> = {}): Promise<FineTuningJobCheckpoint[]> {
		const { limit, signal } = request;
		return collectAll(this.context, this.client.fineTuning.jobs.checkpoints.list(jobId, { limit }, { signal }));
	}

	/** Every job, newest first, following all pages. */
	async listAll(request: Omit<JobListRequest, 'after'> = {}): Promise<FineTuningJob[]> {
		const { limit, metadata, signal } = request;
		return collectAll(this.context, this.client.fineTuning.jobs.list({ limit, metadata: metadata && { ...metadata } }, { signal }));
	}

	private async logged(action: string, jobId: string, request: () => Promise<FineTuningJob>): Promise<FineTuningJob> {
		const job = await callApi(this.context, request);
		this.logger?.info(`[jobs] ${action} ${jobId}: now ${job.status}`);
		return job;
	}
}

/** The job creation body with the fields a service adds to OpenAI's. */
export type CreateParams = JobCreateParams & { trainingType?: TrainingType };

/**
 * The request body for `request`; only the fields that are set, so the API applies its defaults to the
 * rest. Azure's `trainingType` rides along as an extra body field: the SDK sends unknown fields as they are.
 */
export function toCreateParams(request: CreateJobRequest): CreateParams {
	const params: CreateParams = { model: request.model, training_file: request.trainingFile, method: toMethod(request) };
	if (request.validationFile !== undefined) {
		params.validation_file = request.validationFile;
	}
	if (request.suffix !== undefined) {
		params.suffix = request.suffix;
	}
	if (request.seed !== undefined) {
		params.seed = request.seed;
	}
	if (request.metadata !== undefined) {
		params.metadata = { ...request.metadata };
	}
	if (request.trainingType !== undefined) {
		params.trainingType = request.trainingType;
	}
	return params;
}

function toMethod(request: CreateJobRequest): JobCreateParams.Method {
	const hyperparameters = request.hyperparameters && Object.keys(request.hyperparameters).length > 0 ? { hyperparameters: { ...request.hyperparameters } } : {};
	switch (request.method) {
		case 'supervised':
			return { type: 'supervised', supervised: hyperparameters };
		case 'dpo':
			return { type: 'dpo', dpo: hyperparameters };
		case 'reinforcement':
			return { type: 'reinforcement', reinforcement: { grader: request.grader, ...hyperparameters } };
	}
}
