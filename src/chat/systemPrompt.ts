import type { Connections } from '../connections';
import type { ChatModelRef } from './conversation';

// CONTRACT STUB (issue 10): replaced by the training file's most common system message.
/** The system prompt a new chat with `model` starts with, when its training data has one. */
export async function defaultSystemPrompt(_connections: Connections, _model: ChatModelRef): Promise<string | undefined> {
	return undefined;
}
