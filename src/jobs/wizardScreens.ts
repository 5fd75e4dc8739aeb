import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DatasetSummary } from '../dataset/stats';
import { FORMAT_NAMES } from '../dataset/types';
import { usd } from '../dataset/summaryText';
import { methodMismatch, methodsForModel, type MethodMismatch } from '../dataset/methods';
import type { FineTuningMethod } from '../dataset/models';
import type { Logger } from '../logger';
import { AZURE_FINE_TUNABLE_MODELS, AZURE_MAX_SUFFIX_LENGTH, trainingTypesFor, type TrainingType } from '../openai/azureModels';
import type { FilesService } from '../openai/files';
import type { ModelCatalog, ModelsService } from '../openai/models';
import { estimateForAnswers, FineTuneWizard, type ValidationChoice, type WizardAnswers, type WizardStep } from './fineTuneWizard';
import { INPUT_RANGES, MAX_SUFFIX_LENGTH, parseGrader, parseNumber, parseSuffix, type GraderProblem, type InputProblem, type NumberRange, type Parsed } from './jobInputs';
import { listCatalog, methodName, modelPickItems, shutdownFor, shutdownWarningItem, windDownNotice, type ModelSource } from './modelItems';
import { inputStep, pickStep, type StepOutcome, type StepPlacement, type ValueItem } from './quickInput';
import { splitPaths } from './split';
import type { DatasetChecks } from './uploadSteps';

/** What the job trains on. */
export type TrainingSource =
	/** A local file: linted for the chosen model (its format decides the methods, its tokens the cost), uploaded on launch. */
	| { readonly kind: 'local'; readonly uri: vscode.Uri; readonly checks: DatasetChecks }
	/** A file already on the connection: used by id, neither linted here nor uploaded again. */
	| { readonly kind: 'uploaded'; readonly fileId: string; readonly filename: string; readonly files: FilesService };

/** The name the wizard's titles and messages give the training data. */
export function trainingName(training: TrainingSource): string {
	return training.kind === 'local' ? path.basename(training.uri.fsPath) : training.filename;
}

/** What the wizard's screens need besides the wizard itself. */
export interface WizardContext extends ModelSource {
	readonly training: TrainingSource;
	/** Answers to start from (an earlier job's settings), each offered again on its screen. */
	readonly initial?: WizardAnswers;
	/** The model to preselect when the user has not chosen one yet: the target model setting, or the earlier job's. */
	readonly defaultModel: string;
	readonly models: ModelsService;
	/** The connection the job will be created on, named on the review screen. */
	readonly connectionName: string;
	readonly log: Logger;
}

/**
 * Walks the user through the wizard's screens until the review is confirmed. Resolves to the
 * answers, or undefined when the user pressed Escape.
 */
export async function runWizard(context: WizardContext): Promise<WizardAnswers | undefined> {
	const wizard = new FineTuneWizard(context.initial, { asksTrainingType: context.kind === 'azure' });
	// Started once, so going back to the first screen does not list the models again.
	const catalog = listCatalog(context.models, context.log);
	for (let step = wizard.step; step !== 'done'; step = wizard.step) {
		const outcome = await showScreen(step, wizard, context, catalog);
		if (outcome.kind === 'cancel') {
			return undefined;
		}
		if (outcome.kind === 'back') {
			wizard.back();
		}
	}
	return wizard.answers;
}

const BROWSE = 'browse' as const;

function placement(wizard: FineTuneWizard, context: WizardContext, screenTitle: string): StepPlacement {
	return {
		title: vscode.l10n.t('Fine-Tune {0}: {1}', trainingName(context.training), screenTitle),
		step: wizard.stepNumber,
		totalSteps: wizard.totalSteps,
		canGoBack: wizard.canGoBack,
	};
}

