// The dataset report as DOM: the header, the key figures and one section a part of the report. All
// dataset text goes in as text (textContent), never as markup: a dataset is untrusted input.
import type { DatasetReport, ExampleRef } from '../../dataset/report';
import { FORMAT_NAMES } from '../../dataset/types';
import { plural, problemsText } from '../../dataset/summaryText';
import { button, element, withClass, withIcon } from '../dom';
import { binRange, costFigure, count, fraction, percent } from './figures';

/** What the report asks of the host. */
export interface ReportActions {
	/** Shows the dataset at this zero-based line. */
	revealLine(line: number): void;
	changeModel(): void;
}

/** A button that shows a zero-based `line` in the editor, reading "line N" (one-based, as the editor counts). */
export function lineButton(line: number, actions: ReportActions): HTMLButtonElement {
	// Numbered as the editor numbers lines: no thousands separators.
	return withClass('line-link', button(`line ${line + 1}`, () => actions.revealLine(line), `Show line ${line + 1} in the editor`));
}

/** A bar `share` (0 to 1) of its track long; decorative, since its number stands beside it. */
function bar(share: number, className = ''): HTMLElement {
	const track = element('span', `bar-track ${className}`.trim());
	track.setAttribute('aria-hidden', 'true');
	const fill = element('span', 'bar');
	// CSSOM, which the policy allows, where a style attribute would be refused.
	fill.style.setProperty('--share', String(share));
	track.append(fill);
	return track;
}

function section(id: string, title: string, ...content: Node[]): HTMLElement {
	const block = element('section', `part ${id}`);
	const heading = element('h2', '', title);
	heading.id = `${id}-heading`;
	block.setAttribute('aria-labelledby', heading.id);
	block.append(heading, ...content);
	return block;
}

function empty(text: string): HTMLElement {
	return element('p', 'empty', text);
}

/** A table with a caption for screen readers, headers, and cells of text or nodes. */
function table(label: string, headers: readonly string[], rows: readonly (readonly (string | Node)[])[], numeric: readonly number[] = []): HTMLTableElement {
	const grid = element('table', 'grid');
	grid.setAttribute('aria-label', label);
	const head = grid.createTHead().insertRow();
	headers.forEach((header, index) => {
		const cell = element('th', numeric.includes(index) ? 'number' : '', header);
		cell.scope = 'col';
		head.append(cell);
	});
	const body = grid.createTBody();
	for (const row of rows) {
		const line = body.insertRow();
		row.forEach((content, index) => {
			const cell = line.insertCell();
			if (numeric.includes(index)) {
				cell.className = 'number';
			}
			cell.append(content);
		});
	}
	return grid;
}

/** The start of an example's text as the report quotes it; an empty one says so. */
function preview(text: string, cut = false): HTMLElement {
	const quote = element('span', 'preview', text.trim() === '' ? '(no text)' : text);
	if (cut) {
		const marker = element('span', 'cut', '…');
		marker.title = 'cut short';
		marker.setAttribute('aria-label', 'cut short');
		quote.append(marker);
	}
	return quote;
}

/** The report's title block: the file, its model (which can be changed), format, size and problems. */
export function renderHeader(file: string, report: DatasetReport, actions: ReportActions): HTMLElement[] {
	const { summary } = report;
	const title = element('h1', 'file', file);
	title.title = file;
	const model = element('p', 'model');
	model.append(
		element('span', 'label', 'Target model '),
		element('strong', 'model-name', summary.model || 'none set'),
		withIcon('beaker', withClass('change-model', button('Change Model…', () => actions.changeModel(), 'Pick another target model'))),
	);
	const facts = element('ul', 'facts');
	facts.setAttribute('aria-label', 'File');
	const problems = element('li', summary.errors > 0 ? 'problems has-errors' : summary.warnings > 0 ? 'problems has-warnings' : 'problems');
	problems.append(withIcon(summary.errors > 0 ? 'error' : summary.warnings > 0 ? 'warning' : 'pass', element('span', '', problemsText(summary))));
	facts.append(
		element('li', 'format', summary.format ? FORMAT_NAMES[summary.format] : 'no format detected'),
		element('li', 'examples', plural(summary.examples, 'example')),
		element('li', 'lines', plural(report.lines, 'line')),
		problems,
	);
	return [title, model, facts];
}

