import * as assert from 'node:assert/strict';
import { ATTACKER_ORIGIN, XSS_MARKER_ATTRIBUTE, XSS_PAYLOADS } from '../../fixtures/xssPayloads';
import { escapesIn } from '../../fixtures/xssChecks';
import { markdownPage } from './markdownPage';

/** `text` as a stream hands it over: every `size` characters, the whole text so far, then final. */
function stream(view: { update(markdown: string, final: boolean): void }, text: string, size: number): void {
	for (let end = size; end < text.length; end += size) {
		view.update(text.slice(0, end), false);
	}
	view.update(text, true);
}

function renderedAtOnce(text: string): string {
	const { host, view } = markdownPage();
	view.update(text, true);
	return host.innerHTML;
}

describe('chat reply rendering (markdown-it + DOMPurify in jsdom)', () => {
	describe('the XSS corpus', () => {
		// One page for the whole corpus: a payload's side effect would then show in the checks after it too.
		const page = markdownPage();
		for (const payload of XSS_PAYLOADS) {
			it(`${payload.name}: nothing runs, loads or escapes, rendered at once and streamed`, () => {
				for (const size of [0, 9]) {
					if (size === 0) {
						page.view.update(payload.markdown, true);
					} else {
						stream(page.view, payload.markdown, size);
					}
					assert.deepEqual(escapesIn(page.host), [], `${payload.name} (chunks of ${size || 'all'}):\n${page.host.innerHTML}`);
					assert.equal(page.dom.window.document.querySelector(`[${XSS_MARKER_ATTRIBUTE}]`), null);
					for (const link of page.host.querySelectorAll('a')) {
						assert.match(link.getAttribute('href') ?? '', /^(?:https?|mailto):/i, `${payload.name}: ${link.outerHTML}`);
					}
					assert.ok(!page.host.innerHTML.includes(`src="${ATTACKER_ORIGIN}`), payload.name);
				}
			});
		}

		it('keeps hostile HTML readable as text', () => {
			const { host, view } = markdownPage();
			view.update('<script>alert(1)</script> and <img src=x onerror=alert(1)>', true);
			assert.equal(host.textContent?.trim(), '<script>alert(1)</script> and <img src=x onerror=alert(1)>');
		});

		it('leaves javascript:, data: and vbscript: links as plain text', () => {
			const { host, view } = markdownPage();
			view.update('[a](javascript:alert(1)) [b](data:text/html,x) [c](vbscript:x) [d](https://docs.example/)', true);
			assert.deepEqual([...host.querySelectorAll('a')].map((link) => link.getAttribute('href')), ['https://docs.example/']);
		});
	});

	describe('links, images and code blocks', () => {
		it('opens a clicked link through the host, with no navigation and no second handler', () => {
			const { dom, host, view, calls } = markdownPage();
			view.update('Read [the guide](https://docs.example/guide "Guide") or https://www.example.org.', true);
			let reachedWindow = false;
			dom.window.addEventListener('click', () => (reachedWindow = true));
			const link = host.querySelector('a') as HTMLAnchorElement;
			assert.equal(link.title, 'Guide\nhttps://docs.example/guide', 'the destination shows on hover');
			const click = new dom.window.MouseEvent('click', { bubbles: true, cancelable: true });
			link.dispatchEvent(click);
			assert.ok(click.defaultPrevented);
			assert.ok(!reachedWindow, "VS Code's own link handler on the window must not open it again");
			assert.deepEqual(calls.opened, ['https://docs.example/guide']);
			(host.querySelectorAll('a')[1] as HTMLAnchorElement).click();
			assert.deepEqual(calls.opened, ['https://docs.example/guide', 'https://www.example.org']);
		});

		it('shows an image as a placeholder with its URL; the button opens it through the host instead of loading it', () => {
			const { host, view, calls } = markdownPage();
			view.update(`![Quarterly chart](${ATTACKER_ORIGIN}/chart.png?user=you) ![local](pixel.png)`, true);
			assert.equal(host.querySelector('img'), null);
			const placeholders = [...host.querySelectorAll('.image-placeholder')];
			assert.equal(placeholders.length, 2);
			assert.match(placeholders[0]?.textContent ?? '', /Image: Quarterly chart .*attacker\.example\/chart\.png\?user=you/);
			assert.equal(placeholders[1]?.querySelector('button'), null, 'no button for an image with no web address');
			(placeholders[0]?.querySelector('button') as HTMLButtonElement).click();
			assert.deepEqual(calls.opened, [`${ATTACKER_ORIGIN}/chart.png?user=you`]);
		});

		it('gives each code block a Copy button that copies its code', () => {
			const { host, view, calls } = markdownPage();
			view.update('```python\nprint("<b>hi</b>")\n```\n\n    indented();\n', true);
			const blocks = [...host.querySelectorAll('.code-block')];
			assert.equal(blocks.length, 2);
			assert.equal(blocks[0]?.querySelector('.code-language')?.textContent, 'python');
			(blocks[0]?.querySelector('button') as HTMLButtonElement).click();
			(blocks[1]?.querySelector('button') as HTMLButtonElement).click();
			assert.deepEqual(calls.copied, ['print("<b>hi</b>")', 'indented();']);
			assert.equal(host.querySelector('code')?.getAttribute('class'), null, "the model's classes are dropped");
		});
	});

	describe('streaming', () => {
		const DOCUMENTS = {
			prose: 'Intro with **bold**, *em*, `code` and a [link](https://docs.example/a_(b)).\n\n## Heading\n\nSecond paragraph\nover two lines.\n\n---\n\nsetext\n===\n\nLast ~~struck~~ words.',
			lists: '- one\n- two **strong**\n  - nested _em_\n\n1. first\n2. second\n\n> quoted *text*\n> more\n\nafter',
			code: 'Code:\n\n```ts\nconst x = `template ${1}`;\n```\n\n~~~\nunterminated tilde fence\n\n    indented\n\ntext `a``b` end',
			table: 'Before\n\n| a | b |\n|---|:-:|\n| 1 | **2** |\n| 3 | 4 |\n\nAfter the table',
			references: 'See [the guide][g] and [other].\n\n[g]: https://docs.example/guide\n[other]: https://docs.example/other "Other"\n\nEnd.',
			tricky: 'para\n***x and 2*3*4 = snake_case_name\n#5 is an issue\n\n* * *\n\n<https://auto.example/x> and mail@example.com\n\ntrailing \\',
		};
		for (const [name, text] of Object.entries(DOCUMENTS)) {
			it(`ends as the text rendered at once (${name}), whatever the chunks`, () => {
				const expected = renderedAtOnce(text);
				for (const size of [3, 17]) {
					const { host, view } = markdownPage();
					stream(view, text, size);
					assert.equal(host.innerHTML, expected, `chunks of ${size}`);
				}
			});
		}

		it('shows an unterminated code fence as a code block, and no half-typed closing fence', () => {
			const { host, view } = markdownPage();
			view.update('Here:\n\n```js\nlet a = 1;\nlet b', false);
			assert.equal(host.querySelector('pre code')?.textContent, 'let a = 1;\nlet b');
			view.update('Here:\n\n```js\nlet a = 1;\nlet b = 2;\n``', false);
			assert.equal(host.querySelector('pre code')?.textContent, 'let a = 1;\nlet b = 2;\n');
			assert.ok(!host.textContent?.includes('``'));
			view.update('Here:\n\n``', false);
			assert.ok(!host.textContent?.includes('`'), 'a fence being typed is not shown as backticks');
		});

		it('holds back unfinished emphasis, code spans and links instead of showing their markers', () => {
			const { host, view } = markdownPage();
			const shown = (text: string): string => {
				view.update(text, false);
				return host.innerHTML;
			};
			assert.equal(shown('Hello **wor'), '<p>Hello <strong>wor</strong></p>');
			assert.equal(shown('Hello **'), '<p>Hello</p>');
			assert.equal(shown('Use `npm i'), '<p>Use <code>npm i</code></p>');
			assert.equal(shown('See [the docs](https://docs.exa'), '<p>See the docs</p>');
			assert.equal(shown('See [the docs'), '<p>See the docs</p>');
			assert.equal(shown('See [the docs]'), '<p>See the docs</p>');
			assert.equal(shown('Chart: ![a chart](https://x.exa'), '<p>Chart:</p>');
			assert.equal(shown('A *b **c'), '<p>A <em>b <strong>c</strong></em></p>');
			assert.equal(shown('2*3 and snake_case'), '<p>2*3 and snake_case</p>');
			assert.equal(shown('Title\n-'), '<p>Title</p>', 'not a heading before the list item shows');
			assert.equal(shown('| a | b |\n|--'), '', 'no paragraph of pipes before the table');
			assert.equal(shown('Go to <https://ex'), '<p>Go to</p>');
		});

		it('keeps the DOM nodes of finished blocks while the last one grows', () => {
			const { host, view } = markdownPage();
			view.update('First paragraph.\n\nSecond paragraph', false);
			view.update('First paragraph.\n\nSecond paragraph, longer.\n\n```\ncode', false);
			const [first, second] = host.children;
			assert.equal(first?.textContent, 'First paragraph.');
			view.update('First paragraph.\n\nSecond paragraph, longer.\n\n```\ncode\nmore code', false);
			assert.equal(host.firstElementChild, first);
			view.update('First paragraph.\n\nSecond paragraph, longer.\n\n```\ncode\n```\n\nDone.', true);
			assert.equal(host.firstElementChild, first, 'the finished block was not rendered again');
			assert.equal(host.children[1], second);
			assert.equal(host.children.length, 4);
		});

		it('streams a code block into the same code element, as the whole render shows it', () => {
			const { host, view } = markdownPage();
			const text = 'Code:\n\n```py\nfor step in range(3):\n    train(step)  # <b>not markup</b>\n';
			view.update(text.slice(0, 18), false);
			const code = host.querySelector('pre code');
			for (let end = 19; end <= text.length; end++) {
				view.update(text.slice(0, end), false);
				assert.equal(host.querySelector('pre code'), code);
			}
			assert.equal(code?.textContent, 'for step in range(3):\n    train(step)  # <b>not markup</b>\n');
			assert.equal(host.innerHTML, renderedAtOnce(text));
		});

		it('starts over when the text is replaced rather than extended (regenerate, retry)', () => {
			const { host, view } = markdownPage();
			view.update('Old answer.\n\nMore', false);
			view.update('New', false);
			assert.equal(host.innerHTML, '<p>New</p>');
		});
	});
});
