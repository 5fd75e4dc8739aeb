import type * as vscode from 'vscode';
import type { Connections } from '../connections';
import type { Conversation } from './conversation';

/** A reply to turn into training data: an SFT example, or (Compare) a DPO pair preferring one column over another. */
export type SaveRequest =
	| { readonly kind: 'example'; readonly conversation: Conversation; readonly turnIndex: number; readonly column: number; readonly editedText?: string }
	| { readonly kind: 'preference'; readonly conversation: Conversation; readonly turnIndex: number; readonly preferredColumn: number; readonly otherColumn: number };

/** Where the record went, or why nothing was written (dismissed, or findings the user did not accept). */
export type SaveOutcome = { readonly saved: true; readonly file: vscode.Uri } | { readonly saved: false; readonly reason: string };

// CONTRACT STUB (issue 10): replaced by the record builders, the lint check and the safe append.
export async function saveToDataset(_connections: Connections, _request: SaveRequest): Promise<SaveOutcome> {
	return { saved: false, reason: 'not built yet' };
}
