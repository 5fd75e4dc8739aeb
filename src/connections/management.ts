// Free of `vscode`: the connection's part of reaching its deployments, unit-tested directly.
import type { DeploymentsTarget } from '../openai/deployments';
import type { Connection } from './model';

/** The connection fields that name the resource in Azure Resource Manager. */
export const AZURE_RESOURCE_FIELDS = ['subscriptionId', 'resourceGroup', 'accountName'] as const;

/** Thrown when deployments are asked of a connection that is not Azure, or does not name its resource in ARM. */
export class NotDeployableError extends Error {
	constructor(
		readonly connectionName: string,
		/** The resource fields it lacks; empty when it is not an Azure connection at all. */
		readonly missing: readonly string[],
	) {
		super(
			missing.length
				? `${connectionName} does not say where its resource is in Azure: add ${missing.join(', ')} to its entry in the finetuneStudio.connections setting (the resource's Overview page in the Azure portal shows them)`
				: `${connectionName} is not an Azure connection: deployments are made on Azure OpenAI / Foundry only`,
		);
		this.name = 'NotDeployableError';
	}

	static is(error: unknown): error is NotDeployableError {
		return error instanceof NotDeployableError;
	}
}

/**
 * Where `connection`'s deployments are managed: ARM at `endpoint`, with `token` (a management-scope
 * Entra token; key-based connections need it too: ARM takes no resource key).
 */
export function deploymentsTarget(connection: Connection, endpoint: string, token: () => Promise<string>): DeploymentsTarget {
	if (connection.kind !== 'azure') {
		throw new NotDeployableError(connection.name, []);
	}
	const missing = AZURE_RESOURCE_FIELDS.filter((field) => !connection[field]);
	const { subscriptionId, resourceGroup, accountName } = connection;
	if (!subscriptionId || !resourceGroup || !accountName) {
		throw new NotDeployableError(connection.name, missing);
	}
	return { endpoint, account: { subscriptionId, resourceGroup, accountName }, token };
}