/** One figure: what it is, its value, and a line on what it rests on. */
function card(label: string, value: string, detail?: string, className = ''): HTMLLIElement {
	const item = element('li', `card ${className}`.trim());
	item.append(element('span', 'card-label', label), element('strong', 'card-value', value));
	if (detail) {
		item.append(element('span', 'card-detail', detail));
	}
	return item;
}

/** The key figures as cards, the assistant tokens' share with a meter. */
export function renderFigures(report: DatasetReport): HTMLElement {
	const { summary } = report;
	const { tokens, estimate } = summary;
	const cards = element('ul', 'cards');
	const over = tokens.max > report.contextTokens;
	const cost = costFigure(estimate);
	const share = element('li', 'card assistant-share');
	const meter = element('div', 'meter');
	meter.setAttribute('role', 'meter');
	meter.setAttribute('aria-label', 'Assistant tokens');
	meter.setAttribute('aria-valuemin', '0');
	meter.setAttribute('aria-valuemax', '100');
	meter.setAttribute('aria-valuenow', String(Math.round(100 * fraction(report.assistantTokens, tokens.total))));
	meter.setAttribute('aria-valuetext', percent(report.assistantTokens, tokens.total));
	const fill = element('span', 'meter-fill');
	fill.style.setProperty('--share', String(fraction(report.assistantTokens, tokens.total)));
	meter.append(fill);
	share.append(
		element('span', 'card-label', 'Assistant tokens'),
		element('strong', 'card-value', percent(report.assistantTokens, tokens.total)),
		meter,
		element('span', 'card-detail', `${count(report.assistantTokens)} of ${plural(tokens.total, 'token')} are what the model learns to write`),
	);
	cards.append(
		card('Examples', count(summary.examples), undefined, 'examples'),
		card('Total tokens', count(tokens.total), undefined, 'total-tokens'),
		card('Mean tokens', count(tokens.mean), 'per example', 'mean-tokens'),
		card('p95 tokens', count(tokens.p95), '95% of examples have at most this many', 'p95-tokens'),
		card('Max tokens', count(tokens.max), over ? `over the limit of ${count(report.contextTokens)}` : `limit ${count(report.contextTokens)}`, over ? 'max-tokens over' : 'max-tokens'),
		card('Default epochs', count(estimate.epochs), 'as OpenAI picks for this many examples', 'epochs'),
		card('Billed tokens', count(estimate.billedTokens), 'epochs × tokens, each example capped at the limit', 'billed-tokens'),
		card('Estimated cost', cost.value, cost.detail, 'cost'),
		share,
	);
	return section('figures', 'Key figures', cards);
}

/** The tokens-per-example section around the chart's element, with what the chart says in words and a table of its bars. */
export function renderHistogram(report: DatasetReport, chartHost: HTMLElement): HTMLElement {
	const limit = count(report.contextTokens);
	const verdict =
		report.overLimit > 0
			? withIcon('warning', element('p', 'verdict over', `${plural(report.overLimit, 'example')} ${report.overLimit === 1 ? 'is' : 'are'} longer than the model's training context of ${limit} tokens: training cuts ${report.overLimit === 1 ? 'it' : 'them'} off.`))
			: element('p', 'verdict', report.summary.examples > 0 ? `Every example fits the model's training context of ${limit} tokens.` : `The model's training context is ${limit} tokens.`);
	chartHost.setAttribute('role', 'img');
	const bins = report.tokenHistogram.filter((bin) => bin.examples > 0);
	chartHost.setAttribute('aria-label', `Histogram of tokens per example, ${plural(bins.length, 'bar')}, the limit at ${limit} tokens; the table below lists the bars`);
	if (bins.length === 0) {
		return section('histogram', 'Tokens per example', verdict, chartHost);
	}
	const details = element('details', 'bins');
	details.append(element('summary', '', 'The bars as a table'), table('Tokens per example', ['Tokens', 'Examples'], bins.map((bin) => [binRange(bin), count(bin.examples)]), [1]));
	return section('histogram', 'Tokens per example', verdict, chartHost, details);
}

/** How many messages the examples have, as horizontal bars. */
export function renderMessagesPerExample(report: DatasetReport): HTMLElement {
	const rows = report.messagesPerExample;
	if (rows.length === 0) {
		return section('messages', 'Messages per example', empty('No examples.'));
	}
	const most = Math.max(...rows.map((row) => row.examples));
	return section(
		'messages',
		'Messages per example',
		table('Messages per example', ['Messages', 'Examples', ''], rows.map((row) => [count(row.messages), count(row.examples), bar(fraction(row.examples, most))]), [0, 1]),
	);
}

