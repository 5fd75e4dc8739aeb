import { Disposable } from '../dispose';
import { getSetting, onDidChangeSettings } from '../editor/config';
import type { ApiKeyStore } from '../editor/secrets';
import type { Logger } from '../logger';
import { createOpenAIClient } from '../openai/client';
import { FilesService } from '../openai/files';
import { JobsService } from '../openai/jobs';
import { ModelsService } from '../openai/models';
import { toOpenAIConfig } from './openaiConfig';

/** The API services for one key and one set of connection settings. */
export interface OpenAIServices {
	readonly files: FilesService;
	readonly jobs: JobsService;
	readonly models: ModelsService;
}

/** Thrown when neither secret storage nor `OPENAI_API_KEY` has a key. */
export class MissingApiKeyError extends Error {
	constructor() {
		super('No OpenAI API key is set');
		this.name = 'MissingApiKeyError';
	}

	static is(error: unknown): error is MissingApiKeyError {
		return error instanceof MissingApiKeyError;
	}
}

/**
 * Builds the API services from the current settings and key, and keeps them until either changes:
 * the next call after a change builds them anew.
 */
export class OpenAIConnection extends Disposable {
	private cached: Promise<OpenAIServices> | undefined;

	constructor(
		private readonly keys: ApiKeyStore,
		private readonly log: Logger,
	) {
		super();
		const forget = (): void => {
			this.cached = undefined;
		};
		this._register(onDidChangeSettings(forget));
		this._register(keys.onDidChange(forget));
	}

	/** The services for the configured key; rejects with {@link MissingApiKeyError} when there is none. */
	services(): Promise<OpenAIServices> {
		this.cached ??= this.build().catch((error: unknown) => {
			this.cached = undefined;
			throw error;
		});
		return this.cached;
	}

	/** Services for a key that is not stored yet, to check it before storing it. */
	servicesFor(apiKey: string): OpenAIServices {
		return this.createServices(apiKey);
	}

	private async build(): Promise<OpenAIServices> {
		const resolved = await this.keys.resolve();
		if (!resolved) {
			throw new MissingApiKeyError();
		}
		return this.createServices(resolved.key);
	}

	private createServices(apiKey: string): OpenAIServices {
		const config = toOpenAIConfig(
			{
				baseUrl: getSetting('baseUrl'),
				organization: getSetting('organization'),
				project: getSetting('project'),
				azureApiVersion: getSetting('azure.apiVersion'),
			},
			apiKey,
		);
		const client = createOpenAIClient(config, this.log);
		return { files: new FilesService(client, { logger: this.log }), jobs: new JobsService(client, this.log), models: new ModelsService(client, this.log) };
	}
}
