import type { ChatColumn, ChatParameters } from '../../chat/conversation';
import type { FromWebview } from '../../chat/protocol';
import { button, element, withClass, withIcon } from '../dom';

interface NumberField {
	readonly key: 'temperature' | 'topP' | 'maxTokens' | 'seed';
	readonly label: string;
	readonly min?: number;
	readonly max?: number;
	readonly step: number;
}

const NUMBER_FIELDS: readonly NumberField[] = [
	{ key: 'temperature', label: 'Temperature', min: 0, max: 2, step: 0.1 },
	{ key: 'topP', label: 'Top P', min: 0, max: 1, step: 0.05 },
	{ key: 'maxTokens', label: 'Max tokens', min: 1, step: 1 },
	{ key: 'seed', label: 'Seed', step: 1 },
];

/** The parameters the fields say: empty fields are left to the API's defaults, stop sequences one a line. */
function readParameters(inputs: ReadonlyMap<NumberField['key'], HTMLInputElement>, stop: HTMLTextAreaElement): ChatParameters {
	const parameters: { -readonly [K in keyof ChatParameters]: ChatParameters[K] } = {};
	for (const [key, input] of inputs) {
		const value = input.valueAsNumber;
		if (input.value !== '' && Number.isFinite(value)) {
			parameters[key] = key === 'maxTokens' || key === 'seed' ? Math.round(value) : value;
		}
	}
	const sequences = stop.value.split('\n').filter((line) => line !== '');
	if (sequences.length) {
		parameters.stop = sequences;
	}
	return parameters;
}

/** The model chooser: a button that looks like a dropdown, since it opens the model picker. */
function modelButton(text: string, onClick: () => void, label: string): HTMLButtonElement {
	return withIcon('chevron-down', withClass('model', button(text, onClick, label)), true);
}

/** A labelled field: its label above its control, so a narrow column wraps fields, never a field. */
function labelledField(label: string, control: HTMLInputElement | HTMLTextAreaElement): HTMLElement {
	const shown = element('label', '', label);
	shown.htmlFor = control.id;
	const wrapper = element('div', 'field');
	wrapper.append(shown, control);
	return wrapper;
}

/** One column's head: its model (a button that opens the picker), its parameters, and Remove in Compare. */
function columnHead(column: ChatColumn, index: number, count: number, post: (message: FromWebview) => void): HTMLElement {
	const head = element('div', 'column-head');
	head.dataset['column'] = String(index);
	const legacy = column.model.api === 'completions' ? ' (completions)' : '';
	const model = modelButton(`${column.model.model}${legacy}`, () => post({ type: 'pickModel', column: index }), `Model of column ${index + 1}: ${column.model.model} on ${column.model.connection}. Choose another`);

	const details = element('details', 'parameters');
	details.append(element('summary', '', 'Parameters'));
	const fields = element('div', 'parameter-fields');
	const inputs = new Map<NumberField['key'], HTMLInputElement>();
	const stop = element('textarea', 'stop-sequences');
	const changed = (): void => post({ type: 'parameters', column: index, parameters: readParameters(inputs, stop) });
	for (const field of NUMBER_FIELDS) {
		const input = element('input', field.key);
		input.id = `column-${index}-${field.key}`;
		input.type = 'number';
		input.step = String(field.step);
		if (field.min !== undefined) {
			input.min = String(field.min);
		}
		if (field.max !== undefined) {
			input.max = String(field.max);
		}
		input.placeholder = 'default';
		const value = column.parameters[field.key];
		input.value = value === undefined ? '' : String(value);
		input.addEventListener('input', changed);
		inputs.set(field.key, input);
		fields.append(labelledField(field.label, input));
	}
	stop.id = `column-${index}-stop`;
	stop.rows = 2;
	stop.placeholder = 'one a line';
	stop.value = (column.parameters.stop ?? []).join('\n');
	stop.addEventListener('input', changed);
	fields.append(withClass('stop-field', labelledField('Stop sequences', stop)));
	details.append(fields);

	const remove = count > 1 ? [withIcon('close', withClass('remove-column', button('Remove', () => post({ type: 'removeColumn', column: index }), `Remove ${column.model.model} from the comparison`)))] : [];
	head.append(model, ...remove, details);
	return head;
}

/** The heads of the conversation's columns, side by side like their replies; a single "Choose a model" before any is chosen. */
export function columnsBar(columns: readonly ChatColumn[], post: (message: FromWebview) => void): HTMLElement {
	const bar = element('div', 'columns');
	bar.style.setProperty('--columns', String(Math.max(1, columns.length)));
	if (!columns.length) {
		bar.append(modelButton('Choose a model…', () => post({ type: 'pickModel', column: 0 }), 'Choose the model to chat with'));
	}
	bar.append(...columns.map((column, index) => columnHead(column, index, columns.length, post)));
	return bar;
}