/** Shows the screen of `step` and hands its answer to the wizard; an invalid pick shows the screen again. */
async function showScreen(step: WizardStep, wizard: FineTuneWizard, context: WizardContext, catalog: Promise<ModelCatalog | undefined>): Promise<StepOutcome<void>> {
	const answers = wizard.answers;
	switch (step) {
		case 'model':
			return applied(await pickModel(wizard, context, catalog), (model) => {
				wizard.chooseModel(model);
				void catalog.then((listed) => {
					const shutdown = shutdownFor(model, context, listed);
					if (shutdown?.soon) {
						context.log.warn(`${model} shuts down on ${shutdown.date} (${shutdown.from === 'server' ? `said by ${context.connectionName}` : "OpenAI's announcement"})`);
					}
				});
			});
		case 'method':
			return pickMethod(wizard, context);
		case 'beta':
			return applied(
				await numberScreen(wizard, context, vscode.l10n.t('DPO Beta'), vscode.l10n.t('Beta: how strongly the model is kept near where it started (above 0, at most 2). Leave empty for auto.'), INPUT_RANGES.beta, answers.beta),
				(beta) => wizard.setBeta(beta),
			);
		case 'grader':
			return pickGrader(wizard, context);
		case 'validation':
			return pickValidation(wizard, context);
		case 'splitPercent':
			return applied(
				await numberScreen(
					wizard,
					context,
					vscode.l10n.t('Validation Share'),
					vscode.l10n.t('Percent of the examples to hold out for validation (1–50). The same percentage always picks the same examples.'),
					INPUT_RANGES.splitPercent,
					answers.validation?.kind === 'split' ? (answers.validation.percent ?? 10) : 10,
					true,
				),
				(percent) => wizard.setSplitPercent(percent ?? 10),
			);
		case 'hyperparameters':
			return applied(
				await pickStep<'auto' | 'custom'>({
					...placement(wizard, context, vscode.l10n.t('Hyperparameters')),
					placeholder: vscode.l10n.t('Epochs, batch size and learning rate'),
					items: [
						{ label: vscode.l10n.t('Auto'), description: vscode.l10n.t('recommended'), detail: vscode.l10n.t('{0} chooses them from the size of your dataset', context.connectionName), value: 'auto' },
						{ label: vscode.l10n.t('Custom…'), detail: vscode.l10n.t('Set the number of epochs, the batch size and the learning rate multiplier'), value: 'custom' },
					],
					active: answers.hyperparameters ? 'custom' : 'auto',
				}),
				(choice) => wizard.chooseHyperparameters(choice),
			);
		case 'epochs':
			return applied(
				await numberScreen(wizard, context, vscode.l10n.t('Epochs'), vscode.l10n.t('Passes over the training data (1–50). Leave empty for auto.'), INPUT_RANGES.epochs, answers.hyperparameters?.epochs),
				(epochs) => wizard.setEpochs(epochs),
			);
		case 'batchSize':
			return applied(
				await numberScreen(wizard, context, vscode.l10n.t('Batch Size'), vscode.l10n.t('Examples per training step (1–256). Leave empty for auto.'), INPUT_RANGES.batchSize, answers.hyperparameters?.batchSize),
				(batchSize) => wizard.setBatchSize(batchSize),
			);
		case 'learningRateMultiplier':
			return applied(
				await numberScreen(
					wizard,
					context,
					vscode.l10n.t('Learning Rate Multiplier'),
					vscode.l10n.t('Scales the learning rate (above 0); smaller values help against overfitting. Leave empty for auto.'),
					INPUT_RANGES.learningRateMultiplier,
					answers.hyperparameters?.learningRateMultiplier,
				),
				(multiplier) => wizard.setLearningRateMultiplier(multiplier),
			);
		case 'suffix': {
			const azure = context.kind === 'azure';
			return applied(
				await textScreen(
					wizard,
					context,
					vscode.l10n.t('Model Name Suffix'),
					azure
						? vscode.l10n.t("Added to the fine-tuned model's name: up to {0} letters, digits, '-' and '_' (Azure model names cannot hold dots). Leave empty for none.", AZURE_MAX_SUFFIX_LENGTH)
						: vscode.l10n.t("Added to the fine-tuned model's name: up to {0} letters, digits, '-' and '_'. Leave empty for none.", MAX_SUFFIX_LENGTH),
					answers.suffix,
					(text) => parseSuffix(text, azure ? AZURE_MAX_SUFFIX_LENGTH : MAX_SUFFIX_LENGTH),
					'support-bot-v2',
				),
				(suffix) => wizard.setSuffix(suffix),
			);
		}
		case 'seed':
			return applied(
				await numberScreen(wizard, context, vscode.l10n.t('Seed'), vscode.l10n.t('Makes training reproducible (0–2147483647). Leave empty for a random seed.'), INPUT_RANGES.seed, answers.seed),
				(seed) => wizard.setSeed(seed),
			);
		case 'trainingType':
			return applied(await pickTrainingType(wizard, context), (trainingType) => wizard.chooseTrainingType(trainingType));
		case 'review': {
			const model = modelOf(wizard, context);
			const { training } = context;
			const summary = training.kind === 'local' ? (await training.checks.for(model))?.summary : undefined;
			const trainingItems = training.kind === 'uploaded' ? [uploadedTrainingItem(training, context.connectionName)] : summary && datasetItems(summary, answers);
			if (!trainingItems) {
				return { kind: 'cancel' };
			}
			const warning = shutdownWarningItem<WizardStep>(model, shutdownFor(model, context, await catalog), 'model');
			return applied(
				await pickStep<'create' | WizardStep>({
					...placement(wizard, context, vscode.l10n.t('Review')),
					placeholder:
						training.kind === 'local'
							? vscode.l10n.t('Press Enter to upload the data to {0} and start the job, or pick an answer to change it', context.connectionName)
							: vscode.l10n.t('Press Enter to start the job on {0} with the files already uploaded there, or pick an answer to change it', context.connectionName),
					items: [
						{ label: `$(rocket) ${vscode.l10n.t('Start Fine-Tuning')}`, value: 'create' },
						...(warning ? [warning] : []),
						...(context.kind === 'openai' ? [windDownNotice()] : []),
						{ label: vscode.l10n.t('Your answers'), kind: vscode.QuickPickItemKind.Separator },
						...reviewItems(answers),
						{ label: trainingName(training), kind: vscode.QuickPickItemKind.Separator },
						...trainingItems,
					],
					active: 'create',
					matchOnDescription: true,
				}),
				(choice) => (choice === 'create' ? wizard.confirm() : wizard.backTo(choice)),
			);
		}
	}
}

