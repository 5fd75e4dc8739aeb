// A chat panel conversation: what the panel shows, the history keeps and "Save as training example"
// turns into dataset records. Plain data, so that it crosses to the webview and into workspace state
// as it is.

/** The model a column of the chat talks to. */
export interface ChatModelRef {
	/** The connection's name (see Connections). */
	readonly connection: string;
	/** The model id sent as `model`: a fine-tuned model, a checkpoint, a base model or a deployment. */
	readonly model: string;
	/** Legacy fine-tunes (`babbage-002`, `davinci-002`) take a prompt through the Completions API. */
	readonly api: 'chat' | 'completions';
	/** The base model it was fine-tuned from, when known: the linter's target and Compare's partner. */
	readonly baseModel?: string;
	/** The job that made it, when known: its training file gives the default system prompt and the file to save into. */
	readonly jobId?: string;
	readonly trainingFileId?: string;
}

/** Sampling settings of one column; omitted ones take the API's defaults. */
export interface ChatParameters {
	readonly temperature?: number;
	readonly topP?: number;
	readonly maxTokens?: number;
	readonly seed?: number;
	readonly stop?: readonly string[];
}

/** One model of the conversation: a single chat has one column, Compare two or more. */
export interface ChatColumn {
	readonly model: ChatModelRef;
	readonly parameters: ChatParameters;
}

export type ReplyStatus = 'streaming' | 'done' | 'stopped' | 'failed';

/** Why a reply failed, in the words the panel shows under it. */
export interface ReplyError {
	/** `rate-limit`, `model-shut-down`, `model-not-found`, `deployment-not-found`, `network`, `other`… */
	readonly kind: string;
	readonly message: string;
}

/** One column's answer to a user turn. */
export interface Reply {
	readonly text: string;
	readonly status: ReplyStatus;
	readonly error?: ReplyError;
	readonly usage?: { readonly promptTokens: number; readonly completionTokens: number };
	/** Milliseconds from sending to the first token and to the end. */
	readonly timing?: { readonly firstTokenMs?: number; readonly totalMs?: number };
}

/** A user message and, per column (same index as `Conversation.columns`), the reply to it. */
export interface Turn {
	readonly id: string;
	readonly user: string;
	readonly replies: readonly (Reply | undefined)[];
}

export interface Conversation {
	readonly id: string;
	readonly title: string;
	/** Epoch milliseconds. */
	readonly createdAt: number;
	readonly updatedAt: number;
	/** Empty for none. */
	readonly systemPrompt: string;
	readonly columns: readonly ChatColumn[];
	readonly turns: readonly Turn[];
}

/** What Open Chat may be given: a model to talk to (from a sidebar row), models to compare, or a saved conversation. */
export interface ChatOpenRequest {
	readonly model?: ChatModelRef;
	readonly compareWith?: readonly ChatModelRef[];
	readonly conversationId?: string;
}
