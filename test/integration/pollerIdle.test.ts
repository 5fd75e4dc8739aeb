import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contributes';
import { createOpenAIClient } from '../../src/openai/client';
import { FilesService } from '../../src/openai/files';
import { JobsService } from '../../src/openai/jobs';
import { pollIntervalMs } from '../../src/tracking/jobView';
import { startEmulator, type Emulator, type RecordedRequest } from '../fixtures/openai-emulator';
import { connectToEmulator, disconnectFromEmulator } from './emulatorConnection';
import { keyboard } from './harness';
import { waitFor } from './waitFor';
import { workspaceFile } from './workspace';

const API_KEY = 'sk-test-PollerIdleIntegration012';
const CONNECTION = 'emu-poller';
// Emulated seconds a job takes: queued at 10 %, training from 20 % to 90 %, done at 100 %.
const JOB_SECONDS = 100;
const FIRST = 'first-job.jsonl';
const SECOND = 'second-job.jsonl';
/** How long a look at a job is held by the emulator, so that anything that could start a second look meanwhile gets the chance. */
const SLOW_LOOK_MS = 3_000;

/** Waits until the Jobs view shows a row with every one of `texts`. */
function jobRow(...texts: string[]): { waitFor: string } {
	return { waitFor: `.pane-body .monaco-list-row${texts.map((text) => `:has-text("${text}")`).join('')}` };
}

/** The poller's looks at `jobId` (GET of the job itself, not of its events) among `requests`. */
function looksAt(requests: readonly RecordedRequest[], jobId: string): RecordedRequest[] {
	return requests.filter((request) => request.method === 'GET' && request.path === `/v1/fine_tuning/jobs/${jobId}`);
}

/** Fails when two of `looks` were under way at once: each must have ended before the next began. */
function assertNoOverlap(looks: readonly RecordedRequest[]): void {
	const sorted = [...looks].sort((a, b) => a.startedAt - b.startedAt);
	sorted.forEach((look, index) => {
		assert.ok(look.endedAt !== undefined, 'every look has ended');
		const next = sorted[index + 1];
		if (next) {
			assert.ok(next.startedAt >= look.endedAt, `a look began ${(look.endedAt - next.startedAt).toFixed(0)} ms before the one before it ended`);
		}
	});
}