function applied<T>(outcome: StepOutcome<T>, apply: (value: T) => void): StepOutcome<void> {
	if (outcome.kind !== 'answer') {
		return outcome;
	}
	apply(outcome.value);
	return { kind: 'answer', value: undefined };
}

function pickModel(wizard: FineTuneWizard, context: WizardContext, catalog: Promise<ModelCatalog | undefined>): Promise<StepOutcome<string>> {
	return pickStep({
		...placement(wizard, context, vscode.l10n.t('Model')),
		placeholder:
			context.kind === 'azure'
				? vscode.l10n.t("The model to fine-tune on {0}: one of Azure's base models, or one of yours to train further", context.connectionName)
				: vscode.l10n.t('The model to fine-tune: a base model, or one of yours to train further'),
		items: modelPickItems(context, undefined),
		updatedItems: catalog.then((listed) => modelPickItems(context, listed)),
		active: wizard.answers.model ?? context.defaultModel,
		matchOnDescription: true,
	});
}

/** Azure's training types for the chosen model; Microsoft recommends GlobalStandard where there is no data residency to keep. */
function pickTrainingType(wizard: FineTuneWizard, context: WizardContext): Promise<StepOutcome<TrainingType>> {
	const offered = trainingTypesFor(modelOf(wizard, context));
	const details: Record<TrainingType, string> = {
		Standard: vscode.l10n.t("Trains in your resource's region: the data stays there (data residency)."),
		GlobalStandard: vscode.l10n.t('Cheaper, on capacity beyond your region: the data and weights are copied to where it trains.'),
		Developer: vscode.l10n.t('Cheapest, on idle capacity (preview): it may be paused and resumed, with no SLA and no data residency.'),
	};
	return pickStep<TrainingType>({
		...placement(wizard, context, vscode.l10n.t('Training Type')),
		placeholder: vscode.l10n.t('Where {0} trains the model', context.connectionName),
		items: offered.map((type) => ({ label: type, description: type === 'GlobalStandard' ? vscode.l10n.t('recommended by Microsoft') : undefined, detail: details[type], value: type })),
		active: wizard.answers.trainingType ?? (offered.includes('GlobalStandard') ? 'GlobalStandard' : offered[0]),
	});
}

