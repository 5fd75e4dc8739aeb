import * as vscode from 'vscode';
import { CONFIG_SECTION, SETTINGS } from '../contributes';

export type SettingKey = keyof typeof SETTINGS;
type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K] extends string ? string : (typeof SETTINGS)[K];

/** Reads a setting for `scope` (a document or folder), falling back to its declared default. */
export function getSetting<K extends SettingKey>(key: K, scope?: vscode.ConfigurationScope): SettingValue<K> {
	return vscode.workspace.getConfiguration(CONFIG_SECTION, scope).get<SettingValue<K>>(key, SETTINGS[key] as SettingValue<K>);
}

/** Writes a setting to the workspace when one is open, else to the user settings. */
export async function updateSetting<K extends SettingKey>(key: K, value: SettingValue<K>): Promise<void> {
	const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
	await vscode.workspace.getConfiguration(CONFIG_SECTION).update(key, value, target);
}

/** Writes a setting to the user settings: where application-scoped settings live. */
export async function updateUserSetting<K extends SettingKey>(key: K, value: SettingValue<K> | undefined): Promise<void> {
	await vscode.workspace.getConfiguration(CONFIG_SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}

/** Fires `listener` when a setting of the extension changes. */
export function onDidChangeSettings(listener: (event: vscode.ConfigurationChangeEvent) => void): vscode.Disposable {
	return vscode.workspace.onDidChangeConfiguration((event) => {
		if (event.affectsConfiguration(CONFIG_SECTION)) {
			listener(event);
		}
	});
}
