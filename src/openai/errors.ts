import {
	APIConnectionError,
	APIConnectionTimeoutError,
	APIError,
	APIUserAbortError,
	AuthenticationError,
	BadRequestError,
	InternalServerError,
	NotFoundError,
	PermissionDeniedError,
	RateLimitError,
} from 'openai';
import type { OpenAI } from 'openai';

/** What went wrong, coarsely enough for the editor layer to decide what to offer the user. */
export type ApiErrorKind =
	| 'auth'
	| 'permission'
	/** OpenAI no longer lets the organisation create fine-tuning jobs (the wind-down). */
	| 'fine-tuning-closed'
	| 'not-found'
	| 'quota'
	| 'rate-limited'
	| 'invalid-request'
	| 'server'
	| 'network'
	| 'cancelled'
	| 'unknown';

/** What the mapping needs to know about the client that made the failing request. */
export interface ErrorContext {
	/** The configured key, scrubbed from every text the mapping produces. */
	readonly apiKey?: string | null;
	/** The base URL, whose host names the server in network errors. */
	readonly baseURL?: string;
	/** The client sends tokens of a sign-in (Microsoft Entra), not a key: a 401 is about the sign-in. */
	readonly signedIn?: boolean;
}

/** The optional details of an {@link ApiError}. */
export interface ApiErrorDetails {
	readonly retryable?: boolean;
	/** The `x-request-id` OpenAI returned, to quote when contacting support. */
	readonly requestId?: string;
	readonly status?: number;
	/** OpenAI's machine-readable error code, e.g. `insufficient_quota` or `invalid_file`. */
	readonly code?: string;
	/** How long the server asked us to wait before retrying, from `retry-after-ms` or `retry-after`. */
	readonly retryAfterMs?: number;
	/** The request parameter the server refused, e.g. `stream` for a model that cannot stream. */
	readonly param?: string;
}

/**
 * The one error type the services throw. Its message is written for the user and never contains
 * the API key; the SDK error it came from is deliberately not kept as `cause`, because the SDK's
 * messages and headers are not scrubbed.
 */
export class ApiError extends Error {
	override readonly name = 'ApiError';
	readonly retryable: boolean;
	readonly requestId: string | undefined;
	readonly status: number | undefined;
	readonly code: string | undefined;
	readonly retryAfterMs: number | undefined;
	readonly param: string | undefined;

	constructor(
		readonly kind: ApiErrorKind,
		message: string,
		details: ApiErrorDetails = {},
	) {
		super(message);
		this.retryable = details.retryable ?? false;
		this.requestId = details.requestId;
		this.status = details.status;
		this.code = details.code;
		this.retryAfterMs = details.retryAfterMs;
		this.param = details.param;
	}

	/** True for an {@link ApiError}, optionally only of the given kind. */
	static is(value: unknown, kind?: ApiErrorKind): value is ApiError {
		return value instanceof ApiError && (kind === undefined || value.kind === kind);
	}
}

const REDACTED = '[redacted]';