function methodDetail(method: FineTuningMethod): string {
	switch (method) {
		case 'supervised':
			return vscode.l10n.t('Learn to answer like the assistant messages of your examples');
		case 'dpo':
			return vscode.l10n.t('Direct preference optimization: learn to prefer the preferred answer of each pair');
		case 'reinforcement':
			return vscode.l10n.t("Learn from a grader's scores of the model's own answers");
	}
}

function modelOf(wizard: FineTuneWizard, context: WizardContext): string {
	return wizard.answers.model ?? context.defaultModel;
}

/**
 * The methods of the chosen model, each checked against the dataset's format: one that cannot
 * train on the file is marked with what to do instead, and picking it is refused before anything
 * is uploaded (OpenAI would only fail the job after creating it): the screen is shown again, saying so.
 */
async function pickMethod(wizard: FineTuneWizard, context: WizardContext): Promise<StepOutcome<void>> {
	const model = modelOf(wizard, context);
	const { training } = context;
	const checked = training.kind === 'local' ? await training.checks.for(model) : undefined;
	if (training.kind === 'local' && !checked) {
		return { kind: 'cancel' };
	}
	// An uploaded file is not read here: every method is offered, and the server checks the file.
	const format = checked?.summary.format;
	// Azure's table knows its open models' methods, which OpenAI's does not.
	const azureMethods = context.kind === 'azure' ? AZURE_FINE_TUNABLE_MODELS.find((candidate) => candidate.id === model)?.methods : undefined;
	const methods = (azureMethods ?? methodsForModel(model)).map((method) => ({ method, mismatch: methodMismatch(method, format, model) }));
	const fitting = methods.filter(({ mismatch }) => !mismatch).map(({ method }) => method);
	const previous = wizard.answers.method;
	const items = methods.map(({ method, mismatch }) =>
		mismatch
			? {
					label: `$(warning) ${methodName(method)}`,
					description: vscode.l10n.t('needs {0} records, not {1}', FORMAT_NAMES[mismatch.needs], FORMAT_NAMES[mismatch.has]),
					detail: describeRemedy(mismatch),
					value: method,
				}
			: { label: methodName(method), detail: methodDetail(method), value: method },
	);
	let refused: MethodMismatch | undefined;
	for (;;) {
		const outcome = await pickStep({
			...placement(wizard, context, vscode.l10n.t('Method')),
			placeholder: refused
				? vscode.l10n.t('{0} does not fit {1}: pick another method, or go back', methodName(refused.method), trainingName(training))
				: format
					? vscode.l10n.t('How {0} learns from your examples ({1} records)', model, FORMAT_NAMES[format])
					: vscode.l10n.t('How {0} learns from your examples', model),
			items,
			active: previous && fitting.includes(previous) && !refused ? previous : (fitting[0] ?? methods[0]?.method),
		});
		if (outcome.kind !== 'answer') {
			return outcome;
		}
		refused = methods.find(({ method }) => method === outcome.value)?.mismatch;
		if (!refused) {
			wizard.chooseMethod(outcome.value);
			return { kind: 'answer', value: undefined };
		}
		context.log.warn(`refused ${refused.method} for ${trainingName(training)}: it holds ${refused.has} records, the method needs ${refused.needs}`);
		void vscode.window.showErrorMessage(describeMismatch(refused, context));
	}
}

