import * as vscode from 'vscode';

/** What one wizard screen ended with: an answer, Back, or Escape. */
export type StepOutcome<T> = { readonly kind: 'answer'; readonly value: T } | { readonly kind: 'back' } | { readonly kind: 'cancel' };

/** A quick pick item that carries the value it stands for. */
export interface ValueItem<T> extends vscode.QuickPickItem {
	readonly value?: T;
}

/** Where a screen sits in the wizard: the title and the "n/7" VS Code shows beside it. */
export interface StepPlacement {
	readonly title: string;
	readonly step: number;
	readonly totalSteps: number;
	readonly canGoBack: boolean;
}

/** Options of {@link pickStep}. */
export interface PickStepOptions<T> extends StepPlacement {
	readonly placeholder: string;
	readonly items: readonly ValueItem<T>[];
	/** The value to preselect, e.g. the earlier answer or the setting's. */
	readonly active?: T;
	/**
	 * The whole list again once what it needs arrives (from the network), replacing `items`; the pick
	 * shows busy till then and keeps the item the user has moved to.
	 */
	readonly updatedItems?: Promise<readonly ValueItem<T>[]>;
	readonly matchOnDescription?: boolean;
	readonly matchOnDetail?: boolean;
}

/** Shows one quick pick screen of a wizard, with a Back button when there is somewhere to go back to. */
export function pickStep<T>(options: PickStepOptions<T>): Promise<StepOutcome<T>> {
	const pick = vscode.window.createQuickPick<ValueItem<T>>();
	pick.placeholder = options.placeholder;
	pick.matchOnDescription = options.matchOnDescription ?? false;
	pick.matchOnDetail = options.matchOnDetail ?? false;
	const setItems = (items: readonly ValueItem<T>[]): void => {
		const wanted = pick.activeItems[0]?.value ?? options.active;
		pick.items = items;
		const active = wanted === undefined ? undefined : items.find((item) => item.value === wanted);
		if (active && pick.value === '') {
			pick.activeItems = [active];
		}
	};
	setItems(options.items);
	if (options.updatedItems) {
		pick.busy = true;
		void options.updatedItems
			.then(setItems)
			.finally(() => {
				pick.busy = false;
			});
	}
	return runScreen(pick, options, (finish) => [
		pick.onDidAccept(() => {
			const value = pick.selectedItems[0]?.value;
			if (value !== undefined) {
				finish({ kind: 'answer', value });
			}
		}),
	]);
}

/** Options of {@link inputStep}. */
export interface InputStepOptions extends StepPlacement {
	readonly prompt: string;
	readonly value?: string;
	readonly placeholder?: string;
	/** The validation message for `text`, or undefined when it is fine; shown as the user types. */
	readonly validate: (text: string) => string | undefined;
}

/** Shows one input box screen of a wizard; Enter is only taken once the text validates. */
export function inputStep(options: InputStepOptions): Promise<StepOutcome<string>> {
	const input = vscode.window.createInputBox();
	input.prompt = options.prompt;
	input.placeholder = options.placeholder;
	input.value = options.value ?? '';
	const check = (text: string): boolean => {
		const message = options.validate(text);
		input.validationMessage = message;
		return message === undefined;
	};
	check(input.value);
	return runScreen(input, options, (finish) => [
		input.onDidChangeValue((text) => check(text)),
		input.onDidAccept(() => {
			if (check(input.value)) {
				finish({ kind: 'answer', value: input.value });
			}
		}),
	]);
}

/**
 * Places `screen` in the wizard (title, "n/7", Back) and shows it until it ends: with the answer
 * its own listeners give `finish`, with Back, or with Escape or focus elsewhere ending it.
 */
function runScreen<T>(
	screen: vscode.QuickPick<ValueItem<unknown>> | vscode.InputBox,
	placement: StepPlacement,
	listen: (finish: (outcome: StepOutcome<T>) => void) => vscode.Disposable[],
): Promise<StepOutcome<T>> {
	screen.title = placement.title;
	screen.step = placement.step;
	screen.totalSteps = placement.totalSteps;
	screen.ignoreFocusOut = true;
	screen.buttons = placement.canGoBack ? [vscode.QuickInputButtons.Back] : [];
	return new Promise<StepOutcome<T>>((resolve) => {
		const subscriptions: vscode.Disposable[] = [];
		const finish = (outcome: StepOutcome<T>): void => {
			vscode.Disposable.from(...subscriptions).dispose();
			screen.dispose();
			resolve(outcome);
		};
		subscriptions.push(
			screen.onDidTriggerButton((button) => button === vscode.QuickInputButtons.Back && finish({ kind: 'back' })),
			screen.onDidHide(() => finish({ kind: 'cancel' })),
			...listen(finish),
		);
		screen.show();
	});
}
