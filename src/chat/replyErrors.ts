import type { ConnectionKind } from '../connections/model';
import { toApiError } from '../openai/errors';
import { shutdownOf } from '../openai/windDown';
import type { ReplyError } from './conversation';

/** What is known of the request that failed, to tell a shut-down model from an unknown one. */
export interface FailedRequest {
	readonly model?: string;
	readonly now?: Date;
}

// OpenAI answers a retired model with 404 `model_not_found` and says so in the message ("has been
// deprecated", "has been shut down"); an id that never existed gets the same code without those words.
const RETIRED_MESSAGE = /\b(deprecated|shut\s*down|retired|decommissioned|no longer (available|supported|served))\b/i;

/**
 * The message a failed reply shows under it: each failure the user can act on differently gets its
 * own words (wait for a rate limit, pick another model for a retired or unknown one, deploy on
 * Azure). Texts come from {@link toApiError}, so no key reaches the panel.
 */
export function replyErrorOf(error: unknown, connectionKind: ConnectionKind, request: FailedRequest = {}): ReplyError {
	const apiError = toApiError(error);
	const model = request.model ?? 'the model';
	// Mid-stream, the SDK reports a server's error event without a status: the code is all there is.
	if (apiError.kind === 'rate-limited' || apiError.code === 'rate_limit_exceeded') {
		const wait = apiError.retryAfterMs === undefined ? 'wait a moment' : `wait ${Math.ceil(apiError.retryAfterMs / 1000)} s`;
		return { kind: 'rate-limit', message: `Rate limited: ${wait}, then Retry.` };
	}
	if (apiError.kind === 'quota') {
		return { kind: 'quota', message: apiError.message };
	}
	if (apiError.kind === 'cancelled') {
		return { kind: 'cancelled', message: 'Stopped.' };
	}
	if (apiError.kind === 'network') {
		return { kind: 'network', message: `${apiError.message}. Nothing was lost: Retry when it is reachable.` };
	}
	if (connectionKind === 'azure' && (apiError.code === 'DeploymentNotFound' || (apiError.kind === 'not-found' && /deployment/i.test(apiError.message)))) {
		return { kind: 'deployment-not-found', message: `No deployment named ${model} on this Azure resource: deploy the model first (Deploy Fine-Tuned Model…), or pick the deployment's name.` };
	}
	if (apiError.kind === 'not-found' || apiError.code === 'model_not_found') {
		const shutdown = request.model === undefined ? undefined : shutdownOf(request.model, undefined, connectionKind === 'openai', request.now ?? new Date());
		if (RETIRED_MESSAGE.test(apiError.message) || (shutdown !== undefined && shutdown.daysLeft < 0)) {
			const when = shutdown === undefined ? '' : ` on ${shutdown.date}`;
			return { kind: 'model-shut-down', message: `${model} was shut down${when} and answers no more: pick another model.` };
		}
		return { kind: 'model-not-found', message: `${model} is not a model this connection knows, or the key cannot use it: check the id, or pick one from the list.` };
	}
	return { kind: apiError.kind, message: apiError.message };
}
