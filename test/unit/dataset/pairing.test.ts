import * as assert from 'node:assert/strict';
import { trainingFileNameFor, trainingKeysOf } from '../../../src/dataset/pairing';

describe('pairing a validation file with its training file', () => {
	it('names the training file by the usual conventions', () => {
		assert.equal(trainingFileNameFor('valid.jsonl'), 'train.jsonl');
		assert.equal(trainingFileNameFor('validation.jsonl'), 'train.jsonl');
		assert.equal(trainingFileNameFor('support_validation.jsonl'), 'support_train.jsonl');
		assert.equal(trainingFileNameFor('data.valid.jsonl'), 'data.train.jsonl');
		assert.equal(trainingFileNameFor('chat-val.jsonl'), 'chat-train.jsonl');
		assert.equal(trainingFileNameFor('VALID.jsonl'), 'TRAIN.jsonl');
	});

	it('leaves names that do not say validation alone', () => {
		for (const name of ['train.jsonl', 'interval.jsonl', 'values.jsonl', 'validated-data.jsonl', 'support-chat.jsonl']) {
			assert.equal(trainingFileNameFor(name), undefined, name);
		}
	});

	it('keys a training file by its trimmed, non-blank lines', () => {
		assert.deepEqual([...trainingKeysOf('{"a":1}\r\n\n  {"b":2}  \n')].map(([key]) => key), ['{"a":1}', '{"b":2}']);
	});
});
