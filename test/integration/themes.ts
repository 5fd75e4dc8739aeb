import * as vscode from 'vscode';

/** The themes screenshots are taken in: the setting's name, the workbench's class for it, and a file-name suffix. */
export const THEMES = [
	['Default Light Modern', 'vs', 'light'],
	['Default Dark Modern', 'vs-dark', 'dark'],
	['Default High Contrast', 'hc-black', 'hc'],
] as const;

export const workbench = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('workbench');
