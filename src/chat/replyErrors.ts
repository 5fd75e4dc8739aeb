import { ApiError, toApiError } from '../openai/errors';
import type { ReplyError } from './conversation';

// Minimal stand-in until the lead's classifier lands: the kind and message of the service's error.
/** What the panel shows under a reply that failed. */
export function replyErrorOf(error: unknown, _connectionKind: 'openai' | 'azure' | 'compatible'): ReplyError {
	const apiError = ApiError.is(error) ? error : toApiError(error);
	return { kind: apiError.kind, message: apiError.message };
}
