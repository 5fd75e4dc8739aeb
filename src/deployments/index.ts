import * as vscode from 'vscode';
import type { Connections } from '../connections';
import { COMMANDS } from '../contributes';
import { escapeNotificationLinks } from '../editor/markdown';
import { isTreeReference } from '../jobs/treeReference';
import { registerTrustedCommand } from '../jobs/trustedCommand';
import type { Logger } from '../logger';
import type { Deployment } from '../openai/deployments';
import { withDeployable, type DeployableConnection } from './azureConnection';
import { deployFineTunedModel } from './deployCommand';
import { sendTestMessage } from './testMessage';

/**
 * "Deploy Fine-Tuned Model…" (of a model name, a job, a checkpoint, or a model or checkpoint row of the
 * sidebar), "List Deployments" and "Delete Deployment…" on Azure connections, through
 * Azure Resource Manager with a Microsoft Entra token. Deploy resolves to the deployment as it ended, List
 * to the deployments listed, Delete to whether it deleted.
 */
export function registerDeploymentCommands(connections: Connections, log: Logger): vscode.Disposable {
	// A model or checkpoint row of the sidebar deploys its model on its own connection.
	const deploy = (argument?: unknown): Promise<Deployment | undefined> => {
		const row = isTreeReference(argument, 'modelId') ? argument : undefined;
		return withDeployable(
			connections,
			log,
			vscode.l10n.t('Could not deploy the model'),
			vscode.l10n.t('Deploy on which Azure connection?'),
			undefined,
			(target) => deployFineTunedModel(target, row ? row.modelId : argument, log),
			row?.connection,
		);
	};

	const list = (): Promise<readonly Deployment[] | undefined> =>
		withDeployable(connections, log, vscode.l10n.t('Could not list the deployments'), vscode.l10n.t('List the deployments of which Azure connection?'), undefined, async (target) => {
			const deployments = await target.deployments.list();
			const picked = await pickDeployment(target, deployments, vscode.l10n.t('Deployments of {0} (pick a succeeded one to send it a test message)', target.connection.name));
			if (picked?.provisioningState.toLowerCase() === 'succeeded') {
				void sendTestMessage(target, picked.name, log);
			}
			return deployments;
		});

	const remove = (name?: unknown): Promise<boolean> =>
		withDeployable(connections, log, vscode.l10n.t('Could not delete the deployment'), vscode.l10n.t('Delete a deployment of which Azure connection?'), false, async (target) => {
			const deployment = typeof name === 'string' && name ? name : (await pickDeployment(target, await target.deployments.list(), vscode.l10n.t('Delete which deployment of {0}?', target.connection.name)))?.name;
			if (!deployment) {
				return false;
			}
			const action = vscode.l10n.t('Delete Deployment');
			const confirmed = await vscode.window.showWarningMessage(
				escapeNotificationLinks(vscode.l10n.t('Delete the deployment {0} on {1}?', deployment, target.connection.name)),
				{ modal: true, detail: vscode.l10n.t('Apps and chats that call it by this name stop working. The fine-tuned model itself is kept and can be deployed again.') },
				action,
			);
			if (confirmed !== action) {
				return false;
			}
			const deleted = await target.deployments.delete(deployment);
			log.info(`deployment ${deployment} on ${target.connection.name}: ${deleted ? 'deleted' : 'was not there'}`);
			void vscode.window.showInformationMessage(
				deleted ? vscode.l10n.t('Deleted the deployment {0}.', deployment) : vscode.l10n.t('{0} has no deployment {1} (any more).', target.connection.name, deployment),
			);
			return deleted;
		});

	return vscode.Disposable.from(
		registerTrustedCommand(COMMANDS.deployModel, deploy),
		registerTrustedCommand(COMMANDS.listDeployments, list),
		registerTrustedCommand(COMMANDS.deleteDeployment, remove),
	);
}

/** A quick pick of `deployments`: name, model, provisioning state, type and capacity. */
async function pickDeployment(target: DeployableConnection, deployments: readonly Deployment[], placeHolder: string): Promise<Deployment | undefined> {
	if (deployments.length === 0) {
		void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no deployments.', target.connection.name));
		return undefined;
	}
	const picked = await vscode.window.showQuickPick(
		deployments.map((deployment) => ({
			label: deployment.name,
			description: deployment.provisioningState,
			detail: vscode.l10n.t('{0} · {1}, capacity {2}', deployment.model, deployment.sku, deployment.capacity),
			deployment,
		})),
		{ title: vscode.l10n.t('Deployments of {0}', target.connection.name), placeHolder, matchOnDescription: true, matchOnDetail: true },
	);
	return picked?.deployment;
}