// OpenAI keys are `sk-…`, `sk-proj-…`, `sk-svcacct-…`, `sk-admin-…`; the server echoes them half
// masked (`sk-abc***xyz`), so asterisks count as key characters too.
const KEY_LIKE = /(?<![A-Za-z0-9])sk-[A-Za-z0-9_*-]{3,}/g;
const BEARER = /\bBearer\s+[^\s"',;]+/gi;
// Microsoft Entra access tokens are JWTs: base64url header (always `eyJ`, for `{"`), payload, signature.
// A client fed by a token source does not know its token when the error context is made.
const JWT_LIKE = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

/** Removes the given secrets and anything that looks like an OpenAI key, a JWT or a bearer token from `text`. */
export function scrubSecrets(text: string, secrets: readonly (string | null | undefined)[] = []): string {
	let scrubbed = text;
	for (const secret of secrets) {
		// Very short "keys" (tests, typos) would blank out ordinary words.
		if (secret && secret.length >= 8) {
			scrubbed = scrubbed.split(secret).join(REDACTED);
		}
	}
	return scrubbed.replace(KEY_LIKE, REDACTED).replace(JWT_LIKE, REDACTED).replace(BEARER, `Bearer ${REDACTED}`);
}

// Codes OpenAI uses when it refuses a training or validation file.
const FILE_REJECTION_CODES = new Set(['invalid_file', 'invalid_training_file', 'invalid_validation_file', 'invalid_file_format', 'file_too_large', 'unsupported_file']);
const FILE_PARAMS = new Set(['file', 'training_file', 'validation_file']);

// How OpenAI words its refusal to an organisation that may no longer fine-tune is not published; reports
// describe a "permission denied" on job creation. So it is recognised conservatively: a 403 (or 400) whose
// code is one of these, or whose message says fine-tuning is no longer (or not) available to the caller.
const FINE_TUNING_CLOSED_CODES = new Set(['fine_tuning_not_available', 'fine_tuning_unavailable', 'fine_tuning_disabled', 'fine_tuning_not_allowed']);
const FINE_TUNING_CLOSED_MESSAGE = /fine[- ]?tun\w*\b.*\b(no longer|not (available|allowed|permitted|enabled)|unavailable|disabled)/i;

/** Whether a 403 or 400 is OpenAI refusing fine-tuning to the organisation, rather than any other refusal. */
export function isFineTuningClosed(status: number | undefined, code: string | null | undefined, message: string): boolean {
	if (status !== 403 && status !== 400) {
		return false;
	}
	return (code !== null && code !== undefined && FINE_TUNING_CLOSED_CODES.has(code)) || FINE_TUNING_CLOSED_MESSAGE.test(message);
}

/** The message the user sees for an auth failure; exported so the editor can match its command title. */
export const API_KEY_REJECTED_MESSAGE = "The API key was rejected: set a valid key with 'Fine-Tune Studio: Set API Key'";

/**
 * Maps anything a service call threw to an {@link ApiError}. SDK errors are classified by their
 * class and error code; an `ApiError` passes through unchanged.
 */
export function toApiError(error: unknown, context: ErrorContext = {}): ApiError {
	if (ApiError.is(error)) {
		return error;
	}
	const scrub = (text: string): string => scrubSecrets(text, [context.apiKey]);

	// APIUserAbortError and the connection errors are APIError subclasses without a status: test them first.
	if (error instanceof APIUserAbortError || isAbortError(error)) {
		return new ApiError('cancelled', 'Cancelled');
	}
	if (error instanceof APIConnectionTimeoutError) {
		return new ApiError('network', scrub(`Timed out waiting for ${hostOf(context.baseURL)}: check your network or the base URL setting`), { retryable: true });
	}
	if (error instanceof APIConnectionError) {
		return new ApiError('network', scrub(`Can't reach ${hostOf(context.baseURL)}: check your network or the base URL setting`), { retryable: true });
	}
	if (error instanceof APIError) {
		return fromStatusError(error, scrub, context.signedIn === true);
	}
	// Undici ends a response body cut off mid-stream with a bare TypeError, which the SDK passes on.
	if (error instanceof TypeError && /^(terminated|fetch failed)$/.test(error.message)) {
		return new ApiError('network', scrub(`The connection to ${hostOf(context.baseURL)} closed before the response ended`), { retryable: true });
	}
	const text = error instanceof Error ? error.message : String(error);
	return new ApiError('unknown', scrub(`Unexpected error: ${text}`));
}

function fromStatusError(error: APIError, scrub: (text: string) => string, signedIn: boolean): ApiError {
	const details = {
		// Headers and body fields come from the server as much as its message does.
		requestId: error.requestID === null || error.requestID === undefined ? undefined : scrub(error.requestID),
		status: error.status,
		code: error.code === null || error.code === undefined ? undefined : scrub(error.code),
		retryAfterMs: retryAfterMs(error.headers),
		param: typeof error.param === 'string' ? scrub(error.param) : undefined,
	};
	const serverMessage = scrub(serverMessageOf(error));

	if (error instanceof AuthenticationError) {
		// Not 'auth' for a sign-in: the editor answers that with Set API Key, and no key would be used.
		return signedIn
			? new ApiError('permission', `The Microsoft sign-in was not accepted: ${serverMessage}. Your account needs a role such as Cognitive Services OpenAI User on the resource`, details)
			: new ApiError('auth', API_KEY_REJECTED_MESSAGE, details);
	}
	if (isFineTuningClosed(error.status, error.code, serverMessage)) {
		return new ApiError('fine-tuning-closed', `OpenAI no longer lets this organization create fine-tuning jobs: ${serverMessage}`, details);
	}
	if (error instanceof PermissionDeniedError) {
		return new ApiError('permission', `OpenAI refused access: ${serverMessage}. Check the key's project and permissions`, details);
	}
	if (error instanceof NotFoundError) {
		return new ApiError('not-found', `Not found: ${serverMessage}`, details);
	}
	if (error instanceof RateLimitError) {
		// OpenAI answers both with 429; only the code tells an empty wallet from a busy minute.
		if (error.code === 'insufficient_quota' || error.type === 'insufficient_quota') {
			return new ApiError('quota', 'Your OpenAI quota is exhausted: check billing', details);
		}
		return new ApiError('rate-limited', 'Rate limited by OpenAI: wait a moment and try again', { ...details, retryable: true });
	}
	if (error instanceof BadRequestError) {
		if (isFileRejection(error)) {
			return new ApiError('invalid-request', `The file was rejected: ${serverMessage}`, details);
		}
		return new ApiError('invalid-request', `OpenAI rejected the request: ${serverMessage}`, details);
	}
	if (error instanceof InternalServerError) {
		return new ApiError('server', `OpenAI had a server error (${error.status}): try again later`, { ...details, retryable: true });
	}
	// 409 and 422 land here: requests the server understood but would not do in the current state.
	if (error.status === 409 || error.status === 422) {
		return new ApiError('invalid-request', `OpenAI rejected the request: ${serverMessage}`, details);
	}
	return new ApiError('unknown', `OpenAI returned an unexpected error${error.status ? ` (${error.status})` : ''}: ${serverMessage}`, details);
}

function isFileRejection(error: APIError): boolean {
	return (error.code !== null && error.code !== undefined && FILE_REJECTION_CODES.has(error.code)) || (typeof error.param === 'string' && FILE_PARAMS.has(error.param));
}

/** The server's own message, without the status prefix the SDK adds. */
function serverMessageOf(error: APIError): string {
	const body = error.error as { message?: unknown } | undefined;
	if (body && typeof body.message === 'string' && body.message.length > 0) {
		return body.message;
	}
	return error.message;
}

function retryAfterMs(headers: Headers | undefined): number | undefined {
	const milliseconds = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
	if (Number.isFinite(milliseconds)) {
		return milliseconds;
	}
	const seconds = Number.parseFloat(headers?.get('retry-after') ?? '');
	return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

function isAbortError(error: unknown): boolean {
	return error instanceof Error && error.name === 'AbortError';
}

function hostOf(baseURL: string | undefined): string {
	if (!baseURL) {
		return 'the OpenAI API';
	}
	try {
		return new URL(baseURL).host;
	} catch {
		return baseURL;
	}
}

/** Runs one SDK call and rethrows whatever it throws as an {@link ApiError}. */
export async function callApi<T>(context: ErrorContext, request: () => Promise<T>): Promise<T> {
	try {
		return await request();
	} catch (error) {
		throw toApiError(error, context);
	}
}

// Set by createOpenAIClient on a client fed by a token source (the SDK keeps no public trace of it).
const SIGNED_IN = Symbol('signed in');

/** Marks `client` as authenticated by a sign-in's tokens rather than a key; returns it. */
export function markSignedIn<T extends OpenAI>(client: T): T {
	Object.defineProperty(client, SIGNED_IN, { value: true });
	return client;
}

/** The error context of a client: its key to scrub, its base URL to name in network errors, and whether it signs in. */
export function errorContextOf(client: OpenAI): ErrorContext {
	return { apiKey: client.apiKey, baseURL: client.baseURL, signedIn: (client as unknown as Record<symbol, unknown>)[SIGNED_IN] === true };
}
