import * as vscode from 'vscode';
import { NotDeployableError, type Connection, type ConnectionServices, type Connections } from '../connections';
import { COMMANDS } from '../contributes';
import { showFailure } from '../jobs/showFailure';
import type { Logger } from '../logger';
import { DeploymentsClient } from '../openai/deployments';

/** An Azure connection that names its resource, with its data-plane services and its ARM deployments client. */
export interface DeployableConnection {
	readonly connection: Connection;
	readonly deployments: DeploymentsClient;
	/** Its data-plane services, built (and signed in) on first use. */
	services(): Promise<ConnectionServices>;
}

/**
 * The Azure connection to deploy on: `given` (a sidebar row's), else the default one when it is Azure, the
 * only Azure one, or the one the user picks. Says why and returns undefined when there is none, or when it
 * does not name its resource.
 */
export async function chooseDeployable(connections: Connections, placeHolder: string, given?: Connection): Promise<DeployableConnection | undefined> {
	await connections.migrated;
	const azure = given?.kind === 'azure' ? [given] : connections.all().filter((connection) => connection.kind === 'azure');
	if (azure.length === 0) {
		const add = vscode.l10n.t('Add Connection…');
		void vscode.window
			.showInformationMessage(vscode.l10n.t('Deployments live on Azure OpenAI / Foundry, and no Azure connection is configured.'), add)
			.then((choice) => choice === add && vscode.commands.executeCommand(COMMANDS.addConnection));
		return undefined;
	}
	const defaultName = connections.defaultName().toLowerCase();
	const connection = azure.find((candidate) => candidate.name.toLowerCase() === defaultName) ?? (azure.length === 1 ? azure[0] : await connections.pick(placeHolder, azure));
	if (!connection) {
		return undefined;
	}
	try {
		return { connection, deployments: new DeploymentsClient(connections.deploymentsTarget(connection)), services: () => connections.servicesOf(connection) };
	} catch (error) {
		if (!NotDeployableError.is(error)) {
			throw error;
		}
		const openSettings = vscode.l10n.t('Open Settings');
		void vscode.window.showErrorMessage(error.message, openSettings).then((choice) => choice === openSettings && vscode.commands.executeCommand('workbench.action.openSettingsJson'));
		return undefined;
	}
}

/** Runs `action` on a deployable connection (`given`, or one chosen); a failure is shown (never thrown) and gives `fallback`. */
export async function withDeployable<T>(
	connections: Connections,
	log: Logger,
	what: string,
	placeHolder: string,
	fallback: T,
	action: (target: DeployableConnection) => Promise<T>,
	given?: Connection,
): Promise<T> {
	try {
		const target = await chooseDeployable(connections, placeHolder, given);
		return target ? await action(target) : fallback;
	} catch (error) {
		showFailure(what, error, log);
		return fallback;
	}
}
