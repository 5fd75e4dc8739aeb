import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from '../contributes';
import { FORMAT_NAMES } from '../dataset/types';
import { methodMismatch } from '../dataset/methods';
import { getSetting } from '../editor/config';
import type { FileFindings } from '../editor/diagnostics';
import type { Logger } from '../logger';
import type { Connections, ConnectionServices } from '../connections';
import type { FileObject } from 'openai/resources/files';
import type { CreateJobRequest } from '../openai/jobs';
import { parseRecreateSpec, RECREATE_FILE_NAME } from '../export/recreate';
import { answersForJob, answersForRecreate, toJobRequest, type RecreateStart, type WizardAnswers } from './fineTuneWizard';
import { escapeNotificationLinks } from '../editor/markdown';
import { TargetExistsError } from '../safeWrite';
import { confirmReplace } from './confirmReplace';
import type { ServerChanges } from './serverChanges';
import { showFailure } from './showFailure';
import { splitFile, TooFewExamplesError, type SplitResult } from './split';
import { confirmUpload, DatasetChecks, datasetFileOf, lintBeforeUpload, saveIfDirty, uploadWithProgress } from './uploadSteps';
import { runWizard } from './wizardScreens';
import { isTreeReference, type TreeReference } from './treeReference';
import { registerTrustedCommand } from './trustedCommand';

/** What one launch has done so far, kept across Retry so that nothing is checked or uploaded twice. */
interface LaunchProgress {
	checked: boolean;
	split?: SplitResult;
	/** File ids by local path. */
	readonly uploaded: Map<string, string>;
}

/**
 * "Fine-Tune with This File…": on a local file the wizard, then lint, split, upload and create the
 * job; on an exported recreate.json the same, filled with the exported job's settings and files; on
 * a file row of the Files view the wizard on that uploaded file, then the job. "Fine-Tune Again
 * with These Settings…" on a job row: the wizard filled with the job's settings and files. Each
 * resolves to the new job's id, or undefined when the user stopped along the way or a step failed.
 */
export function registerFineTuneCommand(connections: Connections, problems: FileFindings, serverChanges: ServerChanges, log: Logger): vscode.Disposable {
	const deps: LaunchDependencies = { problems, log, serverChanges };
	const fineTune = async (argument?: unknown): Promise<string | undefined> => {
		if (isTreeReference(argument, 'fileId')) {
			return fineTuneUploaded(argument, connections, deps);
		}
		const file = await datasetFileOf(argument, vscode.l10n.t('Fine-Tune with This File'));
		if (!file) {
			return undefined;
		}
		if (path.basename(file.fsPath) !== RECREATE_FILE_NAME) {
			return fineTuneLocal({ dataset: file }, connections, deps);
		}
		let start: RecreateStart;
		try {
			start = answersForRecreate(parseRecreateSpec(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))), path.dirname(file.fsPath));
		} catch (error) {
			showFailure(vscode.l10n.t('Could not read {0}', vscode.workspace.asRelativePath(file)), error, log);
			return undefined;
		}
		return fineTuneLocal({ dataset: vscode.Uri.file(start.trainingPath), initial: start.answers, metadata: start.metadata }, connections, deps);
	};
	const fineTuneAgain = async (row?: unknown): Promise<string | undefined> => (isTreeReference(row, 'jobId') ? fineTuneJobAgain(row, connections, deps) : undefined);
	return vscode.Disposable.from(registerTrustedCommand(COMMANDS.fineTuneFile, fineTune), registerTrustedCommand(COMMANDS.fineTuneAgain, fineTuneAgain));
}

/** Where a job on a local file starts: the file, and what the wizard shows first and the job keeps (from a recreate.json). */
interface LocalStart {
	readonly dataset: vscode.Uri;
	readonly initial?: WizardAnswers;
	/** Else the dataset's name. */
	readonly metadata?: Readonly<Record<string, string>>;
}

