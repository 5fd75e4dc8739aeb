// OpenAI's wind-down of self-serve fine-tuning: the announced dates, in one place, with where they
// come from. Shown to the user as dated notices; never used to refuse a request (the server decides).
import { resolveModel } from '../dataset/models';

/**
 * Where the dates come from and when they were last compared with it. The deprecations page itself
 * could not be opened from here (no network); the dates were confirmed from several reports quoting
 * it (aihola.com, techscurrent.com, wpnews.pro, all citing platform.openai.com/docs/deprecations), which
 * agree on the three job-creation dates. The base-model shutdown date is the one the issue names: no
 * report we could read quoted it, so it is unconfirmed.
 */
export const WIND_DOWN_SOURCE = {
	url: 'https://platform.openai.com/docs/deprecations',
	checked: '2026-11-26',
} as const;

/** The announced steps of the wind-down, as ISO dates (UTC). */
export const WIND_DOWN = {
	/** Organisations that had never fine-tuned could no longer create jobs. */
	newOrganizationsCutOff: '2026-05-07',
	/** Organisations without inference on a fine-tuned model in the past 60 days could no longer create jobs. */
	inactiveOrganizationsCutOff: '2026-07-02',
	/** No organisation can create fine-tuning jobs from this day. */
	jobCreationEnds: '2027-01-06',
	/** These base models, and the models fine-tuned from them, shut down on this day. */
	baseModelsShutDown: '2027-01-14',
} as const;

/** The base models whose shutdown (and their fine-tunes') is {@link WIND_DOWN}.baseModelsShutDown. */
const SHUTTING_DOWN = new Set(['gpt-4o-2024-08-06', 'gpt-4o-mini-2024-07-18', 'gpt-4.1-2025-04-14', 'gpt-4.1-mini-2025-04-14']);

/** How close a shutdown must be to be warned about. */
export const SHUTDOWN_WARNING_DAYS = 60;

/** A model's shutdown as the user sees it. */
export interface Shutdown {
	/** `YYYY-MM-DD`. */
	readonly date: string;
	/** Whole days from `now` to the date: negative once it has passed. */
	readonly daysLeft: number;
	/** Within {@link SHUTDOWN_WARNING_DAYS} (or already past): worth a warning. */
	readonly soon: boolean;
	/** Where the date comes from: the server's Model object, or the announcement above. */
	readonly from: 'server' | 'announcement';
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `now` to the start (UTC) of `date`; undefined when `date` is not a `YYYY-MM-DD` date. */
export function daysUntil(date: string, now: Date): number | undefined {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	if (!match) {
		return undefined;
	}
	const at = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
	const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
	return Math.round((at - today) / DAY_MS);
}

/**
 * When `model` shuts down: the server's `shutdown_date` when it gives one, else (for OpenAI, whose
 * announcement covers it) the announced date of its base model. Undefined when neither says.
 */
export function shutdownOf(model: string, serverDate: string | null | undefined, announced: boolean, now: Date): Shutdown | undefined {
	const base = resolveModel(model)?.id;
	const date = serverDate ?? (announced && base !== undefined && SHUTTING_DOWN.has(base) ? WIND_DOWN.baseModelsShutDown : undefined);
	const daysLeft = date === undefined ? undefined : daysUntil(date, now);
	if (date === undefined || daysLeft === undefined) {
		return undefined;
	}
	return { date, daysLeft, soon: daysLeft <= SHUTDOWN_WARNING_DAYS, from: serverDate ? 'server' : 'announcement' };
}

/** Whether job creation has ended by `now`, and in how many days it will. */
export function jobCreationEnd(now: Date): { readonly date: string; readonly daysLeft: number } {
	return { date: WIND_DOWN.jobCreationEnds, daysLeft: daysUntil(WIND_DOWN.jobCreationEnds, now) ?? 0 };
}
