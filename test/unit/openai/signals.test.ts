import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { ApiError } from '../../../src/openai/errors';
import { ModelsService } from '../../../src/openai/models';
import { withOwnSignal } from '../../../src/openai/signals';
import { useEmulator } from './emulatorHarness';

describe('openai withOwnSignal (emulator)', () => {
	const fixture = useEmulator();

	it('leaves no listener on a long-lived signal after many requests, where the SDK alone leaves one per request', async () => {
		const models = new ModelsService(fixture().client);
		const bare = new AbortController();
		const guarded = new AbortController();
		for (let index = 0; index < 8; index++) {
			await models.retrieve('gpt-4o-mini-2024-07-18', bare.signal);
			await withOwnSignal(guarded.signal, (signal) => models.retrieve('gpt-4o-mini-2024-07-18', signal));
		}
		assert.equal(getEventListeners(bare.signal, 'abort').length, 8, 'the SDK never removes its listener');
		assert.equal(getEventListeners(guarded.signal, 'abort').length, 0);
	});

	it('still aborts the call, and starts aborted when the signal already is', async () => {
		const models = new ModelsService(fixture().client);
		const controller = new AbortController();
		controller.abort();
		await assert.rejects(
			withOwnSignal(controller.signal, (signal) => models.retrieve('gpt-4o-mini-2024-07-18', signal)),
			(error) => ApiError.is(error, 'cancelled'),
		);
	});
});
