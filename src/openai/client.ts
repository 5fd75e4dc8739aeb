import { AzureOpenAI, OpenAI, type ClientOptions } from 'openai';
import type { Logger } from '../logger';
import { markSignedIn, scrubSecrets } from './errors';

/** Where the client talks to and as whom; the editor layer builds it from settings and secrets. */
export interface OpenAIConfig {
	/**
	 * The API key, or a function giving a bearer token before each request (Microsoft Entra on Azure):
	 * the SDK asks it every time, so a token VS Code has refreshed is used as soon as it exists.
	 * Absent for a server that takes no key (a local one): requests then carry no credentials at all.
	 */
	apiKey?: string | TokenSource;
	/** An OpenAI-compatible server; defaults to `https://api.openai.com/v1`. Ignored with `azure`. */
	baseURL?: string;
	organization?: string;
	project?: string;
	/** Talk to an Azure OpenAI resource instead of OpenAI. */
	azure?: {
		/** The resource endpoint, e.g. `https://my-resource.openai.azure.com/`. */
		endpoint: string;
		apiVersion: string;
		deployment?: string;
	};
}

/** Gives a fresh bearer token; see {@link OpenAIConfig.apiKey}. */
export type TokenSource = () => Promise<string>;

/** OpenAI's own API, used when the config names no base URL. */
export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

// Ordinary calls answer in seconds; a minute leaves room for a slow network without leaving the
// user staring at a spinner for the SDK's default ten minutes. Uploads pass their own, longer timeout.
const REQUEST_TIMEOUT_MS = 60_000;
// One more than the SDK's default: fine-tuning calls are few and a transient 429/5xx should not
// surface as an error. The SDK backs off exponentially (0.5 s doubling, 8 s cap) or honours Retry-After.
const MAX_RETRIES = 3;

/**
 * Creates the SDK client for `config`: `AzureOpenAI` when `config.azure` is set, `OpenAI` otherwise.
 * Every option is passed explicitly so the SDK does not fall back to `OPENAI_*` environment
 * variables behind the editor's back. SDK warnings reach `logger` with secrets scrubbed.
 */
export function createOpenAIClient(config: OpenAIConfig, logger?: Logger): OpenAI {
	const key = typeof config.apiKey === 'string' ? config.apiKey : undefined;
	// The SDK insists on credentials; without any it gets a placeholder that the null header below keeps unsent.
	const credential = config.apiKey ?? 'no-key';
	const common = {
		...(config.apiKey === undefined ? { defaultHeaders: { Authorization: null } } : {}),
		organization: config.organization ?? null,
		project: config.project ?? null,
		timeout: REQUEST_TIMEOUT_MS,
		maxRetries: MAX_RETRIES,
		logLevel: 'warn',
		logger: sdkLogger(key, logger),
	} as const;
	let client: OpenAI;
	if (config.azure) {
		client = new AzureOpenAI({
			...common,
			// The classic client sends a key as `api-key`, and a token source's tokens as bearer.
			...(typeof credential === 'string' ? { apiKey: credential } : { azureADTokenProvider: credential }),
			// The base URL rather than `endpoint`: with `endpoint` the SDK would still read
			// OPENAI_BASE_URL from the environment and refuse the combination.
			baseURL: `${config.azure.endpoint.replace(/\/+$/, '')}/openai`,
			apiVersion: config.azure.apiVersion,
			...(config.azure.deployment ? { deployment: config.azure.deployment } : {}),
		});
	} else {
		client = new OpenAI({ ...common, apiKey: credential, baseURL: config.baseURL || DEFAULT_BASE_URL });
	}
	return typeof credential === 'string' ? client : markSignedIn(client);
}

/** The SDK's logger interface, forwarded to ours with anything key-like removed. */
function sdkLogger(apiKey: string | undefined, logger: Logger | undefined): ClientOptions['logger'] {
	const forward = (log: ((message: string) => void) | undefined) => (message: string, ...rest: unknown[]) => {
		if (log) {
			const details = rest.map((value) => (typeof value === 'string' ? value : safeStringify(value))).join(' ');
			log(scrubSecrets(`[openai] ${message}${details ? ` ${details}` : ''}`, [apiKey]));
		}
	};
	return {
		error: forward(logger && ((message) => logger.error(message))),
		warn: forward(logger && ((message) => logger.warn(message))),
		info: forward(logger && ((message) => logger.info(message))),
		debug: forward(undefined),
	};
}

function safeStringify(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

/** Where a usable API key was found. */
export interface ResolvedApiKey {
	key: string;
	source: 'secret-storage' | 'environment';
}

/**
 * Picks the API key: the one in VS Code's secret storage first, then `OPENAI_API_KEY`.
 * Blank values count as absent, and surrounding whitespace (a pasted newline) is dropped.
 */
export function resolveApiKey(fromSecretStorage: string | undefined, env: NodeJS.ProcessEnv): ResolvedApiKey | undefined {
	const stored = fromSecretStorage?.trim();
	if (stored) {
		return { key: stored, source: 'secret-storage' };
	}
	const fromEnvironment = env['OPENAI_API_KEY']?.trim();
	if (fromEnvironment) {
		return { key: fromEnvironment, source: 'environment' };
	}
	return undefined;
}
