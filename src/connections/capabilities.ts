import type { OpenAI } from 'openai';
import { ApiError, callApi, errorContextOf } from '../openai/errors';

/** What a connection's server can do, as found by asking it. */
export interface Capabilities {
	/** It answers `GET /fine_tuning/jobs`: uploads, jobs, files and fine-tuned models are there. */
	readonly fineTuning: boolean;
	/** It answers `GET /models`. */
	readonly listsModels: boolean;
}

/** Thrown when a command needs fine-tuning and the connection serves chat only. */
export class ChatOnlyConnectionError extends Error {
	constructor(readonly connectionName: string) {
		super(`${connectionName} serves chat only: it has no fine-tuning endpoint`);
		this.name = 'ChatOnlyConnectionError';
	}

	static is(error: unknown): error is ChatOnlyConnectionError {
		return error instanceof ChatOnlyConnectionError;
	}
}

/**
 * Asks the server with two cheap reads. Only "no such route" (404 or 405, what local inference servers
 * answer) counts as "cannot"; any other failure (a wrong key, the network) is thrown, so that it is not
 * remembered as an answer.
 */
export async function probeCapabilities(client: OpenAI): Promise<Capabilities> {
	const context = errorContextOf(client);
	const [fineTuning, listsModels] = await Promise.all([
		answers(() => callApi(context, () => client.fineTuning.jobs.list({ limit: 1 }))),
		answers(() => callApi(context, () => client.models.list())),
	]);
	return { fineTuning, listsModels };
}

async function answers(request: () => Promise<unknown>): Promise<boolean> {
	try {
		await request();
		return true;
	} catch (error) {
		if (ApiError.is(error) && (error.status === 404 || error.status === 405)) {
			return false;
		}
		throw error;
	}
}