/** Why `mismatch.method` cannot train on the file, and what to do; for the error message. */
function describeMismatch(mismatch: MethodMismatch, context: WizardContext): string {
	const problem = vscode.l10n.t('{0} needs {1} records; {2} holds {3} records.', methodName(mismatch.method), FORMAT_NAMES[mismatch.needs], trainingName(context.training), FORMAT_NAMES[mismatch.has]);
	return `${problem} ${describeRemedy(mismatch)}`;
}

/** What to do about a method that does not fit the file, short enough for a quick pick item's detail. */
function describeRemedy(mismatch: MethodMismatch): string {
	const { remedy } = mismatch;
	switch (remedy.kind) {
		case 'pick-method':
			return mismatch.method === 'dpo'
				? vscode.l10n.t('Pick {0}, or turn the examples into preference pairs first.', methodName(remedy.method))
				: vscode.l10n.t('Pick {0} for this file.', methodName(remedy.method));
		case 'convert-to-chat':
			return vscode.l10n.t('Convert them to chat records first: the linter offers a quick fix on each line.');
		case 'pick-model':
			return remedy.model ? vscode.l10n.t('Go back and pick a model that trains on them, such as {0}.', remedy.model) : vscode.l10n.t('Go back and pick a model that trains on them.');
	}
}

async function workspaceFiles(glob: string, exclude: (uri: vscode.Uri) => boolean): Promise<ValueItem<string>[]> {
	const found = await vscode.workspace.findFiles(glob, '**/node_modules/**', 200);
	return found
		.filter((uri) => !exclude(uri))
		.sort((a, b) => a.fsPath.localeCompare(b.fsPath))
		.map((uri) => ({ label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(path.dirname(uri.fsPath)), value: uri.fsPath }));
}

async function browse(title: string, filters: Record<string, string[]>): Promise<string | undefined> {
	const picked = await vscode.window.showOpenDialog({ title, canSelectMany: false, filters });
	return picked?.[0]?.fsPath;
}

async function pickGrader(wizard: FineTuneWizard, context: WizardContext): Promise<StepOutcome<void>> {
	const files = await workspaceFiles('**/*.json', () => false);
	const previous = wizard.answers.grader;
	// A grader taken from an earlier job (or a recreate.json) has no file to read again: it is offered as it is.
	const kept = previous && !files.some((file) => file.value === previous.path) ? previous : undefined;
	const outcome = await pickStep<string>({
		...placement(wizard, context, vscode.l10n.t('Grader')),
		placeholder: vscode.l10n.t('A JSON file with the grader that scores the answers (its "type" is string_check, python, score_model, …)'),
		items: [
			...(kept ? [{ label: `$(check) ${kept.path}`, description: vscode.l10n.t('{0} grader, as before', kept.grader.type), value: kept.path }] : []),
			...files,
			{ label: `$(folder-opened) ${vscode.l10n.t('Browse…')}`, value: BROWSE },
		],
		active: previous?.path,
		matchOnDescription: true,
	});
	if (outcome.kind !== 'answer') {
		return outcome;
	}
	if (kept && outcome.value === kept.path) {
		wizard.setGrader(kept.path, kept.grader);
		return { kind: 'answer', value: undefined };
	}
	const graderPath = outcome.value === BROWSE ? await browse(vscode.l10n.t('Grader'), { JSON: ['json'] }) : outcome.value;
	if (!graderPath) {
		return { kind: 'answer', value: undefined };
	}
	const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(graderPath)));
	const parsed = parseGrader(text);
	if (!parsed.ok) {
		// Staying on the step: the wizard shows the grader screen again.
		void vscode.window.showErrorMessage(vscode.l10n.t('{0} is not a grader: {1}', path.basename(graderPath), describeGraderProblem(parsed.problem)));
		return { kind: 'answer', value: undefined };
	}
	wizard.setGrader(graderPath, parsed.value);
	return { kind: 'answer', value: undefined };
}

type ValidationPick = 'none' | 'split' | typeof BROWSE | { readonly file: string };

