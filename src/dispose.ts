import type * as vscode from 'vscode';

/** A base for long-lived objects: what they `_register` is disposed with them, once. */
export abstract class Disposable implements vscode.Disposable {
	private readonly registered: vscode.Disposable[] = [];
	private disposed = false;

	dispose(): void {
		if (this.disposed) {
			return;
		}
		this.disposed = true;
		for (const disposable of this.registered.splice(0).reverse()) {
			disposable.dispose();
		}
	}

	protected get isDisposed(): boolean {
		return this.disposed;
	}

	/** Keeps `disposable` until this object is disposed; disposes it at once if that already happened. */
	protected _register<T extends vscode.Disposable>(disposable: T): T {
		if (this.disposed) {
			disposable.dispose();
		} else {
			this.registered.push(disposable);
		}
		return disposable;
	}
}
