import * as assert from 'node:assert/strict';
import { AZURE_FINE_TUNABLE_MODELS, parseAzureModelName, TRAINING_TYPES, trainingTypesFor } from '../../../src/openai/azureModels';
import { daysUntil, jobCreationEnd, shutdownOf, WIND_DOWN, WIND_DOWN_SOURCE } from '../../../src/openai/windDown';

const at = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe('openai: the wind-down dates', () => {
	it('keeps the four announced dates with their source and the day they were checked', () => {
		assert.deepEqual(WIND_DOWN, { newOrganizationsCutOff: '2026-05-07', inactiveOrganizationsCutOff: '2026-07-02', jobCreationEnds: '2027-01-06', baseModelsShutDown: '2027-01-14' });
		assert.match(WIND_DOWN_SOURCE.url, /^https:\/\/platform\.openai\.com\//);
		assert.match(WIND_DOWN_SOURCE.checked, /^\d{4}-\d{2}-\d{2}$/);
	});

	it('counts whole days to a date, negative once it has passed, and reads nothing else', () => {
		assert.equal(daysUntil('2027-01-06', at('2026-11-26')), 41);
		assert.equal(daysUntil('2026-11-26', at('2026-11-26')), 0);
		assert.equal(daysUntil('2026-11-25', at('2026-11-26')), -1);
		assert.equal(daysUntil('soon', at('2026-11-26')), undefined);
		assert.deepEqual(jobCreationEnd(at('2027-01-07')), { date: '2027-01-06', daysLeft: -1 });
	});

	it("prefers the server's shutdown_date, else the announcement for OpenAI's gpt-4o and gpt-4.1 families and their fine-tunes", () => {
		const now = at('2026-11-26');
		assert.deepEqual(shutdownOf('gpt-4.1-nano-2025-04-14', '2026-12-20', true, now), { date: '2026-12-20', daysLeft: 24, soon: true, from: 'server' });
		assert.deepEqual(shutdownOf('gpt-4o-mini-2024-07-18', null, true, now), { date: '2027-01-14', daysLeft: 49, soon: true, from: 'announcement' });
		assert.equal(shutdownOf('ft:gpt-4.1-2025-04-14:acme:bot:abc', undefined, true, now)?.date, '2027-01-14');
		assert.equal(shutdownOf('gpt-4o-mini-2024-07-18', null, true, at('2026-10-01'))?.soon, false, 'more than 60 days ahead');
		// Azure's retirements are its own: the announcement is OpenAI's alone.
		assert.equal(shutdownOf('gpt-4o-mini-2024-07-18', undefined, false, now), undefined);
		assert.equal(shutdownOf('o4-mini-2025-04-16', null, true, now), undefined);
		assert.equal(shutdownOf('babbage-002', 'not a date', true, now), undefined);
	});
});

describe('openai: Azure fine-tuning models and names', () => {
	it("reads Azure's fine-tuned, checkpoint and base model names", () => {
		assert.deepEqual(parseAzureModelName('gpt-4o-mini-2024-07-18'), { kind: 'base', id: 'gpt-4o-mini-2024-07-18' });
		assert.deepEqual(parseAzureModelName('gpt-4o-mini-2024-07-18.ft-0e208cf33a6a466994aff31a08aba678'), { kind: 'fine-tuned', base: 'gpt-4o-mini-2024-07-18' });
		assert.deepEqual(parseAzureModelName('gpt-4.1-2025-04-14.ft-0e208cf33a6a466994aff31a08aba678-support_bot-2'), { kind: 'fine-tuned', base: 'gpt-4.1-2025-04-14', suffix: 'support_bot-2' });
		assert.deepEqual(parseAzureModelName('gpt-4.1-2025-04-14.ft-0e208cf33a6a466994aff31a08aba678-bot:ckpt-step-10'), { kind: 'fine-tuned', base: 'gpt-4.1-2025-04-14', suffix: 'bot', step: 10 });
		assert.deepEqual(parseAzureModelName('ftchkpt-0e208cf33a6a466994aff31a08aba678'), { kind: 'checkpoint' });
	});

	it('offers each model the training types of its base, and all of them for a model the table does not know', () => {
		assert.deepEqual(trainingTypesFor('gpt-4.1-mini-2025-04-14'), ['Standard', 'GlobalStandard', 'Developer']);
		assert.deepEqual(trainingTypesFor('Ministral-3B'), ['GlobalStandard']);
		assert.deepEqual(trainingTypesFor('o4-mini-2025-04-16.ft-abc123-x'), ['Standard', 'GlobalStandard']);
		assert.deepEqual(trainingTypesFor('ftchkpt-abc123'), TRAINING_TYPES);
		assert.deepEqual(trainingTypesFor('my-own-model'), TRAINING_TYPES);
	});

	it("lists the OpenAI models Azure fine-tunes and the open models, and marks the two Microsoft's table did not show", () => {
		assert.deepEqual(
			AZURE_FINE_TUNABLE_MODELS.map((model) => model.id),
			['gpt-4.1-2025-04-14', 'gpt-4.1-mini-2025-04-14', 'gpt-4.1-nano-2025-04-14', 'gpt-4o-2024-08-06', 'gpt-4o-mini-2024-07-18', 'o4-mini-2025-04-16', 'Ministral-3B', 'Qwen-32B', 'Llama-3.3-70B', 'gpt-oss-20b'],
		);
		assert.deepEqual(AZURE_FINE_TUNABLE_MODELS.filter((model) => !model.inMicrosoftTable).map((model) => model.id), ['Llama-3.3-70B', 'gpt-oss-20b']);
		assert.ok(AZURE_FINE_TUNABLE_MODELS.every((model) => !model.id.includes('.ft-')));
	});
});