async function pickValidation(wizard: FineTuneWizard, context: WizardContext): Promise<StepOutcome<void>> {
	const { training } = context;
	if (training.kind === 'uploaded') {
		return pickUploadedValidation(wizard, context, training);
	}
	const dataset = training.uri.fsPath;
	const { trainingPath, validationPath } = splitPaths(dataset);
	const files = await workspaceFiles('**/*.{jsonl,ndjson}', (uri) => [dataset, trainingPath, validationPath].includes(uri.fsPath));
	const name = path.basename(dataset, path.extname(dataset));
	const previous = wizard.answers.validation;
	const fileItems: ValueItem<ValidationPick>[] = files.map((item) => ({ ...item, value: { file: item.value as string } }));
	if (previous?.kind === 'file' && !files.some((item) => item.value === previous.path)) {
		// A file from outside the workspace (e.g. an export's), chosen before or filled in.
		fileItems.unshift({ label: path.basename(previous.path), description: path.dirname(previous.path), value: { file: previous.path } });
	}
	const outcome = await pickStep<ValidationPick>({
		...placement(wizard, context, vscode.l10n.t('Validation Data')),
		placeholder: vscode.l10n.t('Examples held out to measure how well the model generalises'),
		items: [
			{ label: vscode.l10n.t('None'), detail: vscode.l10n.t('Train on every example; no validation loss is reported'), value: 'none' },
			{
				label: vscode.l10n.t('Split off a share of this file…'),
				detail: vscode.l10n.t('Writes {0} and {1} beside it', `${name}.train.jsonl`, `${name}.valid.jsonl`),
				value: 'split',
			},
			{ label: vscode.l10n.t('Validation files'), kind: vscode.QuickPickItemKind.Separator },
			...fileItems,
			{ label: `$(folder-opened) ${vscode.l10n.t('Browse…')}`, value: BROWSE },
		],
		active: previous?.kind === 'file' ? fileItems.find((item) => typeof item.value === 'object' && item.value.file === previous.path)?.value : previous?.kind === 'uploaded' ? undefined : previous?.kind,
		matchOnDescription: true,
	});
	if (outcome.kind !== 'answer') {
		return outcome;
	}
	let choice: ValidationChoice | undefined;
	if (outcome.value === 'none' || outcome.value === 'split') {
		choice = { kind: outcome.value };
	} else {
		const file = outcome.value === BROWSE ? await browse(vscode.l10n.t('Validation Data'), { [vscode.l10n.t('JSON Lines')]: ['jsonl', 'ndjson'] }) : outcome.value.file;
		choice = file ? { kind: 'file', path: file } : undefined;
	}
	if (choice) {
		wizard.chooseValidation(choice);
	}
	return { kind: 'answer', value: undefined };
}

const NO_VALIDATION = 'none';

/**
 * The validation data of a job that trains on an uploaded file: none, or another file uploaded to
 * the connection (by id, as the training file: nothing local is linted or uploaded on this path).
 */
async function pickUploadedValidation(wizard: FineTuneWizard, context: WizardContext, training: Extract<TrainingSource, { kind: 'uploaded' }>): Promise<StepOutcome<void>> {
	const previous = wizard.answers.validation;
	const known = previous?.kind === 'uploaded' ? [previous] : [];
	const itemsOf = (files: readonly { readonly fileId: string; readonly filename: string }[]): ValueItem<string>[] => [
		{ label: vscode.l10n.t('None'), detail: vscode.l10n.t('Train on every example; no validation loss is reported'), value: NO_VALIDATION },
		{ label: vscode.l10n.t('Uploaded to {0}', context.connectionName), kind: vscode.QuickPickItemKind.Separator },
		...files.map((file) => ({ label: file.filename, description: file.fileId, value: file.fileId })),
	];
	const listed = training.files.list({ purpose: 'fine-tune' }).then(
		(files) => files.filter((file) => file.id !== training.fileId).map((file) => ({ fileId: file.id, filename: file.filename })),
		(error: unknown) => {
			context.log.warn(`could not list the files of ${context.connectionName}: ${error instanceof Error ? error.message : String(error)}`);
			return known;
		},
	);
	const outcome = await pickStep<string>({
		...placement(wizard, context, vscode.l10n.t('Validation Data')),
		placeholder: vscode.l10n.t('Examples held out to measure how well the model generalises'),
		items: itemsOf(known),
		updatedItems: listed.then(itemsOf),
		active: previous?.kind === 'uploaded' ? previous.fileId : NO_VALIDATION,
		matchOnDescription: true,
	});
	if (outcome.kind !== 'answer') {
		return outcome;
	}
	const picked = outcome.value === NO_VALIDATION ? undefined : [...known, ...(await listed)].find((file) => file.fileId === outcome.value);
	wizard.chooseValidation(picked ? { kind: 'uploaded', ...picked } : { kind: 'none' });
	return { kind: 'answer', value: undefined };
}

