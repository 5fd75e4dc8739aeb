import * as vscode from 'vscode';
import type { FineTuningJob } from 'openai/resources/fine-tuning/jobs/jobs';
import type { Connection } from '../connections';
import { Disposable } from '../dispose';

/** A job as a command left it: created by the wizard, or cancelled, paused or resumed. */
export interface JobChange {
	readonly connection: Connection;
	readonly job: FineTuningJob;
	/** Created in this window: followed to its end even while no view shows it. */
	readonly launchedHere: boolean;
}

/** An uploaded file a command deleted. */
export interface FileDeletion {
	readonly connection: Connection;
	readonly fileId: string;
}

/** A fine-tuned model a command deleted. */
export interface ModelDeletion {
	readonly connection: Connection;
	readonly modelId: string;
}

/** Where the commands tell what they changed on a server, so that the sidebar shows it without asking the server again. */
export class ServerChanges extends Disposable {
	private readonly jobEmitter = this._register(new vscode.EventEmitter<JobChange>());
	private readonly fileEmitter = this._register(new vscode.EventEmitter<FileDeletion>());
	private readonly modelEmitter = this._register(new vscode.EventEmitter<ModelDeletion>());
	readonly onDidChangeJob = this.jobEmitter.event;
	readonly onDidDeleteFile = this.fileEmitter.event;
	readonly onDidDeleteModel = this.modelEmitter.event;

	jobChanged(change: JobChange): void {
		this.jobEmitter.fire(change);
	}

	fileDeleted(deletion: FileDeletion): void {
		this.fileEmitter.fire(deletion);
	}

	modelDeleted(deletion: ModelDeletion): void {
		this.modelEmitter.fire(deletion);
	}
}
