import * as vscode from 'vscode';
import { escapeNotificationLinks } from '../editor/markdown';
import type { Logger } from '../logger';
import { ApiError } from '../openai/errors';
import { classifyDeploySource, DEPLOYMENT_NAME_PATTERN, DEPLOYMENT_TYPES, isFinalState, suggestDeploymentName, type Deployment } from '../openai/deployments';
import type { DeployableConnection } from './azureConnection';
import { sendTestMessage } from './testMessage';

const STEPS = 4;
// How many jobs are looked through for a succeeded one (or for a checkpoint id): the newest page.
const JOBS_LOOKED_AT = 100;

/** What each deployment type means for a fine-tuned model, for the picker. */
const TYPE_DETAILS: Record<(typeof DEPLOYMENT_TYPES)[number], string> = {
	Standard: 'Regional, pay per token; capacity in units of 1,000 tokens per minute',
	GlobalStandard: "Azure's global routing, pay per token; higher default quota",
	Developer: 'For evaluation: lower cost, no SLA; removed automatically after 24 hours',
	ProvisionedManaged: 'Reserved throughput (provisioned throughput units)',
	GlobalProvisionedManaged: 'Reserved throughput, routed globally',
};

/**
 * "Deploy Fine-Tuned Model…" on `target`: the model from `argument` (a fine-tuned model name, a job id whose
 * job succeeded, or a checkpoint id) or picked from the succeeded jobs; then name, type and capacity; then
 * ARM's PUT, and progress until the provisioning state is final. Resolves to the deployment as it ended,
 * or undefined when the user cancelled a step.
 */
export async function deployFineTunedModel(target: DeployableConnection, argument: unknown, log: Logger): Promise<Deployment | undefined> {
	const title = (step: number, screen: string) => vscode.l10n.t('Deploy Fine-Tuned Model ({0}/{1}): {2}', step, STEPS, screen);
	const model = typeof argument === 'string' && argument.trim() ? await modelOf(target, argument) : await pickModel(target, title(1, vscode.l10n.t('Model')));
	if (!model) {
		return undefined;
	}
	const name = await vscode.window.showInputBox({
		title: title(2, vscode.l10n.t('Deployment Name')),
		prompt: vscode.l10n.t('Chat and apps call the model by this name. 2 to 64 letters, digits, "-", "_" or "."; an existing deployment of that name is updated.'),
		value: suggestDeploymentName(model),
		ignoreFocusOut: true,
		validateInput: (value) => (DEPLOYMENT_NAME_PATTERN.test(value.trim()) ? undefined : vscode.l10n.t('Use 2 to 64 letters, digits, "-", "_" or ".", starting with a letter or digit.')),
	});
	if (!name) {
		return undefined;
	}
	const type = await vscode.window.showQuickPick(
		DEPLOYMENT_TYPES.map((sku) => ({ label: sku, detail: TYPE_DETAILS[sku] })),
		{ title: title(3, vscode.l10n.t('Deployment Type')), placeHolder: vscode.l10n.t('Which deployment types a model offers depends on the model and region.'), ignoreFocusOut: true },
	);
	if (!type) {
		return undefined;
	}
	const capacity = await vscode.window.showInputBox({
		title: title(4, vscode.l10n.t('Capacity')),
		prompt: vscode.l10n.t("Capacity units (for Standard, thousands of tokens per minute); limited by the subscription's quota."),
		value: '1',
		ignoreFocusOut: true,
		validateInput: (value) => (/^[1-9]\d{0,5}$/.test(value.trim()) ? undefined : vscode.l10n.t('A whole number of at least 1.')),
	});
	if (!capacity) {
		return undefined;
	}
	const request = { name: name.trim(), model, sku: type.label, capacity: Number(capacity.trim()) };
	const accepted = await target.deployments.createOrUpdate(request);
	log.info(`deployment ${request.name} of ${model} (${request.sku}, capacity ${request.capacity}) on ${target.connection.name}: ${accepted.provisioningState}`);
	let deployment: Deployment;
	try {
		deployment = await watchProvisioning(target, accepted);
	} catch (error) {
		if (!ApiError.is(error, 'cancelled')) {
			throw error;
		}
		void vscode.window.showInformationMessage(vscode.l10n.t('Stopped watching {0}; Azure goes on provisioning it. List Deployments shows its state.', request.name));
		return accepted;
	}
	log.info(`deployment ${deployment.name} on ${target.connection.name}: ${deployment.provisioningState}`);
	if (deployment.provisioningState.toLowerCase() === 'succeeded') {
		const tryIt = vscode.l10n.t('Send a Test Message');
		void vscode.window
			.showInformationMessage(escapeNotificationLinks(vscode.l10n.t('{0} is deployed as {1} on {2}: chat with it by that name.', model, deployment.name, target.connection.name)), tryIt)
			.then(async (choice) => {
				if (choice === tryIt) {
					await sendTestMessage(target, deployment.name, log);
				}
			});
	} else {
		void vscode.window.showErrorMessage(
			escapeNotificationLinks(vscode.l10n.t('The deployment {0} of {1} ended {2}. Azure gives the reason on the deployment\'s page in the Azure AI Foundry portal; the quota and the deployment types the model offers in this region are the usual causes.', deployment.name, model, deployment.provisioningState)),
		);
	}
	return deployment;
}