function numberScreen(
	wizard: FineTuneWizard,
	context: WizardContext,
	screenTitle: string,
	prompt: string,
	range: NumberRange,
	previous: number | undefined,
	required = false,
): Promise<StepOutcome<number | undefined>> {
	return textScreen(wizard, context, screenTitle, prompt, previous?.toString(), (text) => parseNumber(text, range, required), required ? undefined : vscode.l10n.t('auto'));
}

async function textScreen<T>(
	wizard: FineTuneWizard,
	context: WizardContext,
	screenTitle: string,
	prompt: string,
	previous: string | undefined,
	parse: (text: string) => Parsed<T>,
	placeholder?: string,
): Promise<StepOutcome<T>> {
	const outcome = await inputStep({
		...placement(wizard, context, screenTitle),
		prompt,
		value: previous,
		placeholder,
		validate: (text) => {
			const parsed = parse(text);
			return parsed.ok ? undefined : describeInputProblem(parsed.problem);
		},
	});
	if (outcome.kind !== 'answer') {
		return outcome;
	}
	const parsed = parse(outcome.value);
	// inputStep only accepts text that validated.
	return parsed.ok ? { kind: 'answer', value: parsed.value } : { kind: 'cancel' };
}

function describeRange(range: NumberRange): string {
	if (range.max === undefined) {
		return range.minExclusive ? vscode.l10n.t('above {0}', range.min) : vscode.l10n.t('at least {0}', range.min);
	}
	return range.minExclusive ? vscode.l10n.t('above {0} and at most {1}', range.min, range.max) : vscode.l10n.t('from {0} to {1}', range.min, range.max);
}

/** The validation message for a refused input. */
export function describeInputProblem(problem: InputProblem): string {
	switch (problem.kind) {
		case 'not-a-number':
			return vscode.l10n.t('Enter a number, or leave it empty.');
		case 'not-an-integer':
			return vscode.l10n.t('Enter a whole number.');
		case 'out-of-range':
			return vscode.l10n.t('Enter a number {0}.', describeRange(problem.range));
		case 'too-long':
			return vscode.l10n.t('Use at most {0} characters.', problem.maxLength);
		case 'bad-characters':
			return vscode.l10n.t("Use only letters, digits, '-' and '_'.");
		case 'required':
			return vscode.l10n.t('Enter a value.');
	}
}

function describeGraderProblem(problem: GraderProblem): string {
	switch (problem.kind) {
		case 'invalid-json':
			return vscode.l10n.t('it is not valid JSON ({0})', problem.detail);
		case 'not-an-object':
			return vscode.l10n.t('it must be a JSON object');
		case 'no-type':
			return vscode.l10n.t('it has no "type"');
		case 'unknown-type':
			return vscode.l10n.t('"{0}" is not a grader type OpenAI knows', problem.type);
	}
}

