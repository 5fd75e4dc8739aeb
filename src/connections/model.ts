// The connections model: what `finetuneStudio.connections` may hold, how an entry becomes an SDK
// client configuration, and how the single-connection settings of earlier versions become one.
// Free of `vscode`, so that unit tests hold it directly.
import type { OpenAIConfig } from '../openai/client';

export const CONNECTION_KINDS = ['openai', 'azure', 'compatible'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

/** How a connection proves who it is: an API key in secret storage, or Microsoft Entra sign-in (Azure only). */
export const AUTH_METHODS = ['key', 'entra'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** One entry of `finetuneStudio.connections`, trimmed and checked; optional fields are absent when empty. */
export interface Connection {
	readonly name: string;
	readonly kind: ConnectionKind;
	/** Empty only for `openai` (OpenAI itself); the resource endpoint or its `/openai/v1/` URL for `azure`. */
	readonly baseUrl: string;
	readonly organization?: string;
	readonly project?: string;
	/** Azure's classic `api-version` style; without it an Azure connection uses the `/openai/v1/` endpoint. */
	readonly apiVersion?: string;
	/** Azure only: `entra` signs in with Microsoft Entra through VS Code and stores nothing; absent means an API key. */
	readonly auth?: 'entra';
	/** Azure deployments: the resource in Azure Resource Manager. */
	readonly subscriptionId?: string;
	readonly resourceGroup?: string;
	readonly accountName?: string;
}

/** The connection used when none is configured: OpenAI itself, with the key from the key store or `OPENAI_API_KEY`. */
export const IMPLICIT_CONNECTION: Connection = { name: 'OpenAI', kind: 'openai', baseUrl: '' };

/** The valid entries, and one sentence for each entry left out. */
export interface ParsedConnections {
	readonly connections: readonly Connection[];
	readonly problems: readonly string[];
}

const OPTIONAL_FIELDS = ['organization', 'project', 'apiVersion', 'subscriptionId', 'resourceGroup', 'accountName'] as const;

/** Reads the raw setting value; an entry with a problem is left out (never half-used) and the problem said. */
export function parseConnections(raw: unknown): ParsedConnections {
	if (raw === undefined || raw === null) {
		return { connections: [], problems: [] };
	}
	if (!Array.isArray(raw)) {
		return { connections: [], problems: ['"finetuneStudio.connections" must be a list of connections.'] };
	}
	const connections: Connection[] = [];
	const problems: string[] = [];
	const seen = new Set<string>();
	raw.forEach((entry: unknown, index) => {
		const parsed = parseEntry(entry, index);
		if (typeof parsed === 'string') {
			problems.push(parsed);
		} else if (seen.has(parsed.name.toLowerCase())) {
			problems.push(`Connection ${index + 1} is named "${parsed.name}" like an earlier one; names must be unique (ignoring case).`);
		} else {
			seen.add(parsed.name.toLowerCase());
			connections.push(parsed);
		}
	});
	return { connections, problems };
}

function parseEntry(entry: unknown, index: number): Connection | string {
	if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
		return `Connection ${index + 1} is not an object with a name, a kind and a baseUrl.`;
	}
	const record = entry as Record<string, unknown>;
	const text = (key: string): string => (typeof record[key] === 'string' ? (record[key] as string).trim() : '');
	const name = text('name');
	if (!name) {
		return `Connection ${index + 1} has no name.`;
	}
	const kind = text('kind');
	if (!(CONNECTION_KINDS as readonly string[]).includes(kind)) {
		return `Connection "${name}": kind must be ${CONNECTION_KINDS.join(', ')}, not "${kind}".`;
	}
	const baseUrl = text('baseUrl');
	const urlProblem = checkBaseUrl(baseUrl, kind as ConnectionKind);
	if (urlProblem) {
		return `Connection "${name}": ${urlProblem}`;
	}
	const auth = text('auth') || 'key';
	if (!(AUTH_METHODS as readonly string[]).includes(auth)) {
		return `Connection "${name}": auth must be ${AUTH_METHODS.join(' or ')}, not "${auth}".`;
	}
	if (auth === 'entra' && kind !== 'azure') {
		return `Connection "${name}": Microsoft Entra sign-in (auth "entra") is for Azure connections only.`;
	}
	const optional: Partial<Record<(typeof OPTIONAL_FIELDS)[number], string>> = {};
	for (const field of OPTIONAL_FIELDS) {
		if (text(field)) {
			optional[field] = text(field);
		}
	}
	return { name, kind: kind as ConnectionKind, baseUrl, ...(auth === 'entra' ? { auth } : {}), ...optional };
}

/** Why `baseUrl` cannot serve a connection of `kind`, or undefined when it can. */
export function checkBaseUrl(baseUrl: string, kind: ConnectionKind): string | undefined {
	if (!baseUrl) {
		return kind === 'openai' ? undefined : `a${kind === 'azure' ? 'n Azure' : ' compatible'} connection needs a baseUrl.`;
	}
	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		return `baseUrl "${baseUrl}" is not a URL.`;
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return `baseUrl "${baseUrl}" must start with https:// (or http:// for a local server).`;
	}
	if (url.username || url.password) {
		return 'baseUrl must not carry a user name or password; the key goes in the key store.';
	}
	return undefined;
}