/** Who speaks: in how many messages, and in how many examples, with bars against the largest. */
export function renderRoles(report: DatasetReport): HTMLElement {
	const roles = report.roles;
	if (roles.length === 0) {
		return section('roles', 'Roles', empty('No messages.'));
	}
	const examples = report.summary.examples;
	const mostMessages = Math.max(...roles.map((role) => role.messages));
	const withBar = (text: string, share: number): HTMLElement => {
		const cell = element('span', 'with-bar');
		cell.append(element('span', 'figure', text), bar(share));
		return cell;
	};
	return section(
		'roles',
		'Roles',
		table(
			'Roles',
			['Role', 'Messages', 'Examples'],
			roles.map((role) => [element('code', 'role', role.role), withBar(count(role.messages), fraction(role.messages, mostMessages)), withBar(`${count(role.examples)} (${percent(role.examples, examples)})`, fraction(role.examples, examples))]),
		),
	);
}

/** The most common system prompts, with how many examples begin with each and where the first is. */
export function renderSystemPrompts(report: DatasetReport, actions: ReportActions): HTMLElement {
	const examples = report.summary.examples;
	if (examples === 0) {
		return section('system-prompts', 'System prompts', empty('No examples.'));
	}
	const without = element('p', 'without-system', `${plural(report.withoutSystemPrompt, 'example')} without a system prompt (${percent(report.withoutSystemPrompt, examples)}).`);
	if (report.systemPrompts.length === 0) {
		return section('system-prompts', 'System prompts', empty('No system prompts.'), without);
	}
	const list = element('ol', 'prompts');
	for (const prompt of report.systemPrompts) {
		const item = element('li', 'prompt');
		const meta = element('div', 'prompt-meta');
		meta.append(element('strong', 'prompt-count', `${plural(prompt.examples, 'example')} (${percent(prompt.examples, examples)})`), bar(fraction(prompt.examples, examples)), element('span', 'first', 'first on'), lineButton(prompt.firstLine, actions));
		item.append(meta, withClass('prompt-text', preview(prompt.text, prompt.truncated)));
		list.append(item);
	}
	return section('system-prompts', 'System prompts', list, without);
}

/** Groups of exact duplicates: how large, what they start with, and where they are. */
export function renderDuplicates(report: DatasetReport, actions: ReportActions): HTMLElement {
	if (report.duplicateGroups.length === 0) {
		return section('duplicates', 'Duplicates', empty(report.summary.examples > 1 ? 'No duplicates: every example is different.' : 'No duplicates.'));
	}
	const summary = element('p', 'duplicate-summary', `${plural(report.duplicateExamples, 'example')} repeat${report.duplicateExamples === 1 ? 's' : ''} an earlier one: a dedupe would drop ${report.duplicateExamples === 1 ? 'it' : 'them'}.`);
	const list = element('ol', 'groups');
	for (const group of report.duplicateGroups) {
		const item = element('li', 'group');
		const lines = element('span', 'group-lines');
		lines.append(...group.lines.map((line) => lineButton(line, actions)));
		const more = group.examples - group.lines.length;
		if (more > 0) {
			lines.append(element('span', 'more', `+${count(more)} more`));
		}
		item.append(element('strong', 'group-count', `${count(group.examples)} copies`), preview(group.preview), lines);
		list.append(item);
	}
	return section('duplicates', 'Duplicates', summary, list);
}

function extremes(id: string, title: string, examples: readonly ExampleRef[], report: DatasetReport, actions: ReportActions): HTMLElement {
	if (examples.length === 0) {
		return section(id, title, empty('No examples.'));
	}
	return section(
		id,
		title,
		table(
			title,
			['Tokens', 'Starts with', 'Line'],
			examples.map((example) => [withClass(example.tokens > report.contextTokens ? 'over' : 'within', element('span', 'tokens', count(example.tokens))), preview(example.preview), lineButton(example.line, actions)]),
			[0],
		),
	);
}

/** The longest and the shortest examples, each with a link to its line. */
export function renderExtremes(report: DatasetReport, actions: ReportActions): HTMLElement[] {
	return [extremes('longest', 'Longest examples', report.longest, report, actions), extremes('shortest', 'Shortest examples', report.shortest, report, actions)];
}
