import type { CursorPage } from 'openai/pagination';
import { callApi, type ErrorContext } from './errors';

/** One page of a cursor-paged list, without the SDK's page machinery. */
export interface Page<T> {
	readonly items: readonly T[];
	readonly hasMore: boolean;
	/** Pass as `after` to get the next page; undefined on the last page. */
	readonly nextCursor: string | undefined;
}

/** Options of a cursor-paged list call. */
export interface PageRequest {
	/** Items per page; the API's default (20) when omitted. */
	readonly limit?: number;
	/** The `nextCursor` of the previous page. */
	readonly after?: string;
	readonly signal?: AbortSignal;
}

/** Converts an SDK cursor page; the cursor is the last item's id, as the API defines `after`. */
export function toPage<T extends { id: string }>(page: CursorPage<T>): Page<T> {
	const last = page.data.at(-1);
	const hasMore = page.has_more && last !== undefined;
	return { items: page.data, hasMore, nextCursor: hasMore ? last.id : undefined };
}

/** Drains an SDK list, following every page; failures become `ApiError`s. */
export async function collectAll<T>(context: ErrorContext, pages: AsyncIterable<T>): Promise<T[]> {
	return callApi(context, async () => {
		const items: T[] = [];
		for await (const item of pages) {
			items.push(item);
		}
		return items;
	});
}