/** Whether `connection` points at a server on this machine (a loopback address), such as the emulator `npm start` runs. */
export function isOnThisMachine(connection: Connection): boolean {
	try {
		const host = new URL(connection.baseUrl).hostname;
		return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
	} catch {
		return false;
	}
}

const RESOURCE_ID = /^\/?subscriptions\/([^/\s]+)\/resourceGroups\/([^/\s]+)\/providers\/Microsoft\.CognitiveServices\/accounts\/([^/\s]+)\/?$/i;

/** The ARM fields of an Azure OpenAI / Foundry resource ID as the portal shows it, or undefined for anything else. */
export function parseResourceId(id: string): { subscriptionId: string; resourceGroup: string; accountName: string } | undefined {
	const match = RESOURCE_ID.exec(id.trim());
	return match ? { subscriptionId: match[1] as string, resourceGroup: match[2] as string, accountName: match[3] as string } : undefined;
}

/** The SDK client configuration for `connection` with `apiKey`: its key, a source of Entra tokens, or none (requests carry no credentials). */
export function toOpenAIConfig(connection: Connection, apiKey: OpenAIConfig['apiKey']): OpenAIConfig {
	const { organization, project } = connection;
	if (connection.kind === 'azure') {
		if (connection.apiVersion) {
			return { apiKey, organization, project, azure: { endpoint: connection.baseUrl, apiVersion: connection.apiVersion } };
		}
		return { apiKey, organization, project, baseURL: azureV1Url(connection.baseUrl) };
	}
	return { apiKey, organization, project, ...(connection.baseUrl ? { baseURL: connection.baseUrl } : {}) };
}

/** Azure's version-less endpoint: the resource endpoint with `/openai/v1` appended, unless the URL names it already. */
function azureV1Url(baseUrl: string): string {
	const trimmed = baseUrl.replace(/\/+$/, '');
	return /\/openai\/v1$/.test(trimmed) ? trimmed : `${trimmed}/openai/v1`;
}

/** The single-connection settings of earlier versions; empty strings mean "not set". */
export interface LegacySettings {
	readonly baseUrl: string;
	readonly organization: string;
	readonly project: string;
	readonly azureApiVersion: string;
}

/** The name the migrated connection gets. */
export const MIGRATED_CONNECTION_NAME = 'OpenAI';

/**
 * The connection the legacy settings described, or undefined when they hold nothing to migrate
 * (no setting and no stored key: the implicit connection already covers that). An Azure API version
 * made it an Azure connection; a base URL alone stays `openai`, as the old settings treated it.
 */
export function migrateLegacySettings(legacy: LegacySettings, hasStoredKey: boolean): Connection | undefined {
	const baseUrl = legacy.baseUrl.trim();
	const organization = legacy.organization.trim();
	const project = legacy.project.trim();
	const apiVersion = legacy.azureApiVersion.trim();
	if (!baseUrl && !organization && !project && !apiVersion && !hasStoredKey) {
		return undefined;
	}
	return {
		name: MIGRATED_CONNECTION_NAME,
		kind: apiVersion ? 'azure' : 'openai',
		baseUrl,
		...(organization ? { organization } : {}),
		...(project ? { project } : {}),
		...(apiVersion ? { apiVersion } : {}),
	};
}

/**
 * The connection to use when the caller names none: the default one, the only one, the implicit one when
 * none is configured, or `ask` when there are several and no (valid) default.
 */
export function chooseDefault(connections: readonly Connection[], defaultName: string): Connection | 'ask' {
	if (connections.length === 0) {
		return IMPLICIT_CONNECTION;
	}
	const wanted = defaultName.trim().toLowerCase();
	const named = wanted ? connections.find((connection) => connection.name.toLowerCase() === wanted) : undefined;
	if (named) {
		return named;
	}
	return connections.length === 1 ? (connections[0] as Connection) : 'ask';
}
