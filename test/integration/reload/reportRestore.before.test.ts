import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/contributes';
import type { Rendered } from '../../../src/report/reportPanel';
import { workspaceFile } from '../workspace';
import { RESTORED_REPORT } from './reportRestore';

describe('Dataset report, before the window reloads', () => {
	it('leaves the report of a dataset open', async () => {
		const file = workspaceFile(RESTORED_REPORT.file);
		const rendered = await vscode.commands.executeCommand<Rendered | undefined>(COMMANDS.showDatasetReport, file);
		if (!rendered) {
			throw new Error('the report was not drawn');
		}
	});
});
