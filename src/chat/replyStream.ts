import { isStreamingRefused, type ChatService, type TextStream, type TokenUsage } from '../openai/chat';
import type { ReplyRequest } from './session';

/** A whole answer, and whether the server refused to stream it (so that the caller stops asking). */
export interface Answer {
	readonly text: string;
	readonly usage?: TokenUsage;
	readonly streamingRefused: boolean;
}

/**
 * Asks for one reply, streamed when `streams` (each delta reported with the whole text so far
 * through `onText`), else whole. A server that refuses to stream is asked again for the whole
 * answer. Failures reject as the service's errors; the text received so far was already reported.
 */
export async function askForReply(chat: ChatService, ask: ReplyRequest, streams: boolean, onText: (text: string) => void): Promise<Answer> {
	if (streams) {
		let text = '';
		try {
			const stream: TextStream = ask.api === 'chat' ? chat.stream(ask.request) : chat.streamLegacy(ask.request);
			for (;;) {
				const next = await stream.next();
				if (next.done) {
					return { text, ...(next.value && { usage: next.value }), streamingRefused: false };
				}
				text += next.value;
				onText(text);
			}
		} catch (error) {
			if (!(isStreamingRefused(error) && text === '')) {
				throw error;
			}
		}
	}
	const whole = ask.api === 'chat' ? await chat.complete(ask.request) : await chat.completeLegacy(ask.request);
	onText(whole.text);
	return { text: whole.text, ...(whole.usage && { usage: whole.usage }), streamingRefused: streams };
}
