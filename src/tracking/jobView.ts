// How a job, its events and checkpoints read in the sidebar: words and icon names, free of `vscode`
// so that unit tests hold them. The glue escapes every server string before it reaches markdown.
import type { FineTuningJob, FineTuningJobEvent } from 'openai/resources/fine-tuning/jobs/jobs';
import type { FineTuningJobCheckpoint } from 'openai/resources/fine-tuning/jobs/checkpoints';

/** A job's status; `paused` is newer than the SDK's type. */
export type JobStatus = FineTuningJob['status'] | 'paused';

const FINAL_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'cancelled']);

/** Whether the job can still change (and is worth polling). */
export function isFinal(status: string): boolean {
	return FINAL_STATUSES.has(status);
}

/** A codicon id and, where the status has one, a theme colour id. */
export interface StatusIcon {
	readonly id: string;
	readonly color?: string;
}

/** The icon of a job in `status`: spinning while it works, coloured once it ended. */
export function statusIcon(status: string): StatusIcon {
	switch (status) {
		case 'validating_files':
			return { id: 'loading~spin' };
		case 'queued':
			return { id: 'clock' };
		case 'running':
			return { id: 'sync~spin', color: 'charts.blue' };
		case 'paused':
			return { id: 'debug-pause', color: 'charts.yellow' };
		case 'succeeded':
			return { id: 'pass', color: 'testing.iconPassed' };
		case 'failed':
			return { id: 'error', color: 'testing.iconFailed' };
		case 'cancelled':
			return { id: 'circle-slash' };
		default:
			return { id: 'question' };
	}
}

/** How far training got, from the newest metrics event. */
export interface TrainingProgress {
	readonly step: number;
	readonly totalSteps?: number;
}

/** The metrics an event or checkpoint carries; the keys OpenAI uses. */
export interface StepMetrics {
	readonly step?: number;
	readonly total_steps?: number;
	readonly train_loss?: number;
	readonly train_mean_token_accuracy?: number;
	readonly valid_loss?: number;
	readonly valid_mean_token_accuracy?: number;
	readonly full_valid_loss?: number;
	readonly full_valid_mean_token_accuracy?: number;
}

/** The metrics of a `metrics` event, or undefined for any other event (or data that is not metrics). */
export function metricsOf(event: FineTuningJobEvent): StepMetrics | undefined {
	if (event.type !== 'metrics' || typeof event.data !== 'object' || event.data === null) {
		return undefined;
	}
	const data = event.data as Record<string, unknown>;
	const metrics: Record<string, number> = {};
	for (const key of ['step', 'total_steps', 'train_loss', 'train_mean_token_accuracy', 'valid_loss', 'valid_mean_token_accuracy', 'full_valid_loss', 'full_valid_mean_token_accuracy']) {
		const value = data[key];
		if (typeof value === 'number' && Number.isFinite(value)) {
			metrics[key] = value;
		}
	}
	return metrics;
}

/** The progress the newest metrics event among `events` (any order) reports. */
export function progressOf(events: readonly FineTuningJobEvent[]): TrainingProgress | undefined {
	let newest: StepMetrics | undefined;
	let newestAt = -Infinity;
	for (const event of events) {
		const metrics = metricsOf(event);
		if (metrics?.step !== undefined && event.created_at >= newestAt) {
			newest = metrics;
			newestAt = event.created_at;
		}
	}
	return newest?.step === undefined ? undefined : { step: newest.step, ...(newest.total_steps !== undefined ? { totalSteps: newest.total_steps } : {}) };
}