/** One item per answer on the review screen; picking one goes back to its screen. */
function reviewItems(answers: WizardAnswers): ValueItem<WizardStep>[] {
	const auto = vscode.l10n.t('auto');
	const items: ValueItem<WizardStep>[] = [
		{ label: `$(edit) ${vscode.l10n.t('Model')}`, description: answers.model ?? '', value: 'model' },
		{ label: `$(edit) ${vscode.l10n.t('Method')}`, description: methodName(answers.method ?? 'supervised'), value: 'method' },
	];
	if (answers.method === 'dpo') {
		items.push({ label: `$(edit) ${vscode.l10n.t('Beta')}`, description: String(answers.beta ?? auto), value: 'beta' });
	}
	if (answers.grader) {
		items.push({ label: `$(edit) ${vscode.l10n.t('Grader')}`, description: path.basename(answers.grader.path), value: 'grader' });
	}
	const validation = answers.validation;
	items.push({
		label: `$(edit) ${vscode.l10n.t('Validation')}`,
		description:
			validation?.kind === 'split'
				? vscode.l10n.t('{0} % of the examples split off', validation.percent ?? 10)
				: validation?.kind === 'file'
					? path.basename(validation.path)
					: validation?.kind === 'uploaded'
						? vscode.l10n.t('{0} (uploaded)', validation.filename)
						: vscode.l10n.t('none'),
		value: 'validation',
	});
	const hyperparameters = answers.hyperparameters;
	items.push({
		label: `$(edit) ${vscode.l10n.t('Hyperparameters')}`,
		description: hyperparameters
			? vscode.l10n.t('epochs {0} · batch size {1} · learning rate × {2}', hyperparameters.epochs ?? auto, hyperparameters.batchSize ?? auto, hyperparameters.learningRateMultiplier ?? auto)
			: auto,
		value: 'hyperparameters',
	});
	items.push({ label: `$(edit) ${vscode.l10n.t('Suffix')}`, description: answers.suffix || vscode.l10n.t('none'), value: 'suffix' });
	items.push({ label: `$(edit) ${vscode.l10n.t('Seed')}`, description: answers.seed !== undefined ? String(answers.seed) : vscode.l10n.t('random'), value: 'seed' });
	if (answers.trainingType) {
		items.push({ label: `$(edit) ${vscode.l10n.t('Training type')}`, description: answers.trainingType, value: 'trainingType' });
	}
	return items;
}

/** The training file's part of the review when it is on the connection already: what is, and is not, done with it. */
function uploadedTrainingItem(training: Extract<TrainingSource, { kind: 'uploaded' }>, connectionName: string): ValueItem<WizardStep> {
	return {
		label: `$(cloud) ${vscode.l10n.t('Uploaded file {0}', training.fileId)}`,
		detail: vscode.l10n.t('No upload and no lint: the job uses the file as it is on {0}, which checks it when the job starts (so no cost estimate here).', connectionName),
	};
}

/**
 * The dataset's part of the review: examples, billed tokens for the epochs that will run, and the
 * estimated cost for the chosen model. Picking one goes to the screen that changes it.
 */
function datasetItems(summary: DatasetSummary, answers: WizardAnswers): ValueItem<WizardStep>[] {
	const estimate = estimateForAnswers(summary.estimate, answers);
	const count = (value: number): string => value.toLocaleString(vscode.env.language);
	const epochs = answers.hyperparameters?.epochs === undefined ? vscode.l10n.t('{0} epochs (auto)', estimate.epochs) : vscode.l10n.t('{0} epochs', estimate.epochs);
	const share = answers.validation?.kind === 'split' ? vscode.l10n.t(', before {0} % are split off for validation', answers.validation.percent ?? 10) : '';
	return [
		{
			label: `$(list-ordered) ${vscode.l10n.t('Examples')}`,
			description: vscode.l10n.t('{0} examples, {1} tokens{2}', count(summary.examples), count(summary.tokens.total), share),
			value: 'validation',
		},
		{
			label: `$(symbol-numeric) ${vscode.l10n.t('Billed tokens')}`,
			description: vscode.l10n.t('{0} over {1}', count(estimate.billedTokens), epochs),
			value: 'hyperparameters',
		},
		{
			label: `$(credit-card) ${vscode.l10n.t('Estimated cost')}`,
			description:
				estimate.costUsd === undefined
					? vscode.l10n.t('{0} is billed by training time, not by tokens', answers.model ?? summary.model)
					: vscode.l10n.t('~{0} at ${1} per million training tokens ({2})', usd(estimate.costUsd), estimate.pricePerMillionTokens ?? 0, answers.model ?? summary.model),
			value: 'model',
		},
	];
}
