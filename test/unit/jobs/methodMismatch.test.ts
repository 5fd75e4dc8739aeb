import * as assert from 'node:assert/strict';
import { formatForMethod, methodMismatch } from '../../../src/dataset/methods';

describe('jobs: a fine-tuning method checked against the dataset format', () => {
	it('refuses DPO on chat records and names Supervised as the way out', () => {
		assert.deepEqual(methodMismatch('dpo', 'chat', 'gpt-4o-mini-2024-07-18'), {
			method: 'dpo',
			needs: 'preference',
			has: 'chat',
			remedy: { kind: 'pick-method', method: 'supervised' },
		});
		assert.deepEqual(methodMismatch('supervised', 'preference', 'gpt-4.1-mini-2025-04-14')?.remedy, { kind: 'pick-method', method: 'dpo' });
	});

	it('accepts each method on its own format, and says nothing when the file has no recognised format', () => {
		assert.equal(methodMismatch('supervised', 'chat', 'gpt-4o-mini-2024-07-18'), undefined);
		assert.equal(methodMismatch('dpo', 'preference', 'gpt-4o-mini-2024-07-18'), undefined);
		assert.equal(methodMismatch('reinforcement', 'reinforcement', 'o4-mini-2025-04-16'), undefined);
		assert.equal(methodMismatch('supervised', 'prompt-completion', 'babbage-002'), undefined);
		assert.equal(methodMismatch('dpo', undefined, 'gpt-4o-mini-2024-07-18'), undefined);
		assert.equal(methodMismatch('dpo', 'preference', 'ft:gpt-4o-mini-2024-07-18:personal::abc'), undefined, 'a fine-tuned model trains as its base');
	});

	it('says to convert prompt/completion records for a chat model, and to pick another model where this one has no fitting method', () => {
		assert.deepEqual(methodMismatch('supervised', 'prompt-completion', 'gpt-4o-mini-2024-07-18')?.remedy, { kind: 'convert-to-chat' });
		assert.deepEqual(methodMismatch('supervised', 'preference', 'gpt-3.5-turbo-0125')?.remedy, { kind: 'pick-model', model: 'gpt-4.1-2025-04-14' });
		assert.deepEqual(methodMismatch('supervised', 'chat', 'davinci-002'), { method: 'supervised', needs: 'prompt-completion', has: 'chat', remedy: { kind: 'pick-model', model: 'gpt-4.1-2025-04-14' } });
	});

	it('trains supervised on prompt/completion for the legacy completion models and on chat elsewhere', () => {
		assert.equal(formatForMethod('supervised', 'babbage-002'), 'prompt-completion');
		assert.equal(formatForMethod('supervised', 'gpt-4o-mini'), 'chat');
		assert.equal(formatForMethod('dpo', 'my-local-model'), 'preference');
	});
});
