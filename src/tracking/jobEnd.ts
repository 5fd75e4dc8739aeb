// What the user is offered about a job: at its end (the notification's actions) and on its row
// (the provider's web dashboard). Free of `vscode`, so that unit tests hold it directly.
import type { FineTuningJob } from 'openai/resources/fine-tuning/jobs/jobs';
import type { Connection } from '../connections/model';

/** An action of the notification that a job ended. */
export type JobEndAction = 'showMetrics' | 'chatWithModel' | 'showError' | 'showInJobs' | 'showDetails';

/**
 * The actions for `job`, which just ended, the most useful first (the notification's primary button):
 * the chart when it succeeded (then a chat with its model), the error when it failed, the row when it was cancelled. The chart is
 * offered for a failed or cancelled job only when it trained (`trained`), since before that it has no curve.
 */
export function jobEndActions(job: Pick<FineTuningJob, 'status'>, trained: boolean): JobEndAction[] {
	switch (job.status) {
		case 'succeeded':
			// Three buttons fit a notification uncut; the details are in the log all the same.
			return ['showMetrics', 'chatWithModel', 'showInJobs'];
		case 'failed':
			return ['showError', ...(trained ? (['showMetrics'] as const) : []), 'showInJobs'];
		default:
			return ['showInJobs', ...(trained ? (['showMetrics'] as const) : []), 'showDetails'];
	}
}

/** The API's base URL of OpenAI itself, which a connection of kind `openai` uses when its `baseUrl` is empty. */
const OPENAI_API_BASE_URL = 'https://api.openai.com/v1';

/**
 * The page of the job on the provider's web dashboard, where one is known: OpenAI's own platform
 * (`https://platform.openai.com/finetune/<job id>`). Other servers (Azure, compatible ones, an
 * `openai` connection pointed elsewhere) get none rather than a guessed address.
 */
export function dashboardUrl(connection: Pick<Connection, 'kind' | 'baseUrl'>, jobId: string): string | undefined {
	if (connection.kind !== 'openai') {
		return undefined;
	}
	const baseUrl = connection.baseUrl.replace(/\/+$/, '');
	if (baseUrl !== '' && baseUrl !== OPENAI_API_BASE_URL) {
		return undefined;
	}
	return `https://platform.openai.com/finetune/${encodeURIComponent(jobId)}`;
}
