import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { JSDOM } from 'jsdom';
import { PROJECT_ROOT } from '../../host/paths';

/** The webview's `createMarkdownView`, as the bundle exposes it (the webview sources compile against the DOM, not this project's node types). */
export interface MarkdownViewModule {
	createMarkdownView(host: HTMLElement, actions: { openLink(url: string): void; copy(text: string): void }): { update(markdown: string, final: boolean): void };
}

let bundle: string | undefined;

/** src/webview/chat/markdownView.ts bundled as the chat webview bundles it (markdown-it and DOMPurify inside), built once. */
function markdownViewBundle(): string {
	bundle ??= esbuild.buildSync({
		entryPoints: [path.join(PROJECT_ROOT, 'src', 'webview', 'chat', 'markdownView.ts')],
		bundle: true,
		write: false,
		format: 'iife',
		globalName: 'markdownViewModule',
		platform: 'browser',
		target: 'es2022',
	}).outputFiles[0]?.text;
	return bundle ?? '';
}

/** What a rendered reply asked of the host. */
export interface HostCalls {
	readonly opened: string[];
	readonly copied: string[];
}

/**
 * A page in jsdom with the markdown view loaded and one view in `#reply`. Scripts run in it
 * (`runScripts: 'dangerously'`), so a script that got through would run and leave its mark.
 */
export function markdownPage(): { dom: JSDOM; host: HTMLElement; view: ReturnType<MarkdownViewModule['createMarkdownView']>; calls: HostCalls; module: MarkdownViewModule } {
	const dom = new JSDOM('<!doctype html><html><body><div id="reply"></div></body></html>', { runScripts: 'dangerously' });
	// Loaded as the webview loads it, by a script element, so that its top-level `var` is a global.
	const script = dom.window.document.createElement('script');
	script.textContent = markdownViewBundle();
	dom.window.document.head.append(script);
	const module = (dom.window as unknown as { markdownViewModule: MarkdownViewModule }).markdownViewModule;
	const host = dom.window.document.getElementById('reply') as HTMLElement;
	const calls: HostCalls = { opened: [], copied: [] };
	const view = module.createMarkdownView(host, { openLink: (url) => calls.opened.push(url), copy: (text) => calls.copied.push(text) });
	return { dom, host, view, calls, module };
}
