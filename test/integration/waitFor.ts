/**
 * Waits for a condition the VS Code API offers no event for (an extension becoming active, the
 * clipboard's content), checking it at a short interval; fails with `what` once `timeoutMs` has passed.
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}
