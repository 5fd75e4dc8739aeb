// Model deployments of an Azure OpenAI / Foundry resource, through Azure Resource Manager's REST API
// (the `openai` SDK covers the data plane only). Plain `fetch`, no Azure SDK: four calls do not earn one.
import { ApiError, scrubSecrets, type ApiErrorKind } from './errors';

/** The ARM API version of `Microsoft.CognitiveServices/accounts/deployments` used for every call (GA). */
export const ARM_API_VERSION = '2024-10-01';

/** The deployment types Azure offers fine-tuned models, most common first. */
export const DEPLOYMENT_TYPES = ['Standard', 'GlobalStandard', 'Developer', 'ProvisionedManaged', 'GlobalProvisionedManaged'] as const;

/** ARM's rule for deployment names (2 to 64 letters, digits, `-`, `_`, `.`; a letter or digit first). */
export const DEPLOYMENT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$/;

/** The resource in Azure Resource Manager. */
export interface AzureAccount {
	readonly subscriptionId: string;
	readonly resourceGroup: string;
	readonly accountName: string;
}

/** Where ARM is and how to get a token for it. */
export interface DeploymentsTarget {
	/** ARM's endpoint, e.g. `https://management.azure.com`. */
	readonly endpoint: string;
	readonly account: AzureAccount;
	/** A Microsoft Entra token for ARM; asked before each request. */
	readonly token: () => Promise<string>;
}

/** A deployment, as the extension shows it. */
export interface Deployment {
	readonly name: string;
	readonly model: string;
	readonly modelVersion: string;
	/** The deployment type (`Standard`, `GlobalStandard`, …). */
	readonly sku: string;
	readonly capacity: number;
	/** `Creating`, `Succeeded`, `Failed`, `Canceled`, `Deleting`, … as ARM says it. */
	readonly provisioningState: string;
}

/** What to deploy. */
export interface DeploymentRequest {
	readonly name: string;
	readonly model: string;
	readonly sku: string;
	readonly capacity: number;
}

/** Provisioning states after which nothing changes by itself. */
const FINAL_STATES = new Set(['succeeded', 'failed', 'canceled']);

/** True once `state` will not change by waiting. */
export function isFinalState(state: string): boolean {
	return FINAL_STATES.has(state.toLowerCase());
}

/**
 * A deployment name for `model`, short and recognisable: the fine-tune's suffix (or base model) and the
 * first eight characters of its id, plus the step of a checkpoint; ARM's characters only, at most 64.
 */
export function suggestDeploymentName(model: string): string {
	let name = model;
	// Azure: <base>.ft-<hex>[-<suffix>][:ckpt-step-<n>]
	const azure = /^(.+?)\.ft-([0-9a-f]{8})[0-9a-f]*(?:-([^:]+))?(?::ckpt-step-(\d+))?$/i.exec(model);
	// OpenAI: ft:<base>:<organization>:<suffix>:<id>[:ckpt-step-<n>]
	const openai = /^ft:([^:]+):[^:]*:([^:]*):([^:]+)(?::ckpt-step-(\d+))?$/.exec(model);
	const parts = azure ? [azure[3] ?? azure[1], azure[2], azure[4]] : openai ? [openai[2] || openai[1], openai[3], openai[4]] : undefined;
	if (parts) {
		name = [parts[0], parts[1], parts[2] && `step-${parts[2]}`].filter(Boolean).join('-');
	}
	name = name
		.replace(/[^A-Za-z0-9_.-]+/g, '-')
		.replace(/^[^A-Za-z0-9]+/, '')
		.slice(0, 64)
		.replace(/[-_.]+$/, '');
	return DEPLOYMENT_NAME_PATTERN.test(name) ? name : 'fine-tuned-model';
}

/** Waits between provisioning checks: 1 s, doubling, at most 15 s. */
const FIRST_POLL_MS = 1_000;
const MAX_POLL_MS = 15_000;

interface ArmResponse {
	readonly status: number;
	readonly body: unknown;
}

interface RawDeployment {
	name?: string;
	sku?: { name?: string; capacity?: number };
	properties?: { model?: { name?: string; version?: string }; provisioningState?: string };
}

/** ARM's deployment endpoints of one account. */
export class DeploymentsClient {
	constructor(
		private readonly target: DeploymentsTarget,
		private readonly fetchImpl: typeof fetch = fetch,
	) {}

	/** Creates the deployment, or updates it when it exists; resolves once ARM accepted it (usually `Creating`). */
	async createOrUpdate(request: DeploymentRequest): Promise<Deployment> {
		const body = { sku: { name: request.sku, capacity: request.capacity }, properties: { model: { format: 'OpenAI', name: request.model, version: '1' } } };
		return toDeployment((await this.call('PUT', request.name, body)).body as RawDeployment);
	}

	async get(name: string, signal?: AbortSignal): Promise<Deployment> {
		return toDeployment((await this.call('GET', name, undefined, signal)).body as RawDeployment);
	}

	/** Every deployment of the account, following ARM's `nextLink` pages. */
	async list(): Promise<Deployment[]> {
		const deployments: Deployment[] = [];
		let url: string | undefined = this.url();
		while (url) {
			const page = (await this.request('GET', url)).body as { value?: RawDeployment[]; nextLink?: string };
			deployments.push(...(page.value ?? []).map(toDeployment));
			url = page.nextLink;
		}
		return deployments;
	}

	/** Deletes the deployment; false when there was none (ARM's 204). */
	async delete(name: string): Promise<boolean> {
		return (await this.call('DELETE', name)).status !== 204;
	}

