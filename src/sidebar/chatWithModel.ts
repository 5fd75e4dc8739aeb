import * as vscode from 'vscode';
import { pickChatModel } from '../chat/modelPicker';
import { checkpointRef, JOBS_LOOKED_AT, jobModelRef, jobOfModel, modelRef } from '../chat/modelChoices';
import type { ChatModelRef, ChatOpenRequest } from '../chat/conversation';
import type { Connections } from '../connections';
import { COMMANDS } from '../contributes';
import { registerTrustedCommand } from '../jobs/trustedCommand';
import type { Logger } from '../logger';
import type { JobsTreeNode } from './jobsTree';
import type { ModelNode } from './modelsTree';
import { describeError } from './treeParts';

/**
 * "Chat with Model": opens the chat with the model of a sidebar row (a succeeded job's fine-tuned
 * model, a Models view row, a checkpoint) or of the notification that a job succeeded, with its base
 * model, job and training file; from the palette it asks with the model picker. Resolves to the model
 * the chat opened with, undefined when there was none (a dismissed pick, a job without a model).
 */
export function registerChatWithModel(connections: Connections, log: Logger): vscode.Disposable {
	return registerTrustedCommand(COMMANDS.chatWithModel, async (row?: JobsTreeNode | ModelNode): Promise<ChatModelRef | undefined> => {
		const model = row === undefined ? await pickChatModel(connections) : await modelOfRow(connections, row, log);
		if (!model) {
			return undefined;
		}
		const request: ChatOpenRequest = { model };
		await vscode.commands.executeCommand(COMMANDS.openChat, request);
		return model;
	});
}

/** The model of `row`, with its job when the row does not carry it and the server can say (else without). */
async function modelOfRow(connections: Connections, row: JobsTreeNode | ModelNode, log: Logger): Promise<ChatModelRef | undefined> {
	const lookUp = async <T>(what: string, request: () => Promise<T>): Promise<T | undefined> => {
		try {
			return await request();
		} catch (error) {
			// The chat still opens, only without the training file's system prompt.
			log.warn(`chat: could not find ${what}: ${describeError(error)}`);
			return undefined;
		}
	};
	switch (row.kind) {
		case 'job':
			return jobModelRef(row.connection.name, row.job);
		case 'model': {
			const { connection, modelId } = row;
			const jobs = await lookUp(`the job of ${modelId}`, async () => (await (await connections.servicesOf(connection)).jobs.list({ limit: JOBS_LOOKED_AT })).items);
			return modelRef(connection.name, modelId, jobs && jobOfModel(jobs, modelId));
		}
		case 'checkpoint': {
			const { connection, checkpoint } = row;
			const job = await lookUp(`job ${checkpoint.fine_tuning_job_id}`, async () => (await connections.servicesOf(connection)).jobs.retrieve(checkpoint.fine_tuning_job_id));
			return checkpointRef(connection.name, checkpoint, job);
		}
		default:
			return undefined;
	}
}
