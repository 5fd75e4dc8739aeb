import { splitLines } from './dataset';
import { TextMap } from './textMap';

const VALIDATION_WORD = /(^|[._-])(validation|valid|val)(?=[._-])/i;

/**
 * The training file's name for a validation file's name, by the usual conventions: `valid.jsonl` →
 * `train.jsonl`, `support_validation.jsonl` → `support_train.jsonl`, `data.valid.jsonl` →
 * `data.train.jsonl`. Undefined when the name does not say it holds validation data.
 */
export function trainingFileNameFor(validationFileName: string): string | undefined {
	if (!VALIDATION_WORD.test(validationFileName)) {
		return undefined;
	}
	return validationFileName.replace(VALIDATION_WORD, (_match, separator: string, word: string) => `${separator}${word === word.toUpperCase() ? 'TRAIN' : 'train'}`);
}

/** The keys of a training file's examples (their trimmed lines), to check a validation file against. */
export function trainingKeysOf(text: string): TextMap<true> {
	const keys = new TextMap<true>();
	for (const line of splitLines(text)) {
		const key = line.trim();
		if (key !== '') {
			keys.set(key, true);
		}
	}
	return keys;
}
