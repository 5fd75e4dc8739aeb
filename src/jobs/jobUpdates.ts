import * as vscode from 'vscode';
import type { FineTuningJob } from 'openai/resources/fine-tuning/jobs/jobs';
import type { Connection } from '../connections';
import { Disposable } from '../dispose';

/** A job as a command left it: created by the wizard, or cancelled, paused or resumed. */
export interface JobUpdate {
	readonly connection: Connection;
	readonly job: FineTuningJob;
	/** Created in this window: followed to its end even while no view shows it. */
	readonly launchedHere: boolean;
}

/** Where the job commands tell what they did, so that the sidebar shows it without asking the server. */
export class JobUpdates extends Disposable {
	private readonly emitter = this._register(new vscode.EventEmitter<JobUpdate>());
	readonly onDidChange = this.emitter.event;

	fire(update: JobUpdate): void {
		this.emitter.fire(update);
	}
}
