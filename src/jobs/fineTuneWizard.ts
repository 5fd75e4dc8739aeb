// The "Fine-Tune with This File…" wizard as a pure state machine: which step comes next, what Back
// returns to, and the job request the answers make. The VS Code layer only shows the current step.
import { methodsForModel } from '../dataset/methods';
import type { FineTuningMethod } from '../dataset/models';
import type { TrainingEstimate } from '../dataset/stats';
import { trainingTypesFor, type TrainingType } from '../openai/azureModels';
import type { FineTuningJob } from 'openai/resources/fine-tuning/jobs/jobs';
import * as path from 'node:path';
import { recreateSpecOf, RecreateSpecError, toCreateJobRequest, type RecreateFile, type RecreateSpec } from '../export/recreate';
import type { CreateJobRequest } from '../openai/jobs';
import type { Grader } from './jobInputs';

/** Where the validation examples come from. */
export type ValidationChoice =
	| { readonly kind: 'none' }
	| { readonly kind: 'file'; readonly path: string }
	/** A file already on the connection, used by id: nothing is linted or uploaded. */
	| { readonly kind: 'uploaded'; readonly fileId: string; readonly filename: string }
	/** `percent` of the training file's examples, split off deterministically. */
	| { readonly kind: 'split'; readonly percent?: number };

/** Custom hyperparameters; an absent one is left to the API ("auto"). */
export interface Hyperparameters {
	readonly epochs?: number;
	readonly batchSize?: number;
	readonly learningRateMultiplier?: number;
}

/** Everything the user answered so far. */
export interface WizardAnswers {
	readonly model?: string;
	readonly method?: FineTuningMethod;
	/** DPO only; undefined is auto. */
	readonly beta?: number;
	/** Reinforcement only: the grader and where it came from (its file, or the job it was taken from). */
	readonly grader?: { readonly path: string; readonly grader: Grader };
	readonly validation?: ValidationChoice;
	/** Undefined: auto. */
	readonly hyperparameters?: Hyperparameters;
	readonly suffix?: string;
	readonly seed?: number;
	/** Azure only: where the job trains. */
	readonly trainingType?: TrainingType;
}

/** What the wizard asks besides the questions every connection shares. */
export interface WizardOptions {
	/** Ask for Azure's `trainingType` (before the review). */
	readonly asksTrainingType?: boolean;
}

/** One screen of the wizard. Sub-steps share the number of the step they belong to. */
export type WizardStep =
	| 'model'
	| 'method'
	| 'beta'
	| 'grader'
	| 'validation'
	| 'splitPercent'
	| 'hyperparameters'
	| 'epochs'
	| 'batchSize'
	| 'learningRateMultiplier'
	| 'suffix'
	| 'seed'
	| 'trainingType'
	| 'review';

const STEP_NUMBERS: Readonly<Record<WizardStep, number>> = {
	model: 1,
	method: 2,
	beta: 2,
	grader: 2,
	validation: 3,
	splitPercent: 3,
	hyperparameters: 4,
	epochs: 4,
	batchSize: 4,
	learningRateMultiplier: 4,
	suffix: 5,
	seed: 6,
	trainingType: 7,
	review: 7,
};

/** How many numbered steps the wizard has, for the "n/7" in its title; one more where it asks for the training type. */
export const WIZARD_TOTAL_STEPS = 7;

/** Thrown when an answer is given for a step that is not the current one: a bug in the caller. */
export class WizardStepError extends Error {
	constructor(expected: WizardStep, actual: WizardStep) {
		super(`answered ${expected} while the wizard is at ${actual}`);
		this.name = 'WizardStepError';
	}

	static is(error: unknown): error is WizardStepError {
		return error instanceof WizardStepError;
	}
}

/**
 * The wizard's state: the current step, the path that led to it (for Back) and the answers. Going
 * back keeps the answers, so each screen can show what was entered before.
 */
export class FineTuneWizard {
	private readonly history: WizardStep[] = [];
	private current: WizardStep | 'done' = 'model';
	private state: WizardAnswers;

	constructor(
		initial: WizardAnswers = {},
		private readonly options: WizardOptions = {},
	) {
		this.state = initial;
	}

	/** The step to show, or `done` once the review is confirmed. */
	get step(): WizardStep | 'done' {
		return this.current;
	}

