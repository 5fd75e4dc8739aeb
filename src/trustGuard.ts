/** How a command learns whether the workspace is trusted, and tells the user when it is not. */
export interface TrustCheck {
	isTrusted(): boolean;
	/** Says why the command does nothing here; does not wait for the user. */
	refuse(): void;
}

/**
 * `handler`, run only in a trusted workspace; elsewhere it does nothing but {@link TrustCheck.refuse}.
 * Trust is checked on every call, so a command works as soon as the user grants it.
 */
export function whenTrusted<A extends unknown[], R>(handler: (...args: A) => R | Promise<R>, trust: TrustCheck): (...args: A) => Promise<R | undefined> {
	return async (...args) => {
		if (!trust.isTrusted()) {
			trust.refuse();
			return undefined;
		}
		return handler(...args);
	};
}
