import type { Connection } from '../connections';

/** A row of a sidebar view passed to a command: the object's id under `idKey`, and its connection. */
export type TreeReference<K extends string> = { readonly connection: Connection } & { readonly [key in K]: string };

/** Whether `value` is a sidebar row with an id under `idKey`: the command then runs on the row's connection rather than the default one. */
export function isTreeReference<K extends string>(value: unknown, idKey: K): value is TreeReference<K> {
	if (typeof value !== 'object' || value === null) {
		return false;
	}
	const record = value as Record<string, unknown>;
	return typeof record[idKey] === 'string' && typeof record['connection'] === 'object' && record['connection'] !== null;
}