/** The wizard on a local file of the default connection, then lint, split, upload and create the job. */
async function fineTuneLocal(start: LocalStart, connections: Connections, deps: LaunchDependencies): Promise<string | undefined> {
	const { dataset } = start;
	const { log } = deps;
	let services: ConnectionServices;
	try {
		services = await connections.use('fine-tuning');
	} catch (error) {
		showFailure(vscode.l10n.t('Could not start fine-tuning'), error, log);
		return undefined;
	}
	const checks = new DatasetChecks(dataset, services.connection.kind, log);
	let answers: WizardAnswers | undefined;
	try {
		// The wizard lints the file from disk, and the upload sends what it linted.
		await saveIfDirty(dataset);
		answers = await runWizard({
			training: { kind: 'local', uri: dataset, checks },
			initial: start.initial,
			defaultModel: start.initial?.model ?? getSetting('targetModel', dataset),
			models: services.models,
			connectionName: services.connection.name,
			kind: services.connection.kind,
			log,
		});
	} catch (error) {
		showFailure(vscode.l10n.t('Could not check {0}', path.basename(dataset.fsPath)), error, log);
		return undefined;
	}
	if (!answers) {
		return undefined;
	}
	const finished = answers;
	const progress: LaunchProgress = { checked: false, uploaded: new Map() };
	const attempt = async (): Promise<string | undefined> => {
		try {
			// Fetched again: a retry after "Set API Key" must use the new key (on the same connection).
			return await launch(checks, finished, progress, await connections.servicesOf(services.connection, 'fine-tuning'), { ...deps, metadata: start.metadata });
		} catch (error) {
			if (TargetExistsError.is(error) && error.declined) {
				return undefined;
			}
			if (TooFewExamplesError.is(error)) {
				void vscode.window.showErrorMessage(vscode.l10n.t('{0} has {1} examples: too few to split off a validation set.', path.basename(dataset.fsPath), error.count));
				return undefined;
			}
			showFailure(vscode.l10n.t('Could not start fine-tuning on {0}', path.basename(dataset.fsPath)), error, log, attempt);
			return undefined;
		}
	};
	return attempt();
}

/** Where a job on files already uploaded starts: the files (by id) and what the wizard shows first. */
interface UploadedStart {
	readonly training: { readonly fileId: string; readonly filename: string };
	readonly initial?: WizardAnswers;
	readonly metadata: Readonly<Record<string, string>>;
}

/** "Fine-Tune with This File…" on a file row: the wizard on that file as it is on the row's connection. */
async function fineTuneUploaded(row: TreeReference<'fileId'> & { readonly file?: FileObject }, connections: Connections, deps: LaunchDependencies): Promise<string | undefined> {
	let services: ConnectionServices;
	let file: FileObject;
	try {
		services = await connections.servicesOf(row.connection, 'fine-tuning');
		file = row.file ?? (await services.files.retrieve(row.fileId));
	} catch (error) {
		showFailure(vscode.l10n.t('Could not start fine-tuning'), error, deps.log);
		return undefined;
	}
	// The dataset's name lets the Jobs view and the user find the job again.
	return fineTuneOnUploaded(services, { training: { fileId: file.id, filename: file.filename }, metadata: { dataset: file.filename.slice(0, 512) } }, connections, deps);
}

/**
 * "Fine-Tune Again with These Settings…": the job as it is now on the server (its hyperparameters
 * resolved once it ran), turned into a job request the way a recreate.json is, fills the wizard.
 * Its files are used by id: they must still be on the connection.
 */
async function fineTuneJobAgain(row: TreeReference<'jobId'>, connections: Connections, deps: LaunchDependencies): Promise<string | undefined> {
	let services: ConnectionServices;
	let start: UploadedStart;
	try {
		services = await connections.servicesOf(row.connection, 'fine-tuning');
		const job = await services.jobs.retrieve(row.jobId);
		// The files must still be there: the new job uses them by id.
		const [training, validation] = await Promise.all([services.files.retrieve(job.training_file), job.validation_file ? services.files.retrieve(job.validation_file) : undefined]);
		const again = answersForJob(job, { training: training.filename, ...(validation ? { validation: validation.filename } : {}) });
		start = {
			training: { fileId: training.id, filename: training.filename },
			initial: again.answers,
			metadata: again.metadata ?? { dataset: training.filename.slice(0, 512) },
		};
	} catch (error) {
		showFailure(vscode.l10n.t('Could not fine-tune again from job {0}', row.jobId), error, deps.log);
		return undefined;
	}
	return fineTuneOnUploaded(services, start, connections, deps);
}

/** The wizard on files already uploaded to `services`' connection, then the job: nothing is linted or uploaded. */
async function fineTuneOnUploaded(services: ConnectionServices, start: UploadedStart, connections: Connections, deps: LaunchDependencies): Promise<string | undefined> {
	const { training } = start;
	let answers: WizardAnswers | undefined;
	try {
		answers = await runWizard({
			training: { kind: 'uploaded', ...training, files: services.files },
			initial: start.initial,
			defaultModel: start.initial?.model ?? getSetting('targetModel'),
			models: services.models,
			connectionName: services.connection.name,
			kind: services.connection.kind,
			log: deps.log,
		});
	} catch (error) {
		showFailure(vscode.l10n.t('Could not start fine-tuning on {0}', training.filename), error, deps.log);
		return undefined;
	}
	if (!answers) {
		return undefined;
	}
	const finished = answers;
	const validationFile = finished.validation?.kind === 'uploaded' ? finished.validation.fileId : undefined;
	const attempt = async (): Promise<string | undefined> => {
		try {
			// Fetched again: a retry after "Set API Key" must use the new key (on the same connection).
			const current = await connections.servicesOf(services.connection, 'fine-tuning');
			return await createJob(current, toJobRequest(finished, training.fileId, validationFile, start.metadata), training.filename, deps);
		} catch (error) {
			showFailure(vscode.l10n.t('Could not start fine-tuning on {0}', training.filename), error, deps.log, attempt);
			return undefined;
		}
	};
	return attempt();
}

