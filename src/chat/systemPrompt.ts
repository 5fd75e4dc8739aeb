import { createReadStream } from 'node:fs';
import * as path from 'node:path';
import type { FineTuningJob } from 'openai/resources/fine-tuning/jobs/jobs';
import * as vscode from 'vscode';
import type { ConnectionServices, Connections } from '../connections';
import type { ChatModelRef } from './conversation';
import { linesOf, mostCommonSystemMessage } from './systemMessages';

// Per Connections (one per window), per connection and training file: an uploaded file never changes.
const promptsByConnections = new WeakMap<Connections, Map<string, Promise<string | undefined>>>();

/**
 * The system prompt a new chat with `model` starts with: when the model came from a job, the most
 * common system message of the job's training file, read from the local dataset when it is in the
 * workspace, else through the files API. Undefined when the model has no job, the file has no system
 * message, or it cannot be read (the chat then starts without one).
 */
export async function defaultSystemPrompt(connections: Connections, model: ChatModelRef): Promise<string | undefined> {
	if (model.jobId === undefined && model.trainingFileId === undefined) {
		return undefined;
	}
	const connection = connections.all().find((known) => known.name === model.connection);
	if (!connection) {
		return undefined;
	}
	try {
		const services = await connections.servicesOf(connection);
		// A row or the picker usually knows the training file; only a job id alone needs the job first.
		const job = model.trainingFileId === undefined && model.jobId !== undefined ? await services.jobs.retrieve(model.jobId) : undefined;
		const trainingFileId = model.trainingFileId ?? job?.training_file;
		if (trainingFileId === undefined) {
			return undefined;
		}
		const prompts = promptsByConnections.get(connections) ?? new Map<string, Promise<string | undefined>>();
		promptsByConnections.set(connections, prompts);
		const key = `${connection.name}\n${trainingFileId}`;
		let prompt = prompts.get(key);
		if (!prompt) {
			prompt = systemPromptOfFile(services, trainingFileId, job ?? model.jobId);
			prompts.set(key, prompt);
			// A failure (the network) is not remembered: the next chat asks again.
			void prompt.catch(() => prompts.delete(key));
		}
		return await prompt;
	} catch {
		return undefined;
	}
}

/** Reads the training file, the local copy when the workspace has one, for its most common system message. */
async function systemPromptOfFile(services: ConnectionServices, trainingFileId: string, job: FineTuningJob | string | undefined): Promise<string | undefined> {
	// The wizard names the job's dataset in its metadata; the uploaded file keeps the name it was uploaded with.
	const unknown = () => undefined;
	const [datasetName, filename] = await Promise.all([
		typeof job === 'string' ? services.jobs.retrieve(job).then((found) => found.metadata?.['dataset'], unknown) : job?.metadata?.['dataset'],
		services.files.retrieve(trainingFileId).then((file) => file.filename, unknown),
	]);
	const local = await findInWorkspace([datasetName, filename]);
	if (local) {
		return mostCommonSystemMessage(linesOf(createReadStream(local.fsPath)));
	}
	return mostCommonSystemMessage(linesOf(services.files.contentChunks(trainingFileId)));
}

/** The first workspace file (on disk) named one of `names`, in that order; names are file names, never paths. */
async function findInWorkspace(names: readonly (string | undefined)[]): Promise<vscode.Uri | undefined> {
	for (const name of new Set(names)) {
		const base = name && path.basename(name.replace(/\\/g, '/'));
		if (!base) {
			continue;
		}
		// Glob characters in a name from the server match themselves only through `?`; the exact name is checked after.
		const pattern = `**/${base.replace(/[*?[\]{}!]/g, '?')}`;
		const found = await vscode.workspace.findFiles(pattern, '**/node_modules/**', 10);
		const exact = found.find((uri) => uri.scheme === 'file' && path.basename(uri.fsPath) === base);
		if (exact) {
			return exact;
		}
	}
	return undefined;
}
