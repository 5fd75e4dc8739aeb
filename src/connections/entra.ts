import * as vscode from 'vscode';
import { getSetting } from '../editor/config';

/** The Entra scope of Azure OpenAI's data plane (inference, files, fine-tuning). */
export const DATA_PLANE_SCOPE = 'https://cognitiveservices.azure.com/.default';

/** What a token is for: the resource's data plane, or Azure Resource Manager (deployments). */
export type EntraAudience = 'data-plane' | 'management';

/** Thrown when no Microsoft Entra session could be had: the user declined, or the provider failed. */
export class EntraSignInError extends Error {
	constructor(
		readonly audience: EntraAudience,
		reason: string,
	) {
		super(`Microsoft sign-in ${audience === 'management' ? 'for Azure Resource Manager' : 'for Azure OpenAI'} did not complete: ${reason}`);
		this.name = 'EntraSignInError';
	}

	static is(error: unknown): error is EntraSignInError {
		return error instanceof EntraSignInError;
	}
}

/** ARM's endpoint for deployments: the setting, without a trailing slash (sovereign clouds have their own). */
export function managementEndpoint(): string {
	return getSetting('azure.managementEndpoint').trim().replace(/\/+$/, '') || 'https://management.azure.com';
}

/** The scope of an ARM token: the management endpoint's `.default`, as Azure's own extensions ask for it. */
export function managementScope(endpoint: string): string {
	return `${endpoint}/.default`;
}

/**
 * Access tokens from VS Code's Microsoft authentication provider (or the one set in
 * `finetuneStudio.azure.authenticationProvider`, for a sovereign cloud). VS Code keeps and refreshes the
 * session; the extension stores nothing and asks afresh before each request, so an expired token is
 * replaced without the user noticing.
 */
export class EntraTokens {
	/** A token for `audience`; asks the user to sign in (or allow access) when VS Code has no session yet. */
	async token(audience: EntraAudience): Promise<string> {
		const scope = audience === 'management' ? managementScope(managementEndpoint()) : DATA_PLANE_SCOPE;
		let session: vscode.AuthenticationSession | undefined;
		try {
			session = await vscode.authentication.getSession(getSetting('azure.authenticationProvider').trim() || 'microsoft', [scope], { createIfNone: true });
		} catch (error) {
			throw new EntraSignInError(audience, error instanceof Error ? error.message : String(error));
		}
		if (!session?.accessToken) {
			throw new EntraSignInError(audience, 'no session was returned');
		}
		return session.accessToken;
	}
}
