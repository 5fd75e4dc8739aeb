import type { OpenAI } from 'openai';
import type { ChatCompletionCreateParamsBase, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { CompletionCreateParamsBase } from 'openai/resources/completions';
import { resolveModel } from '../dataset/models';
import { ApiError, callApi, errorContextOf, toApiError, type ErrorContext } from './errors';

/** Sampling settings shared by chat and legacy completions; omitted ones take the API's defaults. */
interface SamplingOptions {
	readonly model: string;
	readonly temperature?: number;
	readonly topP?: number;
	readonly maxTokens?: number;
	/** Asks for a deterministic answer (best effort on OpenAI's side). */
	readonly seed?: number;
	/** Up to four sequences where the model stops. */
	readonly stop?: readonly string[];
	/** Aborting stops the request, or the stream mid-answer. */
	readonly signal?: AbortSignal;
}

/** A chat completion request. */
export interface ChatRequest extends SamplingOptions {
	readonly messages: readonly ChatCompletionMessageParam[];
	/**
	 * Whether OpenAI keeps the conversation for its dashboard, evals and distillation. Defaults to
	 * false: people chat with models fine-tuned on private data.
	 */
	readonly store?: boolean;
}

/** A legacy completion request, for `babbage-002` and `davinci-002` fine-tunes. */
export interface LegacyCompletionRequest extends SamplingOptions {
	readonly prompt: string;
}

/** The tokens a request took, as the server counted them. */
export interface TokenUsage {
	readonly promptTokens: number;
	readonly completionTokens: number;
}

/** A whole answer. */
export interface CompletionResult {
	readonly text: string;
	/** `stop`, `length`, `content_filter`, …; undefined if the server did not say. */
	readonly finishReason: string | undefined;
	readonly usage?: TokenUsage;
}

/**
 * A stream of text deltas whose return value is the usage the server reported in its last chunk
 * (undefined when it sent none).
 */
export type TextStream = AsyncGenerator<string, TokenUsage | undefined, undefined>;

/** True when the server refused `stream: true` for this model (OpenAI's 400 on param `stream`): ask for the whole answer instead. */
export function isStreamingRefused(error: unknown): boolean {
	return ApiError.is(error, 'invalid-request') && error.param === 'stream';
}

/** True for models (and their fine-tunes) that only speak the legacy completions API. */
export function usesLegacyCompletions(model: string): boolean {
	const id = resolveModel(model)?.id;
	return id === 'babbage-002' || id === 'davinci-002';
}

/** Chats with a model, streamed or whole, through the official SDK. */
export class ChatService {
	private readonly context: ErrorContext;

	constructor(private readonly client: OpenAI) {
		this.context = errorContextOf(client);
	}

	/**
	 * Streams the answer as text deltas and returns the usage. Aborting `request.signal` stops the
	 * request and the iteration ends with an {@link ApiError} of kind `cancelled`; breaking out of the
	 * loop also stops the request.
	 */
	stream(request: ChatRequest): TextStream {
		return this.deltas(
			request.signal,
			() => this.client.chat.completions.create({ ...chatParams(request), stream: true, stream_options: { include_usage: true } }, { signal: request.signal }),
			(chunk) => chunk.choices[0]?.delta?.content,
		);
	}

	/** The whole answer in one response. */
	async complete(request: ChatRequest): Promise<CompletionResult> {
		const completion = await callApi(this.context, () => this.client.chat.completions.create({ ...chatParams(request), stream: false }, { signal: request.signal }));
		const choice = completion.choices[0];
		return {
			text: choice?.message.content ?? '',
			finishReason: choice?.finish_reason,
			...(completion.usage && { usage: { promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens } }),
		};
	}

	/** Streams a legacy completion as text deltas; see {@link stream} for aborting. */
	streamLegacy(request: LegacyCompletionRequest): TextStream {
		return this.deltas(request.signal, () => this.client.completions.create({ ...legacyParams(request), stream: true, stream_options: { include_usage: true } }, { signal: request.signal }), (chunk) => chunk.choices[0]?.text);
	}

	/** A whole legacy completion. */
	async completeLegacy(request: LegacyCompletionRequest): Promise<CompletionResult> {
		const completion = await callApi(this.context, () => this.client.completions.create({ ...legacyParams(request), stream: false }, { signal: request.signal }));
		const choice = completion.choices[0];
		return {
			text: choice?.text ?? '',
			finishReason: choice?.finish_reason,
			...(completion.usage && { usage: { promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens } }),
		};
	}

	private async *deltas<Chunk extends { readonly usage?: { readonly prompt_tokens: number; readonly completion_tokens: number } | null }>(
		signal: AbortSignal | undefined,
		open: () => Promise<AsyncIterable<Chunk>>,
		textOf: (chunk: Chunk) => string | null | undefined,
	): TextStream {
		let usage: TokenUsage | undefined;
		try {
			const chunks = await open();
			for await (const chunk of chunks) {
				// Chunks already received keep coming after an abort; the caller asked to stop now.
				signal?.throwIfAborted();
				const text = textOf(chunk);
				if (text) {
					yield text;
				}
				if (chunk.usage) {
					usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
				}
			}
		} catch (error) {
			throw toApiError(error, this.context);
		}
		// The SDK ends a stream quietly when its request is aborted; say so, or a cut-off answer looks complete.
		if (signal?.aborted) {
			throw new ApiError('cancelled', 'Cancelled');
		}
		return usage;
	}
}

function chatParams(request: ChatRequest): ChatCompletionCreateParamsBase {
	return {
		model: request.model,
		messages: [...request.messages],
		store: request.store ?? false,
		...(request.temperature !== undefined && { temperature: request.temperature }),
		...(request.topP !== undefined && { top_p: request.topP }),
		// max_tokens is deprecated and refused by reasoning models; max_completion_tokens works for all.
		...(request.maxTokens !== undefined && { max_completion_tokens: request.maxTokens }),
		...(request.seed !== undefined && { seed: request.seed }),
		...(request.stop !== undefined && request.stop.length > 0 && { stop: [...request.stop] }),
	};
}

function legacyParams(request: LegacyCompletionRequest): CompletionCreateParamsBase {
	return {
		model: request.model,
		prompt: request.prompt,
		...(request.temperature !== undefined && { temperature: request.temperature }),
		...(request.topP !== undefined && { top_p: request.topP }),
		...(request.maxTokens !== undefined && { max_tokens: request.maxTokens }),
		...(request.seed !== undefined && { seed: request.seed }),
		...(request.stop !== undefined && request.stop.length > 0 && { stop: [...request.stop] }),
	};
}
