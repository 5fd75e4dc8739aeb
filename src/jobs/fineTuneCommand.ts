import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS, VIEWS } from '../contributes';
import { FORMAT_NAMES } from '../dataset/format';
import { methodMismatch } from '../dataset/methods';
import { getSetting } from '../editor/config';
import type { FileFindings } from '../editor/diagnostics';
import type { Logger } from '../logger';
import type { Connections, ConnectionServices } from '../connections';
import { toJobRequest, type WizardAnswers } from './fineTuneWizard';
import { escapeNotificationLinks } from '../editor/markdown';
import { TargetExistsError } from '../safeWrite';
import { confirmReplace } from './confirmReplace';
import { NewJobWatcher } from './jobStatus';
import type { JobUpdates } from './jobUpdates';
import { showFailure } from './showFailure';
import { splitFile, TooFewExamplesError, type SplitResult } from './split';
import { confirmUpload, DatasetChecks, datasetFileOf, lintBeforeUpload, saveIfDirty, uploadWithProgress } from './uploadSteps';
import { runWizard } from './wizardScreens';
import { registerTrustedCommand } from './trustedCommand';

/** What one launch has done so far, kept across Retry so that nothing is checked or uploaded twice. */
interface LaunchProgress {
	checked: boolean;
	split?: SplitResult;
	/** File ids by local path. */
	readonly uploaded: Map<string, string>;
}

/**
 * "Fine-Tune with This File…": the wizard, then lint, split, upload and create the job. Resolves to
 * the job's id, or undefined when the user stopped along the way or a step failed.
 */
export function registerFineTuneCommand(connections: Connections, problems: FileFindings, jobUpdates: JobUpdates, log: Logger): vscode.Disposable {
	const watcher = new NewJobWatcher(connections, log);
	const fineTune = async (argument?: unknown): Promise<string | undefined> => {
		const dataset = await datasetFileOf(argument, vscode.l10n.t('Fine-Tune with This File'));
		if (!dataset) {
			return undefined;
		}
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
			answers = await runWizard({ dataset, defaultModel: getSetting('targetModel', dataset), models: services.models, connectionName: services.connection.name, checks, log });
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
				return await launch(checks, finished, progress, await connections.servicesOf(services.connection, 'fine-tuning'), { problems, log, watcher, jobUpdates });
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
	};
	return vscode.Disposable.from(watcher, registerTrustedCommand(COMMANDS.fineTuneFile, fineTune));
}

/** What a launch works with besides its own state. */
interface LaunchDependencies {
	readonly problems: FileFindings;
	readonly log: Logger;
	readonly watcher: NewJobWatcher;
	readonly jobUpdates: JobUpdates;
}

async function launch(checks: DatasetChecks, answers: WizardAnswers, progress: LaunchProgress, services: ConnectionServices, deps: LaunchDependencies): Promise<string | undefined> {
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
	const validationFile = validationPath === undefined ? undefined : await uploadOnce(validationPath);

	// The dataset's name lets the Jobs view and the user find the job again.
	const request = toJobRequest(answers, trainingFile, validationFile, { dataset: path.basename(dataset.fsPath).slice(0, 512) });
	const job = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Creating the fine-tuning job…') }, () => services.jobs.create(request));
	deps.watcher.watch(job.id, services.connection);
	deps.jobUpdates.fire({ connection: services.connection, job, launchedHere: true });
	const openInJobs = vscode.l10n.t('Open in Jobs');
	void vscode.window.showInformationMessage(escapeNotificationLinks(vscode.l10n.t('Fine-tuning job {0} created: {1} on {2}.', job.id, job.model, path.basename(dataset.fsPath))), openInJobs).then(async (choice) => {
		if (choice === openInJobs) {
			// The view lists the new job first: the update above put it there.
			await vscode.commands.executeCommand(`${VIEWS.jobs}.focus`);
		}
	});
	return job.id;
}