	/** The current step's number, 1 to {@link totalSteps}. */
	get stepNumber(): number {
		return this.current === 'done' || (this.current === 'review' && this.options.asksTrainingType) ? this.totalSteps : STEP_NUMBERS[this.current];
	}

	/** {@link WIZARD_TOTAL_STEPS}, plus the training type step where it is asked. */
	get totalSteps(): number {
		return WIZARD_TOTAL_STEPS + (this.options.asksTrainingType ? 1 : 0);
	}

	get answers(): WizardAnswers {
		return this.state;
	}

	/** Whether Back leads anywhere. */
	get canGoBack(): boolean {
		return this.history.length > 0;
	}

	/** Returns to the previous step; false on the first. */
	back(): boolean {
		const previous = this.history.pop();
		if (previous === undefined) {
			return false;
		}
		this.current = previous;
		return true;
	}

	/**
	 * Returns to `step`, an earlier screen, to change its answer; the later answers are kept and
	 * offered again on the way forward. False when `step` was not visited.
	 */
	backTo(step: WizardStep): boolean {
		if (!this.history.includes(step)) {
			return false;
		}
		while (this.current !== step && this.back()) {
			// Each back() moves one screen towards `step`.
		}
		return true;
	}

	chooseModel(model: string): void {
		this.advance('model', (answers) => {
			// A method the new model cannot do would otherwise linger as the preselection.
			const method = answers.method && methodsForModel(model).includes(answers.method) ? answers.method : undefined;
			const trainingType = answers.trainingType && trainingTypesFor(model).includes(answers.trainingType) ? answers.trainingType : undefined;
			return { ...answers, model, method, trainingType };
		});
	}

	chooseMethod(method: FineTuningMethod): void {
		this.advance('method', (answers) => ({ ...answers, method }));
	}

	setBeta(beta: number | undefined): void {
		this.advance('beta', (answers) => ({ ...answers, beta }));
	}

	setGrader(path: string, grader: Grader): void {
		this.advance('grader', (answers) => ({ ...answers, grader: { path, grader } }));
	}

	chooseValidation(validation: ValidationChoice): void {
		this.advance('validation', (answers) => {
			const previous = answers.validation?.kind === 'split' ? answers.validation.percent : undefined;
			return { ...answers, validation: validation.kind === 'split' ? { kind: 'split', percent: validation.percent ?? previous } : validation };
		});
	}

	setSplitPercent(percent: number): void {
		this.advance('splitPercent', (answers) => ({ ...answers, validation: { kind: 'split', percent } }));
	}

	/** `auto` leaves every hyperparameter to the API; `custom` asks for each. */
	chooseHyperparameters(choice: 'auto' | 'custom'): void {
		this.advance('hyperparameters', (answers) => ({ ...answers, hyperparameters: choice === 'auto' ? undefined : (answers.hyperparameters ?? {}) }));
	}

	setEpochs(epochs: number | undefined): void {
		this.advance('epochs', (answers) => ({ ...answers, hyperparameters: { ...answers.hyperparameters, epochs } }));
	}

	setBatchSize(batchSize: number | undefined): void {
		this.advance('batchSize', (answers) => ({ ...answers, hyperparameters: { ...answers.hyperparameters, batchSize } }));
	}

	setLearningRateMultiplier(learningRateMultiplier: number | undefined): void {
		this.advance('learningRateMultiplier', (answers) => ({ ...answers, hyperparameters: { ...answers.hyperparameters, learningRateMultiplier } }));
	}

	setSuffix(suffix: string | undefined): void {
		this.advance('suffix', (answers) => ({ ...answers, suffix }));
	}

	setSeed(seed: number | undefined): void {
		this.advance('seed', (answers) => ({ ...answers, seed }));
	}

	chooseTrainingType(trainingType: TrainingType): void {
		this.advance('trainingType', (answers) => ({ ...answers, trainingType }));
	}

	/** Accepts the review: the wizard is done. */
	confirm(): void {
		this.advance('review', (answers) => answers);
	}

	private advance(step: WizardStep, update: (answers: WizardAnswers) => WizardAnswers): void {
		if (this.current !== step) {
			throw new WizardStepError(step, this.current === 'done' ? 'review' : this.current);
		}
		this.state = update(this.state);
		this.history.push(step);
		this.current = nextStep(step, this.state, this.options);
	}
}

