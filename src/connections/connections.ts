import type { OpenAI } from 'openai';
import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../contributes';
import { Disposable } from '../dispose';
import { getSetting, onDidChangeSettings, updateUserSetting } from '../editor/config';
import { DEFAULT_LINT_TARGET, type LintTarget } from '../dataset/lineLint';
import type { Logger } from '../logger';
import { ChatService } from '../openai/chat';
import { createOpenAIClient, type TokenSource } from '../openai/client';
import type { DeploymentsTarget } from '../openai/deployments';
import { ApiError } from '../openai/errors';
import { FilesService } from '../openai/files';
import { JobsService } from '../openai/jobs';
import { ModelsService } from '../openai/models';
import { ChatOnlyConnectionError, probeCapabilities, type Capabilities } from './capabilities';
import { managementEndpoint, type EntraTokens } from './entra';
import { deploymentsTarget } from './management';
import type { ConnectionKeyStore } from './keyStore';
import { chooseDefault, IMPLICIT_CONNECTION, migrateLegacySettings, parseConnections, toOpenAIConfig, type Connection } from './model';

/** The API services of one connection. */
export interface ConnectionServices {
	readonly connection: Connection;
	/** The SDK client behind the services, for calls they do not cover (the capability probe). */
	readonly client: OpenAI;
	readonly files: FilesService;
	readonly jobs: JobsService;
	readonly models: ModelsService;
	readonly chat: ChatService;
}

/** What a command needs of a connection: the API, or fine-tuning in particular (uploads, jobs, files, models). */
export type Purpose = 'api' | 'fine-tuning';

/** Thrown when an `openai` or `azure` connection has no key in secret storage (nor, for `openai`, in `OPENAI_API_KEY`). */
export class MissingApiKeyError extends Error {
	constructor(readonly connectionName: string) {
		super(`No API key is set for ${connectionName}`);
		this.name = 'MissingApiKeyError';
	}

	static is(error: unknown): error is MissingApiKeyError {
		return error instanceof MissingApiKeyError;
	}
}

// Remembers that the settings of earlier versions were looked at, so that the migration runs once
// even when the user later removes the connection it made.
const MIGRATION_DONE = 'finetuneStudio.connectionsMigrated';

/**
 * The configured connections, their services and capabilities. Services and capabilities are built on
 * first use and kept until the settings or that connection's key change. The only reader of the
 * connection settings.
 */
export class Connections extends Disposable {
	private readonly services = new Map<string, Promise<ConnectionServices>>();
	private readonly capabilities = new Map<string, Promise<Capabilities>>();
	private reportedProblems = '';
	private readonly changed = this._register(new vscode.EventEmitter<void>());
	/** The connection list, the default or a key changed: what lists things per connection loads again. */
	readonly onDidChange = this.changed.event;
	/** Settles once the settings of earlier versions are migrated (or there was nothing to migrate). */
	readonly migrated: Promise<void>;

	constructor(
		readonly keys: ConnectionKeyStore,
		readonly entra: EntraTokens,
		private readonly state: vscode.Memento,
		private readonly log: Logger,
	) {
		super();
		this._register(
			onDidChangeSettings((event) => {
				// Only the connection list changes where a connection points; the default only picks among them.
				if (event.affectsConfiguration(`${CONFIG_SECTION}.connections`)) {
					this.services.clear();
					this.capabilities.clear();
				}
				if (event.affectsConfiguration(`${CONFIG_SECTION}.connections`) || event.affectsConfiguration(`${CONFIG_SECTION}.defaultConnection`)) {
					this.changed.fire();
				}
			}),
		);
		this._register(
			keys.onDidChange((name) => {
				this.services.delete(name);
				this.capabilities.delete(name);
				this.changed.fire();
			}),
		);
		this.migrated = this.migrate().catch((error: unknown) => log.error(`could not migrate the connection settings: ${error instanceof Error ? error.message : String(error)}`));
	}

	/** The usable connections: the configured ones, or the implicit OpenAI one when none is. Problems are reported once. */
	all(): readonly Connection[] {
		const { connections, problems } = parseConnections(getSetting('connections'));
		this.report(problems);
		return connections.length ? connections : [IMPLICIT_CONNECTION];
	}

	/** The valid configured connections, without the implicit one. */
	configured(): readonly Connection[] {
		return parseConnections(getSetting('connections')).connections;
	}

	/** Whether any connection is configured (rather than the implicit one). */
	isConfigured(): boolean {
		return this.configured().length > 0;
	}

	/**
	 * Whether the user has yet to connect: no connection is configured and the implicit OpenAI one has
	 * no key (neither stored nor in `OPENAI_API_KEY`). The sidebar's views then welcome rather than list.
	 */
	async awaitsFirstConnection(): Promise<boolean> {
		await this.migrated;
		return !this.isConfigured() && !(await this.keys.resolve(IMPLICIT_CONNECTION));
	}

	/** The kind of service the editor lints datasets for: the default connection's, OpenAI's while the default is unsettled. */
	lintTarget(): LintTarget {
		const chosen = chooseDefault(this.configured(), this.defaultName());
		return chosen === 'ask' ? DEFAULT_LINT_TARGET : chosen.kind;
	}

	defaultName(): string {
		return getSetting('defaultConnection');
	}

	/** The connection to use: the default, the only one, or the one the user picks (undefined if they cancel). */
	async choose(): Promise<Connection | undefined> {
		await this.migrated;
		const configured = parseConnections(getSetting('connections'));
		this.report(configured.problems);
		const chosen = chooseDefault(configured.connections, this.defaultName());
		return chosen === 'ask' ? this.pick(vscode.l10n.t('Which connection? (Switch Default Connection… saves the choice)')) : chosen;
	}

