/**
 * Waits for a condition the VS Code API offers no event for (an extension becoming active, the
 * clipboard's content), checking it at a short interval; answers the condition's first truthy value,
 * and fails with `what` once `timeoutMs` has passed.
 */
export async function waitFor<T>(condition: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await condition();
		if (value) {
			return value;
		}
		if (Date.now() > deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}
