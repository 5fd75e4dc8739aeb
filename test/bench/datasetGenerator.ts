import * as fs from 'node:fs';
import { seededRandom } from '../../src/seededRandom';

const ENGLISH = 'the customer asked about the order status shipping refund warranty lamp bulb brightness colour temperature app wifi reset pairing invoice return window replacement battery cable adapter warm white dimmer schedule timer scene'.split(' ');
const GERMAN = 'Bestellung Lieferung Rückerstattung Garantie Lampe Glühbirne Helligkeit Farbtemperatur Zurücksetzen Rechnung Rücksendung Ersatz über für schön grüße'.split(' ');
const JAPANESE = ['注文', '配送', '返金', '保証', 'ランプ', '電球', '明るさ', '色温度', 'アプリ', '設定', 'ありがとうございます', 'お問い合わせ'];
const CHINESE = ['订单', '发货', '退款', '保修', '台灯', '灯泡', '亮度', '色温', '应用', '重置', '发票', '谢谢'];
const EMOJI = ['😀', '👍', '💡', '🚚', '🙏', '✨', '👩‍💻', '🇩🇪', '🎉'];
const CODE = [
	'def brightness(level: int) -> float:\n    """Map a 0-100 level to lumens."""\n    return min(max(level, 0), 100) * 8.06\n',
	'const schedule = lamps.filter((lamp) => lamp.online).map((lamp) => ({ id: lamp.id, at: "07:30" }));\n',
	'SELECT order_id, status, shipped_at FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 10;\n',
	'```bash\ncurl -s https://api.example.com/v1/lamps/42 | jq \'.brightness\'\n```\n',
];

const SYLLABLES = 'ka lo mi ne ru sa te vi po da fe gi hu ja ke li mo nu pe qui ra se ti vo wa xe yo zu bra cre dri fla glo pri stra tion ment able ness ing er est ly'.split(' ');

/**
 * A long-tailed vocabulary: the topic words above plus 40,000 made-up words drawn by a Zipf law, as
 * word frequencies in real text are, so that the tokenizer's cache is not flattered.
 */
function zipfVocabulary(random: () => number): { readonly words: readonly string[]; readonly cumulative: Float64Array } {
	const words: string[] = [...ENGLISH];
	for (let index = 0; words.length < 40_000 + ENGLISH.length; index++) {
		const length = 1 + Math.floor(random() * 4);
		let word = '';
		for (let syllable = 0; syllable < length; syllable++) {
			word += SYLLABLES[Math.floor(random() * SYLLABLES.length)] as string;
		}
		words.push(word);
	}
	const cumulative = new Float64Array(words.length);
	let total = 0;
	for (let rank = 0; rank < words.length; rank++) {
		total += 1 / Math.pow(rank + 1, 1.07);
		cumulative[rank] = total;
	}
	return { words, cumulative: cumulative.map((value) => value / total) };
}

let vocabulary: ReturnType<typeof zipfVocabulary> | undefined;

function zipfWord(random: () => number): string {
	vocabulary ??= zipfVocabulary(seededRandom(99));
	const target = random();
	let low = 0;
	let high = vocabulary.cumulative.length - 1;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if ((vocabulary.cumulative[middle] as number) < target) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}
	return vocabulary.words[low] as string;
}

function words(random: () => number, count: number): string {
	const parts: string[] = [];
	for (let index = 0; index < count; index++) {
		const pick = random();
		const list = pick < 0.88 ? undefined : pick < 0.92 ? GERMAN : pick < 0.96 ? JAPANESE : CHINESE;
		parts.push(list ? (list[Math.floor(random() * list.length)] as string) : zipfWord(random));
		if (random() < 0.03) {
			parts.push(EMOJI[Math.floor(random() * EMOJI.length)] as string);
		}
		if (random() < 0.08) {
			parts.push(String(Math.floor(random() * 10_000)));
		}
	}
	const sentence = parts.join(' ');
	return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

function paragraph(random: () => number, sentences: number): string {
	const parts: string[] = [];
	for (let index = 0; index < sentences; index++) {
		parts.push(words(random, 6 + Math.floor(random() * 14)));
		if (random() < 0.08) {
			parts.push(`\n${CODE[Math.floor(random() * CODE.length)] as string}`);
		}
	}
	return parts.join(' ');
}

const TOOLS = [
	{ type: 'function', function: { name: 'get_order_status', description: 'Look up an order', parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'] } } },
];

/** One realistic chat example: a system prompt, several turns, now and then a tool call. */
export function chatExample(random: () => number, index: number): string {
	const messages: object[] = [{ role: 'system', content: 'You are Ada, the support assistant of Lumen Lamps. Answer briefly and kindly.' }];
	const turns = 1 + Math.floor(random() * 4);
	const withTool = random() < 0.2;
	for (let turn = 0; turn < turns; turn++) {
		messages.push({ role: 'user', content: paragraph(random, 1 + Math.floor(random() * 4)) });
		if (withTool && turn === 0) {
			const id = `call_${index}`;
			messages.push({ role: 'assistant', tool_calls: [{ id, type: 'function', function: { name: 'get_order_status', arguments: JSON.stringify({ order_id: `LL-${index}` }) } }] });
			messages.push({ role: 'tool', tool_call_id: id, content: JSON.stringify({ status: 'shipped', eta_days: Math.floor(random() * 7) }) });
		}
		messages.push({ role: 'assistant', content: paragraph(random, 2 + Math.floor(random() * 8)) });
	}
	return JSON.stringify(withTool ? { messages, tools: TOOLS } : { messages });
}

/** Writes `bytes` (about) of realistic chat examples to `file`, streaming, and returns the line count. */
export async function writeChatDataset(file: string, bytes: number, seed = 1): Promise<number> {
	const random = seededRandom(seed);
	const out = fs.createWriteStream(file);
	let written = 0;
	let lines = 0;
	let batch: string[] = [];
	while (written < bytes) {
		const line = `${chatExample(random, lines)}\n`;
		batch.push(line);
		written += Buffer.byteLength(line);
		lines++;
		if (batch.length === 1000) {
			if (!out.write(batch.join(''))) {
				await new Promise<void>((resolve) => out.once('drain', () => resolve()));
			}
			batch = [];
		}
	}
	out.end(batch.join(''));
	await new Promise<void>((resolve) => out.once('close', () => resolve()));
	return lines;
}