	/** Lets the user pick one of `connections`; undefined when they cancel. */
	async pick(placeHolder: string, connections: readonly Connection[] = this.all()): Promise<Connection | undefined> {
		const defaultName = this.defaultName().toLowerCase();
		const picked = await vscode.window.showQuickPick(
			connections.map((connection) => ({
				label: connection.name,
				description: connection.name.toLowerCase() === defaultName ? vscode.l10n.t('{0} · default', connection.kind) : connection.kind,
				detail: connection.baseUrl || 'https://api.openai.com/v1',
				connection,
			})),
			{ placeHolder, ignoreFocusOut: true },
		);
		return picked?.connection;
	}

	/**
	 * The services of the default (or picked) connection; for `fine-tuning`, only when the connection has
	 * fine-tuning, else {@link ChatOnlyConnectionError}. A cancelled pick rejects with a `cancelled` ApiError.
	 */
	async use(purpose: Purpose = 'api'): Promise<ConnectionServices> {
		const connection = await this.choose();
		if (!connection) {
			throw new ApiError('cancelled', 'No connection was picked');
		}
		return this.servicesOf(connection, purpose);
	}

	/** The services of `connection`, built once; see {@link use} for `purpose`. */
	async servicesOf(connection: Connection, purpose: Purpose = 'api'): Promise<ConnectionServices> {
		const built = await cachedUntilRejected(this.services, connection.name, () => this.build(connection));
		if (purpose === 'fine-tuning' && !(await this.capabilitiesOf(built)).fineTuning) {
			throw new ChatOnlyConnectionError(connection.name);
		}
		return built;
	}

	/** Services for a key that is not stored yet (to check it before storing it), for Entra tokens, or with no key (requests carry none). */
	servicesWithKey(connection: Connection, apiKey: string | TokenSource | undefined): ConnectionServices {
		const client = createOpenAIClient(toOpenAIConfig(connection, apiKey), this.log);
		return { connection, client, files: new FilesService(client, { logger: this.log }), jobs: new JobsService(client, this.log), models: new ModelsService(client, this.log), chat: new ChatService(client) };
	}

	/**
	 * Where `connection`'s deployments are managed: Azure Resource Manager at the management endpoint
	 * setting, signed in with Microsoft; {@link NotDeployableError} when it is not Azure or lacks its resource.
	 */
	deploymentsTarget(connection: Connection): DeploymentsTarget {
		return deploymentsTarget(connection, managementEndpoint(), () => this.entra.token('management'));
	}

	/** What the connection's server can do, asked once per session (until the settings or its key change). */
	capabilitiesOf(services: ConnectionServices): Promise<Capabilities> {
		const { name } = services.connection;
		return cachedUntilRejected(this.capabilities, name, () =>
			probeCapabilities(services.client).then((found) => {
				this.log.info(`${name}: fine-tuning ${found.fineTuning ? 'yes' : 'no'}, lists models ${found.listsModels ? 'yes' : 'no'}`);
				return found;
			}),
		);
	}

	/** Writes the connection list to the user settings (application scope: a workspace cannot redirect a key). */
	async save(connections: readonly Connection[], defaultName?: string): Promise<void> {
		await updateUserSetting('connections', connections);
		if (defaultName !== undefined) {
			await updateUserSetting('defaultConnection', defaultName || undefined);
		}
	}

	private async build(connection: Connection): Promise<ConnectionServices> {
		if (connection.auth === 'entra') {
			const token = () => this.entra.token('data-plane');
			// Signed in now, so that a declined sign-in is said as such rather than inside an SDK error.
			await token();
			return this.servicesWithKey(connection, token);
		}
		const resolved = await this.keys.resolve(connection);
		// Local servers (Ollama, LM Studio) take no key; one that wants a key says so with a 401.
		if (!resolved && connection.kind !== 'compatible') {
			throw new MissingApiKeyError(connection.name);
		}
		return this.servicesWithKey(connection, resolved?.key);
	}

	/** The settings and key of earlier versions become the connection "OpenAI", once, without asking. */
	private async migrate(): Promise<void> {
		if (this.state.get<boolean>(MIGRATION_DONE)) {
			return;
		}
		if (!this.isConfigured()) {
			const legacy = { baseUrl: getSetting('baseUrl'), organization: getSetting('organization'), project: getSetting('project'), azureApiVersion: getSetting('azure.apiVersion') };
			const connection = migrateLegacySettings(legacy, await this.keys.hasLegacyKey());
			if (connection) {
				// The key first: settings that name a connection whose key is still elsewhere would fail.
				await this.keys.migrateLegacyKey(connection.name);
				await this.save([connection], connection.name);
				this.log.info(`migrated the connection settings of earlier versions to the connection "${connection.name}" (${connection.kind})`);
			}
		}
		await this.state.update(MIGRATION_DONE, true);
	}

	private report(problems: readonly string[]): void {
		const text = problems.join(' ');
		if (text && text !== this.reportedProblems) {
			this.log.warn(`finetuneStudio.connections: ${text}`);
			void vscode.window.showWarningMessage(vscode.l10n.t('Some connections in the "finetuneStudio.connections" setting are left out: {0}', text));
		}
		this.reportedProblems = text;
	}
}

/**
 * `cache`'s promise for `key`, created by `create` on first use. A rejected one is dropped (unless a
 * newer one took its place), so that a wrong key or a network error is asked again, not remembered.
 */
function cachedUntilRejected<T>(cache: Map<string, Promise<T>>, key: string, create: () => Promise<T>): Promise<T> {
	let promise = cache.get(key);
	if (!promise) {
		const created = create();
		promise = created;
		cache.set(key, created);
		created.catch(() => cache.get(key) === created && cache.delete(key));
	}
	return promise;
}