async function hideTheViews(): Promise<void> {
	await vscode.commands.executeCommand('workbench.view.explorer');
	// A metrics chart is the poller's other reason to look.
	await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Lets `realMs` of real time pass while the emulator's manual clock moves `emulatedMs` in `steps`.
 * A real wait, not an event: what is shown is that nothing happens, and the poller's timers run on
 * real time (a running job is looked at every {@link pollIntervalMs} = 15 s), while the extension
 * exposes no hook to its timers. So the window spans two poll intervals: had the poller kept
 * looking, at least one look per watched job would land inside it.
 */
async function quietWindow(emulator: Emulator, emulatedMs: number, steps: number, realMs: number): Promise<void> {
	for (let step = 0; step < steps; step++) {
		await new Promise((resolve) => setTimeout(resolve, realMs / steps));
		emulator.advance(emulatedMs / steps);
	}
}

describe('The poller: one look at a time while a view shows the jobs, and not one request while idle', () => {
	const twoIntervalsMs = 2 * pollIntervalMs('running');
	let emulator: Emulator;
	let jobs: JobsService;
	let fileId: string;
	let firstId: string;
	let secondId: string;

	before(async () => {
		emulator = await startEmulator({ clock: 'manual', jobSeconds: JOB_SECONDS });
		await hideTheViews();
		await connectToEmulator(emulator, CONNECTION, API_KEY);
		// Jobs made elsewhere (another tool, the dashboard), not launched from this window: the poller
		// follows them only for the views.
		const client = createOpenAIClient({ apiKey: API_KEY, baseURL: emulator.baseURL });
		fileId = (await new FilesService(client).upload(workspaceFile('datasets/support-chat.jsonl').fsPath, { purpose: 'fine-tune' })).id;
		jobs = new JobsService(client);
		firstId = (await jobs.create({ trainingFile: fileId, model: 'gpt-4o-mini-2024-07-18', method: 'supervised', hyperparameters: { n_epochs: 2 }, metadata: { dataset: FIRST } })).id;
	});

	after(async () => {
		emulator.clearFaults();
		await disconnectFromEmulator(CONNECTION);
		await hideTheViews();
		await emulator.close();
	});

	it('looks at a job while the Jobs view shows it, and never twice at once, whatever asks for a look meanwhile', async () => {
		const start = emulator.requests.length;
		// The first two looks are slow; hiding and showing the view and refreshing it during one would each start another look if the poller were not single-flight.
		emulator.addFault({ route: new RegExp(`^GET /v1/fine_tuning/jobs/${firstId}$`), kind: 'delay', delayMs: SLOW_LOOK_MS, times: 2 });
		await vscode.commands.executeCommand('workbench.view.extension.finetuneStudio');
		await keyboard(jobRow(FIRST, 'validating files'));
		const inFlight = () => looksAt(emulator.requests.slice(start), firstId).some((look) => look.endedAt === undefined);
		await waitFor(inFlight, 'the first look at the job');
		await vscode.commands.executeCommand('workbench.view.explorer');
		await vscode.commands.executeCommand('workbench.view.extension.finetuneStudio');
		await vscode.commands.executeCommand(COMMANDS.refreshJobs);
		assert.ok(inFlight(), 'the view was hidden, shown and refreshed while the look was under way');
		await keyboard(jobRow(FIRST, 'validating files'));
		// Looks come 5 s apart while files are validated: both slow ones, over.
		await waitFor(() => looksAt(emulator.requests.slice(start), firstId).length >= 2 && !inFlight(), 'two looks at the job', 20_000);

		// Into training: the next look sees it, with the step from its events.
		emulator.advance(JOB_SECONDS * 500);
		await keyboard(jobRow(FIRST, 'running', 'step'));
		assertNoOverlap(looksAt(emulator.requests.slice(start), firstId));
	});

	it('asks nothing about a running job while no view shows it, and looks again once one does', async function () {
		// Two poll intervals of real time in the quiet window, besides the setup.
		this.timeout(twoIntervalsMs + 60_000);
		secondId = (await jobs.create({ trainingFile: fileId, model: 'gpt-4o-mini-2024-07-18', method: 'supervised', hyperparameters: { n_epochs: 2 }, metadata: { dataset: SECOND } })).id;
		await vscode.commands.executeCommand(COMMANDS.refreshJobs);
		await keyboard(jobRow(SECOND, 'validating files'));
		// Emulated 75 s: the first job trains until 90 s, the second (created at 50 s) from 70 s.
		emulator.advance(25_000);
		await keyboard(jobRow(SECOND, 'running'));

		await hideTheViews();
		const mark = emulator.requests.length;
		// Both jobs train through the whole window (the first until 90 s of emulated time).
		await quietWindow(emulator, 10_000, 5, twoIntervalsMs);
		assert.deepEqual(emulator.requests.slice(mark).map((request) => `${request.method} ${request.path}`), [], 'no request while no view shows the jobs');

		// They were still followed, only not looked at: shown again, both are looked at at once.
		await vscode.commands.executeCommand('workbench.view.extension.finetuneStudio');
		await waitFor(() => looksAt(emulator.requests.slice(mark), firstId).length > 0 && looksAt(emulator.requests.slice(mark), secondId).length > 0, 'a look at each job');
		assertNoOverlap(looksAt(emulator.requests, firstId));
		assertNoOverlap(looksAt(emulator.requests, secondId));
	});

	it('asks nothing over an idle hour of emulated time once the jobs ended and nothing shows them', async function () {
		this.timeout(twoIntervalsMs + 60_000);
		// Emulated 155 s: both jobs have succeeded; the next looks (one interval on) see it.
		emulator.advance(70_000);
		await keyboard(jobRow(FIRST, 'succeeded'), jobRow(SECOND, 'succeeded'));

		await hideTheViews();
		const mark = emulator.requests.length;
		await quietWindow(emulator, 60 * 60_000, 6, twoIntervalsMs);
		assert.deepEqual(emulator.requests.slice(mark).map((request) => `${request.method} ${request.path}`), [], 'no request over the idle hour');
		assertNoOverlap(looksAt(emulator.requests, firstId));
		assertNoOverlap(looksAt(emulator.requests, secondId));
	});
});