/** What a launch works with besides its own state. */
interface LaunchDependencies {
	readonly problems: FileFindings;
	readonly log: Logger;
	readonly serverChanges: ServerChanges;
}

async function launch(
	checks: DatasetChecks,
	answers: WizardAnswers,
	progress: LaunchProgress,
	services: ConnectionServices,
	deps: LaunchDependencies & { readonly metadata?: Readonly<Record<string, string>> },
): Promise<string | undefined> {
	const { problems, log } = deps;
	const dataset = checks.uri;
	const model = answers.model ?? getSetting('targetModel', dataset);
	const validation = answers.validation ?? { kind: 'none' };
	if (!progress.checked) {
		// The wizard's own check of the file for this model: nothing is linted twice.
		const checked = await checks.for(model);
		const training = checked ? await confirmUpload(dataset, checked, { model, target: checks.target, problems, log }) : { proceed: false };
		if (!training.proceed) {
			return undefined;
		}
		if (validation.kind === 'file') {
			const validationUri = vscode.Uri.file(validation.path);
			await saveIfDirty(validationUri);
			const validated = await lintBeforeUpload(validationUri, { model, target: checks.target, problems, log, trainingHashes: training.hashes });
			if (!validated.proceed) {
				return undefined;
			}
			// The wizard checked the training file's format against the method; OpenAI validates this one the same way.
			const mismatch = answers.method && methodMismatch(answers.method, validated.format, model);
			if (mismatch) {
				log.warn(`refused ${path.basename(validation.path)} as validation file: it holds ${mismatch.has} records, the job trains on ${mismatch.needs}`);
				void vscode.window.showErrorMessage(
					vscode.l10n.t(
						'The validation file {0} holds {1} records, but the job trains on {2} records: pick a validation file like the training file, or split one off it.',
						path.basename(validation.path),
						FORMAT_NAMES[mismatch.has],
						FORMAT_NAMES[mismatch.needs],
					),
				);
				return undefined;
			}
		}
		progress.checked = true;
	}

	let trainingPath = dataset.fsPath;
	let validationPath: string | undefined;
	if (validation.kind === 'split') {
		progress.split ??= await splitFile(dataset.fsPath, validation.percent ?? 10, { whenExists: confirmReplace });
		({ trainingPath, validationPath } = progress.split);
		log.info(`split ${path.basename(dataset.fsPath)}: ${progress.split.trainingCount} training and ${progress.split.validationCount} validation examples`);
	} else if (validation.kind === 'file') {
		validationPath = validation.path;
	}
	const uploadedValidation = validation.kind === 'uploaded' ? validation.fileId : undefined;

	const uploadOnce = async (filePath: string): Promise<string> => {
		const known = progress.uploaded.get(filePath);
		if (known) {
			return known;
		}
		const file = await uploadWithProgress(services.files, filePath, services.connection.name, log);
		progress.uploaded.set(filePath, file.id);
		return file.id;
	};
	const trainingFile = await uploadOnce(trainingPath);
	const validationFile = validationPath === undefined ? uploadedValidation : await uploadOnce(validationPath);

	// The dataset's name lets the Jobs view and the user find the job again.
	const request = toJobRequest(answers, trainingFile, validationFile, deps.metadata ?? { dataset: path.basename(dataset.fsPath).slice(0, 512) });
	return createJob(services, request, path.basename(dataset.fsPath), deps);
}

/** Creates the job, shows it in the Jobs view and says so. Resolves to its id. */
async function createJob(services: ConnectionServices, request: CreateJobRequest, trainingName: string, deps: LaunchDependencies): Promise<string> {
	const job = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Creating the fine-tuning job…') }, () => services.jobs.create(request));
	deps.serverChanges.jobChanged({ connection: services.connection, job, launchedHere: true });
	const openInJobs = vscode.l10n.t('Open in Jobs');
	void vscode.window.showInformationMessage(escapeNotificationLinks(vscode.l10n.t('Fine-tuning job {0} created: {1} on {2}.', job.id, job.model, trainingName)), openInJobs).then(async (choice) => {
		if (choice === openInJobs) {
			// The view lists the new job first: the update above put it there.
			await vscode.commands.executeCommand(`${VIEWS.jobs}.focus`);
		}
	});
	return job.id;
}