/** The step after `step`, given the answers so far. */
export function nextStep(step: WizardStep, answers: WizardAnswers, options: WizardOptions = {}): WizardStep | 'done' {
	switch (step) {
		case 'model':
			return 'method';
		case 'method':
			return answers.method === 'dpo' ? 'beta' : answers.method === 'reinforcement' ? 'grader' : 'validation';
		case 'beta':
		case 'grader':
			return 'validation';
		case 'validation':
			return answers.validation?.kind === 'split' ? 'splitPercent' : 'hyperparameters';
		case 'splitPercent':
			return 'hyperparameters';
		case 'hyperparameters':
			return answers.hyperparameters ? 'epochs' : 'suffix';
		case 'epochs':
			return 'batchSize';
		case 'batchSize':
			return 'learningRateMultiplier';
		case 'learningRateMultiplier':
			return 'suffix';
		case 'suffix':
			return 'seed';
		case 'seed':
			return options.asksTrainingType ? 'trainingType' : 'review';
		case 'trainingType':
			return 'review';
		case 'review':
			return 'done';
	}
}

/** Thrown by {@link toJobRequest} when the wizard was not finished. */
export class IncompleteAnswersError extends Error {
	constructor(missing: string) {
		super(`the job request needs ${missing}`);
		this.name = 'IncompleteAnswersError';
	}

	static is(error: unknown): error is IncompleteAnswersError {
		return error instanceof IncompleteAnswersError;
	}
}

/** The job to create from finished answers and the ids of the uploaded files. */
export function toJobRequest(answers: WizardAnswers, trainingFile: string, validationFile: string | undefined, metadata?: Readonly<Record<string, string>>): CreateJobRequest {
	const { model, method } = answers;
	if (!model || !method) {
		throw new IncompleteAnswersError(model ? 'a method' : 'a model');
	}
	const base = {
		model,
		trainingFile,
		...(validationFile !== undefined ? { validationFile } : {}),
		...(answers.suffix !== undefined ? { suffix: answers.suffix } : {}),
		...(answers.seed !== undefined ? { seed: answers.seed } : {}),
		...(metadata !== undefined ? { metadata } : {}),
		...(answers.trainingType !== undefined ? { trainingType: answers.trainingType } : {}),
	};
	const hyperparameters = {
		...(answers.hyperparameters?.epochs !== undefined ? { n_epochs: answers.hyperparameters.epochs } : {}),
		...(answers.hyperparameters?.batchSize !== undefined ? { batch_size: answers.hyperparameters.batchSize } : {}),
		...(answers.hyperparameters?.learningRateMultiplier !== undefined ? { learning_rate_multiplier: answers.hyperparameters.learningRateMultiplier } : {}),
	};
	switch (method) {
		case 'supervised':
			return { ...base, method, hyperparameters };
		case 'dpo':
			return { ...base, method, hyperparameters: { ...hyperparameters, ...(answers.beta !== undefined ? { beta: answers.beta } : {}) } };
		case 'reinforcement':
			if (!answers.grader) {
				throw new IncompleteAnswersError('a grader');
			}
			return { ...base, method, grader: answers.grader.grader, hyperparameters };
	}
}

/** Where the answers of {@link answersForRequest} take what a request holds only as ids or inline. */
export interface RequestSources {
	/** Where the request's grader came from, named on the review (e.g. the job's id). */
	readonly grader: string;
	/** The request's validation file as the wizard offers it. */
	readonly validation?: ValidationChoice;
}

/**
 * The answers that make `request` again: the inverse of {@link toJobRequest}, which fills the wizard
 * for "Fine-Tune Again" and a recreate.json. A hyperparameter the request left `auto` stays auto;
 * the ones the wizard does not ask for (reinforcement's evaluation settings) are not carried over.
 */