/** Shows the provisioning state in a cancellable notification until it is final. */
function watchProvisioning(target: DeployableConnection, accepted: Deployment): Promise<Deployment> {
	if (isFinalState(accepted.provisioningState)) {
		return Promise.resolve(accepted);
	}
	return Promise.resolve(
		vscode.window.withProgress(
			{ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deploying {0} on {1}', accepted.name, target.connection.name), cancellable: true },
			(progress, token) => {
				const controller = new AbortController();
				token.onCancellationRequested(() => controller.abort());
				const report = (state: string) => progress.report({ message: vscode.l10n.t('{0}…', state) });
				report(accepted.provisioningState);
				return target.deployments.waitUntilFinal(accepted.name, { signal: controller.signal, onState: report });
			},
		),
	);
}

/** The model named by a command argument: a job's fine-tuned model, a checkpoint's model, or the name itself. */
async function modelOf(target: DeployableConnection, argument: string): Promise<string> {
	const source = classifyDeploySource(argument);
	if (source.kind === 'model') {
		return source.id;
	}
	const { jobs } = await target.services();
	if (source.kind === 'job') {
		const job = await jobs.retrieve(source.id);
		if (job.status !== 'succeeded' || !job.fine_tuned_model) {
			throw new ApiError('invalid-request', `The job ${job.id} is ${job.status}, so it has no fine-tuned model to deploy yet`);
		}
		return job.fine_tuned_model;
	}
	for (const job of (await jobs.list({ limit: JOBS_LOOKED_AT })).items) {
		if (job.status === 'succeeded') {
			const checkpoint = (await jobs.listCheckpoints(job.id, { limit: 100 })).items.find((candidate) => candidate.id === source.id);
			if (checkpoint) {
				return checkpoint.fine_tuned_model_checkpoint;
			}
		}
	}
	throw new ApiError('not-found', `No checkpoint ${source.id} among the checkpoints of the last ${JOBS_LOOKED_AT} succeeded jobs on ${target.connection.name}`);
}

/** Lets the user pick the fine-tuned model of one of the connection's succeeded jobs. */
async function pickModel(target: DeployableConnection, title: string): Promise<string | undefined> {
	const { jobs } = await target.services();
	const succeeded = (await jobs.list({ limit: JOBS_LOOKED_AT })).items.filter((job) => job.status === 'succeeded' && job.fine_tuned_model);
	if (succeeded.length === 0) {
		void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no succeeded fine-tuning job, so there is no model to deploy yet.', target.connection.name));
		return undefined;
	}
	const picked = await vscode.window.showQuickPick(
		succeeded.map((job) => ({
			label: job.fine_tuned_model as string,
			description: job.id,
			detail: job.finished_at ? vscode.l10n.t('Trained from {0}, finished {1}', job.model, new Date(job.finished_at * 1000).toLocaleString()) : job.model,
		})),
		{ title, placeHolder: vscode.l10n.t('Which fine-tuned model of {0}?', target.connection.name), matchOnDescription: true, ignoreFocusOut: true },
	);
	return picked?.label;
}