/** "12 s", "4 min", "2 h 5 min", "3 d 4 h": a duration as people say it. */
export function formatDuration(seconds: number): string {
	const s = Math.max(0, Math.round(seconds));
	if (s < 60) {
		return `${s} s`;
	}
	const minutes = Math.round(s / 60);
	if (minutes < 60) {
		return `${minutes} min`;
	}
	const hours = Math.floor(minutes / 60);
	if (hours < 24) {
		return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
	}
	const days = Math.floor(hours / 24);
	return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** The status in words: `validating_files` reads "validating files". */
export function statusText(status: string): string {
	return status.replace(/_/g, ' ');
}

/**
 * The line beside a job: its status, then step / total steps while training, then the time left
 * from `estimated_finish` (when OpenAI gives one and it is still ahead of `nowSeconds`).
 */
export function jobDescription(job: FineTuningJob, progress: TrainingProgress | undefined, nowSeconds: number): string {
	const parts = [statusText(job.status)];
	if (!isFinal(job.status) && progress) {
		parts.push(progress.totalSteps ? `step ${progress.step}/${progress.totalSteps}` : `step ${progress.step}`);
	}
	if (!isFinal(job.status) && job.estimated_finish && job.estimated_finish > nowSeconds) {
		parts.push(`about ${formatDuration(job.estimated_finish - nowSeconds)} left`);
	}
	return parts.join(' · ');
}

/** One labelled fact about a job, for its tooltip. Values are the server's text: escape before markdown. */
export interface JobFact {
	readonly label: string;
	readonly value: string;
}

/** The hyperparameters the job ran with, as resolved by the server ("auto" until it decides). */
export function resolvedHyperparameters(job: FineTuningJob): Readonly<Record<string, string>> {
	const method = job.method;
	const chosen = (method?.type && (method as unknown as Record<string, { hyperparameters?: Record<string, unknown> } | undefined>)[method.type]?.hyperparameters) || job.hyperparameters;
	const resolved: Record<string, string> = {};
	for (const [key, value] of Object.entries(chosen ?? {})) {
		if (value !== undefined && value !== null && typeof value !== 'object') {
			resolved[key] = String(value);
		}
	}
	return resolved;
}

function utc(seconds: number): string {
	return `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** What the job's tooltip shows: base model, method and hyperparameters, files, tokens, times, the model made, the error. */
export function jobFacts(job: FineTuningJob): JobFact[] {
	const hyperparameters = Object.entries(resolvedHyperparameters(job))
		.map(([key, value]) => `${key} ${value}`)
		.join(', ');
	const facts: JobFact[] = [
		{ label: 'Status', value: statusText(job.status) },
		{ label: 'Base model', value: job.model },
		{ label: 'Method', value: `${job.method?.type ?? 'supervised'}${hyperparameters ? ` (${hyperparameters})` : ''}` },
		{ label: 'Training file', value: job.training_file },
		{ label: 'Validation file', value: job.validation_file ?? 'none' },
	];
	if (job.trained_tokens !== null && job.trained_tokens !== undefined) {
		facts.push({ label: 'Trained tokens', value: job.trained_tokens.toLocaleString('en-US') });
	}
	facts.push({ label: 'Created', value: utc(job.created_at) });
	if (job.finished_at) {
		facts.push({ label: 'Finished', value: `${utc(job.finished_at)} (after ${formatDuration(job.finished_at - job.created_at)})` });
	}
	if (job.fine_tuned_model) {
		facts.push({ label: 'Fine-tuned model', value: job.fine_tuned_model });
	}
	if (job.error?.message) {
		facts.push({ label: 'Error', value: job.error.code ? `${job.error.code}: ${job.error.message}` : job.error.message });
	}
	return facts;
}

function metric(value: number | undefined, digits = 3): string | undefined {
	return value === undefined ? undefined : value.toFixed(digits);
}

/** "train loss 0.412, valid loss 0.530, …": the metrics present, in a fixed order. */
export function metricsSummary(metrics: StepMetrics): string {
	const parts: string[] = [];
	const add = (label: string, value: string | undefined) => value !== undefined && parts.push(`${label} ${value}`);
	add('train loss', metric(metrics.train_loss));
	add('train accuracy', metric(metrics.train_mean_token_accuracy));
	add('valid loss', metric(metrics.valid_loss));
	add('full valid loss', metric(metrics.full_valid_loss));
	return parts.join(', ');
}

/** An event in one line: metrics events summarised by step and losses, others by their message. */
export function eventLine(event: FineTuningJobEvent): string {
	const metrics = metricsOf(event);
	if (metrics?.step !== undefined) {
		const step = metrics.total_steps ? `Step ${metrics.step}/${metrics.total_steps}` : `Step ${metrics.step}`;
		const summary = metricsSummary(metrics);
		return summary ? `${step}: ${summary}` : step;
	}
	return event.message;
}

/** The codicon of an event's level. */
export function eventIcon(event: FineTuningJobEvent): StatusIcon {
	switch (event.level) {
		case 'error':
			return { id: 'error', color: 'errorForeground' };
		case 'warn':
			return { id: 'warning', color: 'editorWarning.foreground' };
		default:
			return { id: event.type === 'metrics' ? 'graph-line' : 'info' };
	}
}

/** A checkpoint in one line: its step and metrics. */
export function checkpointLine(checkpoint: FineTuningJobCheckpoint): { label: string; description: string } {
	return { label: `Step ${checkpoint.step_number}`, description: metricsSummary(checkpoint.metrics) };
}