	/**
	 * Reads the deployment until its provisioning state is final, telling `onState` each state seen.
	 * Aborting `signal` stops waiting (the deployment goes on) with a `cancelled` ApiError.
	 */
	async waitUntilFinal(name: string, options: { signal?: AbortSignal; onState?: (state: string) => void; delay?: (ms: number, signal?: AbortSignal) => Promise<void> } = {}): Promise<Deployment> {
		const delay = options.delay ?? sleep;
		for (let wait = FIRST_POLL_MS; ; wait = Math.min(wait * 2, MAX_POLL_MS)) {
			const deployment = await this.get(name, options.signal);
			options.onState?.(deployment.provisioningState);
			if (isFinalState(deployment.provisioningState)) {
				return deployment;
			}
			await delay(wait, options.signal);
			if (options.signal?.aborted) {
				throw new ApiError('cancelled', 'Cancelled');
			}
		}
	}

	private url(name?: string): string {
		const { subscriptionId, resourceGroup, accountName } = this.target.account;
		const path = `/subscriptions/${encodeURIComponent(subscriptionId)}/resourceGroups/${encodeURIComponent(resourceGroup)}/providers/Microsoft.CognitiveServices/accounts/${encodeURIComponent(accountName)}/deployments${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
		return `${this.target.endpoint.replace(/\/+$/, '')}${path}?api-version=${ARM_API_VERSION}`;
	}

	private call(method: string, name: string, body?: unknown, signal?: AbortSignal): Promise<ArmResponse> {
		return this.request(method, this.url(name), body, signal);
	}

	/** One request: its status and parsed JSON answer (undefined when empty), or an ApiError. */
	private async request(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<ArmResponse> {
		const token = await this.target.token();
		const scrub = (text: string) => scrubSecrets(text, [token]);
		let response: Response;
		try {
			response = await this.fetchImpl(url, {
				method,
				headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
				body: body === undefined ? undefined : JSON.stringify(body),
				signal,
			});
		} catch {
			if (signal?.aborted) {
				throw new ApiError('cancelled', 'Cancelled');
			}
			throw new ApiError('network', scrub(`Can't reach ${hostOf(url)}: check your network or the finetuneStudio.azure.managementEndpoint setting`), { retryable: true });
		}
		const text = await response.text();
		if (!response.ok) {
			throw armError(response, text, scrub);
		}
		return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
	}
}

/** ARM's `{ error: { code, message } }` as an ApiError whose message says what to do. */
function armError(response: Response, text: string, scrub: (text: string) => string): ApiError {
	let code: string | undefined;
	let message = text || response.statusText;
	try {
		const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
		code = typeof body.error?.code === 'string' ? body.error.code : undefined;
		message = typeof body.error?.message === 'string' ? body.error.message : message;
	} catch {
		// Not ARM's JSON (a proxy's page): its text is the message.
	}
	const status = response.status;
	const details = { status, code: code && scrub(code), requestId: response.headers.get('x-ms-request-id') ?? undefined, retryable: status === 429 || status >= 500 };
	const reason = scrub(`${message}${code ? ` (${code})` : ''}`);
	const [kind, explained] = explain(status, reason, code);
	return new ApiError(kind, explained, details);
}

function explain(status: number, reason: string, code: string | undefined): [ApiErrorKind, string] {
	// Not 'auth': to the editor that means the API key (it offers Set API Key), and ARM takes no key.
	if (status === 401) {
		return ['permission', `Azure Resource Manager did not accept the Microsoft sign-in: ${reason}`];
	}
	if (status === 403) {
		return ['permission', `Azure Resource Manager refused access: ${reason}. Deploying needs a role such as Cognitive Services Contributor on the resource`];
	}
	if (status === 404) {
		// Any other 404 means the path's subscription, group or account is wrong, or not visible to the account.
		return code === 'DeploymentNotFound' ? ['not-found', `No such deployment: ${reason}`] : ['not-found', `Not found in Azure Resource Manager: ${reason}. Check the connection's subscriptionId, resourceGroup and accountName`];
	}
	if (status === 429) {
		return ['rate-limited', `Azure Resource Manager is rate limiting: ${reason}`];
	}
	if (status >= 500) {
		return ['server', `Azure Resource Manager had a server error (${status}): ${reason}`];
	}
	return ['invalid-request', `Azure refused the deployment: ${reason}`];
}

function toDeployment(raw: RawDeployment): Deployment {
	return {
		name: raw.name ?? '',
		model: raw.properties?.model?.name ?? '',
		modelVersion: raw.properties?.model?.version ?? '',
		sku: raw.sku?.name ?? '',
		capacity: raw.sku?.capacity ?? 0,
		provisioningState: raw.properties?.provisioningState ?? 'Unknown',
	};
}

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(done, ms);
		signal?.addEventListener('abort', done, { once: true });
		function done(): void {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		}
	});
}

/** What "Deploy Fine-Tuned Model…" was handed: a job (its fine-tuned model), a checkpoint, or a model name. */
export type DeploySource = { readonly kind: 'job' | 'checkpoint' | 'model'; readonly id: string };

/** Tells a job id (`ftjob-…`) and a checkpoint id (Azure's `ftchkpt-…`, OpenAI's `ftckpt_…`) from a model name. */
export function classifyDeploySource(text: string): DeploySource {
	const id = text.trim();
	if (id.startsWith('ftjob-')) {
		return { kind: 'job', id };
	}
	if (/^(ftchkpt-|ftckpt_)/.test(id)) {
		return { kind: 'checkpoint', id };
	}
	return { kind: 'model', id };
}
