// recreate.json: what it takes to run an exported job again, on this connection or another one.
// The wizard opens it: it uploads the files named here (paths relative to the recreate.json) and
// fills its screens from the rest, so the shape follows the wizard's CreateJobRequest.
import type { FineTuningJob } from 'openai/resources/fine-tuning/jobs/jobs';
import type { CreateJobRequest } from '../openai/jobs';

/** The name the export gives the file. */
export const RECREATE_FILE_NAME = 'recreate.json';
/** The `format` marker of a recreate.json. */
export const RECREATE_FORMAT = 'finetune-studio.recreate';
/** Raised when the shape changes incompatibly; readers refuse versions they do not know. */
export const RECREATE_VERSION = 1;

/** A training or validation file of the job, as exported. */
export interface RecreateFile {
	/**
	 * Where the export put the file, relative to the recreate.json's folder with `/` separators, e.g.
	 * `training/support-chat.jsonl`; null when it could not be exported (deleted from the server).
	 */
	readonly path: string | null;
	/** The file's id on the connection it was exported from. */
	readonly sourceId: string;
	/** The name it had there, when known. */
	readonly filename: string | null;
}

/** The content of a recreate.json. */
export interface RecreateSpec {
	readonly format: typeof RECREATE_FORMAT;
	readonly version: typeof RECREATE_VERSION;
	/** The job this was exported from, for the user's reference. */
	readonly source: {
		readonly jobId: string;
		readonly status: string;
		readonly fineTunedModel: string | null;
		/** Unix seconds, as the API gives them. */
		readonly createdAt: number;
	};
	/** The base model (or the fine-tuned model the job continued from). */
	readonly model: string;
	readonly method: CreateJobRequest['method'];
	/** As the job resolved them once it ran (`auto` replaced by the values used), else as requested. */
	readonly hyperparameters: Readonly<Record<string, unknown>>;
	/** Reinforcement jobs only. */
	readonly grader?: unknown;
	readonly trainingFile: RecreateFile;
	readonly validationFile?: RecreateFile;
	readonly suffix?: string;
	/** The seed the job used: the same seed and data train the same way. */
	readonly seed?: number;
	readonly metadata?: Readonly<Record<string, string>>;
	/** E.g. Weights & Biases; kept for reference, as the wizard does not set integrations. */
	readonly integrations?: readonly unknown[];
}

type MethodName = RecreateSpec['method'];

const METHODS: readonly MethodName[] = ['supervised', 'dpo', 'reinforcement'];

/** Thrown by {@link parseRecreateSpec} for text that is not a recreate.json this version reads. */
export class RecreateSpecError extends Error {
	override readonly name = 'RecreateSpecError';

	static is(error: unknown): error is RecreateSpecError {
		return error instanceof RecreateSpecError;
	}
}

/** The recreate.json of `job`, with its files where `files` says the export put them. */
export function recreateSpecOf(job: FineTuningJob, files: { trainingFile: RecreateFile; validationFile?: RecreateFile }): RecreateSpec {
	const method: MethodName = job.method?.type ?? 'supervised';
	const methodParams = job.method?.[method] as { hyperparameters?: object; grader?: unknown } | undefined;
	// Jobs created before `method` existed keep their hyperparameters at the top level only.
	const hyperparameters = { ...(methodParams?.hyperparameters ?? job.hyperparameters) };
	const { user_provided_suffix: suffix } = job as { user_provided_suffix?: string | null };
	return {
		format: RECREATE_FORMAT,
		version: RECREATE_VERSION,
		source: { jobId: job.id, status: job.status, fineTunedModel: job.fine_tuned_model, createdAt: job.created_at },
		model: job.model,
		method,
		hyperparameters,
		...(method === 'reinforcement' ? { grader: methodParams?.grader } : {}),
		trainingFile: files.trainingFile,
		...(files.validationFile ? { validationFile: files.validationFile } : {}),
		...(suffix ? { suffix } : {}),
		...(typeof job.seed === 'number' ? { seed: job.seed } : {}),
		...(job.metadata && Object.keys(job.metadata).length > 0 ? { metadata: { ...job.metadata } } : {}),
		...(job.integrations && job.integrations.length > 0 ? { integrations: [...job.integrations] } : {}),
	};
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readFile(value: unknown, key: string): RecreateFile {
	if (!isRecord(value) || (value.path !== null && typeof value.path !== 'string') || typeof value.sourceId !== 'string') {
		throw new RecreateSpecError(`"${key}" needs a "path" (or null) and a "sourceId"`);
	}
	return { path: value.path, sourceId: value.sourceId, filename: typeof value.filename === 'string' ? value.filename : null };
}

/** Reads a recreate.json, checking what the wizard relies on. */
export function parseRecreateSpec(text: string): RecreateSpec {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (error) {
		throw new RecreateSpecError(`not JSON: ${error instanceof Error ? error.message : String(error)}`);
	}
	if (!isRecord(value) || value.format !== RECREATE_FORMAT) {
		throw new RecreateSpecError(`not a recreate.json ("format" is not "${RECREATE_FORMAT}")`);
	}
	if (value.version !== RECREATE_VERSION) {
		throw new RecreateSpecError(`version ${JSON.stringify(value.version)} is not one this version reads (${RECREATE_VERSION})`);
	}
	if (typeof value.model !== 'string' || value.model === '') {
		throw new RecreateSpecError('"model" is missing');
	}
	if (!METHODS.includes(value.method as MethodName)) {
		throw new RecreateSpecError(`"method" must be one of ${METHODS.join(', ')}`);
	}
	if (!isRecord(value.hyperparameters) || !isRecord(value.source)) {
		throw new RecreateSpecError('"hyperparameters" and "source" must be objects');
	}
	if (value.method === 'reinforcement' && !isRecord(value.grader)) {
		throw new RecreateSpecError('a reinforcement job needs its "grader"');
	}
	return {
		...(value as unknown as RecreateSpec),
		trainingFile: readFile(value.trainingFile, 'trainingFile'),
		...(value.validationFile === undefined ? {} : { validationFile: readFile(value.validationFile, 'validationFile') }),
	};
}

/** The job request `spec` describes, once its files are uploaded again under `uploaded` ids. */
export function toCreateJobRequest(spec: RecreateSpec, uploaded: { trainingFile: string; validationFile?: string }): CreateJobRequest {
	const base = {
		model: spec.model,
		trainingFile: uploaded.trainingFile,
		...(uploaded.validationFile !== undefined ? { validationFile: uploaded.validationFile } : {}),
		...(spec.suffix !== undefined ? { suffix: spec.suffix } : {}),
		...(spec.seed !== undefined ? { seed: spec.seed } : {}),
		...(spec.metadata !== undefined ? { metadata: spec.metadata } : {}),
	};
	switch (spec.method) {
		case 'supervised':
			return { ...base, method: 'supervised', hyperparameters: spec.hyperparameters };
		case 'dpo':
			return { ...base, method: 'dpo', hyperparameters: spec.hyperparameters };
		case 'reinforcement':
			return { ...base, method: 'reinforcement', grader: spec.grader as Extract<CreateJobRequest, { method: 'reinforcement' }>['grader'], hyperparameters: spec.hyperparameters };
	}
}
