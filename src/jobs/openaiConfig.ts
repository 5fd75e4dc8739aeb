import type { OpenAIConfig } from '../openai/client';

/** The connection settings, as read from `finetuneStudio.*`; empty strings mean "not set". */
export interface ConnectionSettings {
	readonly baseUrl: string;
	readonly organization: string;
	readonly project: string;
	readonly azureApiVersion: string;
}

/** Thrown when Azure OpenAI is asked for without the resource endpoint it needs. */
export class MissingAzureEndpointError extends Error {
	constructor() {
		super('Azure OpenAI needs the resource endpoint in the finetuneStudio.baseUrl setting');
		this.name = 'MissingAzureEndpointError';
	}

	static is(error: unknown): error is MissingAzureEndpointError {
		return error instanceof MissingAzureEndpointError;
	}
}

/** The client configuration for `settings` and `apiKey`: Azure OpenAI when an API version is set, else OpenAI or a compatible server. */
export function toOpenAIConfig(settings: ConnectionSettings, apiKey: string): OpenAIConfig {
	const baseUrl = settings.baseUrl.trim();
	const organization = settings.organization.trim() || undefined;
	const project = settings.project.trim() || undefined;
	const apiVersion = settings.azureApiVersion.trim();
	if (apiVersion) {
		if (!baseUrl) {
			throw new MissingAzureEndpointError();
		}
		return { apiKey, organization, project, azure: { endpoint: baseUrl, apiVersion } };
	}
	return { apiKey, organization, project, ...(baseUrl ? { baseURL: baseUrl } : {}) };
}