export function answersForRequest(request: CreateJobRequest, sources: RequestSources): WizardAnswers {
	const given = (request.hyperparameters ?? {}) as Readonly<Record<string, unknown>>;
	const numberAt = (key: string): number | undefined => (typeof given[key] === 'number' ? given[key] : undefined);
	const hyperparameters = { epochs: numberAt('n_epochs'), batchSize: numberAt('batch_size'), learningRateMultiplier: numberAt('learning_rate_multiplier') };
	const anyCustom = Object.values(hyperparameters).some((value) => value !== undefined);
	return {
		model: request.model,
		method: request.method,
		...(request.method === 'dpo' ? { beta: numberAt('beta') } : {}),
		...(request.method === 'reinforcement' ? { grader: { path: sources.grader, grader: request.grader } } : {}),
		validation: sources.validation ?? { kind: 'none' },
		hyperparameters: anyCustom ? hyperparameters : undefined,
		suffix: request.suffix,
		seed: request.seed,
		trainingType: request.trainingType,
	};
}

/** What {@link answersForJob} makes of a job. */
export interface JobAgain {
	readonly answers: WizardAnswers;
	/** The job's own metadata, kept for the new job; undefined when it had none. */
	readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * The answers that run `job` again on its own uploaded files (by id; `filenames` are their names on
 * the server): the job becomes a request the way its recreate.json does, so its hyperparameters are
 * the ones it resolved once it ran, and that request fills the wizard.
 */
export function answersForJob(job: FineTuningJob, filenames: { readonly training: string; readonly validation?: string }): JobAgain {
	const validation = job.validation_file && filenames.validation !== undefined ? { fileId: job.validation_file, filename: filenames.validation } : undefined;
	const spec = recreateSpecOf(job, {
		trainingFile: { path: null, sourceId: job.training_file, filename: filenames.training },
		...(validation ? { validationFile: { path: null, sourceId: validation.fileId, filename: validation.filename } } : {}),
	});
	const request = toCreateJobRequest(spec, { trainingFile: job.training_file, ...(validation ? { validationFile: validation.fileId } : {}) });
	return {
		answers: answersForRequest(request, { grader: job.id, ...(validation ? { validation: { kind: 'uploaded', ...validation } } : {}) }),
		...(request.metadata ? { metadata: request.metadata } : {}),
	};
}

/** What {@link answersForRecreate} makes of a recreate.json. */
export interface RecreateStart {
	/** The exported training file, to lint and upload again. */
	readonly trainingPath: string;
	readonly answers: WizardAnswers;
	readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * The answers that run the job a recreate.json describes again, on its exported files (paths
 * relative to `folder`, the recreate.json's own) uploaded anew: as {@link answersForJob}, through
 * the same request. Throws a {@link RecreateSpecError} when a file was not exported or lies
 * outside `folder` (a recreate.json from elsewhere must not make the extension upload other files).
 */
export function answersForRecreate(spec: RecreateSpec, folder: string): RecreateStart {
	const exported = (file: RecreateFile, key: string): string => {
		if (file.path === null) {
			throw new RecreateSpecError(`the ${key} (${file.filename ?? file.sourceId}) was not exported`);
		}
		const resolved = path.resolve(folder, file.path);
		if (!resolved.startsWith(path.resolve(folder) + path.sep)) {
			throw new RecreateSpecError(`"${key}" lies outside the recreate.json's folder: ${file.path}`);
		}
		return resolved;
	};
	const trainingPath = exported(spec.trainingFile, 'trainingFile');
	const validationPath = spec.validationFile && exported(spec.validationFile, 'validationFile');
	const request = toCreateJobRequest(spec, { trainingFile: spec.trainingFile.sourceId, ...(spec.validationFile ? { validationFile: spec.validationFile.sourceId } : {}) });
	return {
		trainingPath,
		answers: answersForRequest(request, { grader: 'recreate.json', ...(validationPath ? { validation: { kind: 'file', path: validationPath } } : {}) }),
		...(request.metadata ? { metadata: request.metadata } : {}),
	};
}

/**
 * What the job will cost with the answers' epochs: the lint estimates it for the default ("auto")
 * epochs, and billed tokens grow with the epochs alone.
 */
export function estimateForAnswers(estimate: TrainingEstimate, answers: WizardAnswers): TrainingEstimate {
	const epochs = answers.hyperparameters?.epochs ?? estimate.epochs;
	const billedTokens = (estimate.billedTokens / estimate.epochs) * epochs;
	const { pricePerMillionTokens } = estimate;
	return { epochs, billedTokens, ...(pricePerMillionTokens === undefined ? {} : { pricePerMillionTokens, costUsd: (billedTokens / 1_000_000) * pricePerMillionTokens }) };
}
