import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/contributes';
import type { Rendered } from '../../src/metrics/metricsPanel';
import type { FineTuningJobEvent } from 'openai/resources/fine-tuning/jobs/jobs';
import { createOpenAIClient } from '../../src/openai/client';
import { FilesService } from '../../src/openai/files';
import { JobsService } from '../../src/openai/jobs';
import { metricsOf } from '../../src/tracking/jobView';
import { parseResultCsv, SERIES_KEYS, type SeriesKey } from '../../src/tracking/metricsSeries';
import { startEmulator, type Emulator } from '../fixtures/openai-emulator';
import { keyboard, log, screenshot } from './harness';
import { connectToEmulator, disconnectFromEmulator } from './emulatorConnection';
import { workspaceFile } from './workspace';

const API_KEY = 'sk-test-MetricsChartIntegration01';
const CONNECTION = 'emu-metrics';
const JOB_SECONDS = 100;

/** Per curve, the number of values and their sum: what the webview reports it drew. */
function expected(points: readonly Partial<Record<SeriesKey | 'step', number>>[]): Record<SeriesKey, { points: number; sum: number }> {
	return Object.fromEntries(
		SERIES_KEYS.map((key) => {
			const values = points.map((point) => point[key]).filter((value): value is number => value !== undefined);
			return [key, { points: values.length, sum: values.reduce((sum, value) => sum + value, 0) }];
		}),
	) as Record<SeriesKey, { points: number; sum: number }>;
}

function assertDrawn(rendered: Rendered | undefined, jobId: string, want: Record<SeriesKey, { points: number; sum: number }>): void {
	const drawn = rendered?.jobs[jobId];
	assert.ok(drawn, `the webview drew ${jobId}`);
	for (const key of SERIES_KEYS) {
		assert.equal(drawn[key].points, want[key].points, `${key}: points`);
		assert.ok(Math.abs(drawn[key].sum - want[key].sum) < 1e-6, `${key}: sum ${drawn[key].sum}, expected ${want[key].sum}`);
	}
}

/**
 * Asks Show Metrics for the job shown until the webview's drawing satisfies `condition`: asked again,
 * the panel redraws what it has without fetching, so a change can only come from the poller's looks
 * (or a theme change). Like waitFor, for a change the API offers no event for.
 */
async function drawnWhen(row: unknown, condition: (rendered: Rendered | undefined) => boolean, what: string, timeoutMs = 40_000): Promise<Rendered | undefined> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const rendered = await vscode.commands.executeCommand<Rendered | undefined>(COMMANDS.showMetrics, row);
		if (condition(rendered)) {
			return rendered;
		}
		if (Date.now() > deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

function metricsSoFar(events: readonly FineTuningJobEvent[]): Partial<Record<SeriesKey, number>>[] {
	return events
		.map(metricsOf)
		.filter((metrics) => metrics?.step !== undefined)
		.map((metrics) => ({ train_loss: metrics?.train_loss, train_accuracy: metrics?.train_mean_token_accuracy, valid_loss: metrics?.valid_loss, valid_accuracy: metrics?.valid_mean_token_accuracy, full_valid_loss: metrics?.full_valid_loss }));
}

describe("The metrics chart: a job's curves, live while it trains, then from its result file", () => {
	const workbench = () => vscode.workspace.getConfiguration('workbench');
	let emulator: Emulator;
	let jobs: JobsService;
	let files: FilesService;
	let jobId: string;
	let row: { connection: { name: string; kind: string; baseUrl: string }; jobId: string };
	let previousTheme: string | undefined;

	before(async () => {
		emulator = await startEmulator({ clock: 'manual', jobSeconds: JOB_SECONDS });
		await connectToEmulator(emulator, CONNECTION, API_KEY);
		const client = createOpenAIClient({ apiKey: API_KEY, baseURL: emulator.baseURL });
		files = new FilesService(client);
		jobs = new JobsService(client);
		const dataset = workspaceFile('datasets/support-chat.jsonl').fsPath;
		const training = await files.upload(dataset, { purpose: 'fine-tune' });
		const validation = await files.upload(dataset, { purpose: 'fine-tune' });
		jobId = (await jobs.create({ trainingFile: training.id, validationFile: validation.id, model: 'gpt-4o-mini-2024-07-18', method: 'supervised', hyperparameters: { n_epochs: 3 }, metadata: { dataset: 'support-chat.jsonl' } })).id;
		row = { connection: { name: CONNECTION, kind: 'openai', baseUrl: emulator.baseURL }, jobId };
		previousTheme = workbench().inspect<string>('colorTheme')?.globalValue;
	});

	after(async () => {
		await workbench().update('colorTheme', previousTheme, vscode.ConfigurationTarget.Global);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await disconnectFromEmulator(CONNECTION);
		await emulator.close();
	});

	it('draws the steps trained so far from metrics events while the job runs, and the new ones as the poller sees them', async () => {
		emulator.advance(JOB_SECONDS * 500);
		const before = metricsSoFar(await jobs.listAllEvents(jobId, { limit: 100 }));
		assert.ok(before.length > 0, 'the job trains');
		const rendered = await vscode.commands.executeCommand<Rendered | undefined>(COMMANDS.showMetrics, row);
		assertDrawn(rendered, jobId, expected(before));

		// More steps on the emulator's clock: the visible chart keeps the poller looking, and its looks bring
		// them, even after a refresh of the Jobs view made the poller forget every job.
		await vscode.commands.executeCommand(COMMANDS.refreshJobs);
		emulator.advance(JOB_SECONDS * 100);
		const after = metricsSoFar(await jobs.listAllEvents(jobId, { limit: 100 }));
		assert.ok(after.length > before.length);
		const live = await drawnWhen(row, (drawn) => drawn?.jobs[jobId]?.train_loss.points === after.length, 'the new steps in the chart');
		assertDrawn(live, jobId, expected(after));
	});

	it("draws every step of the result CSV once the job succeeded, full validation loss and checkpoints from the checkpoints, and matches the emulator's metrics", async () => {
		emulator.advance(JOB_SECONDS * 1000);
		const job = await jobs.retrieve(jobId);
		assert.equal(job.status, 'succeeded');
		const csv = parseResultCsv((await files.readContent(job.result_files[0] as string)).toString('utf8'));
		const checkpoints = (await jobs.listCheckpoints(jobId, { limit: 100 })).items;
		const events = (await jobs.listAllEvents(jobId, { limit: 100 })).map(metricsOf).filter((metrics) => metrics?.step !== undefined);
		assert.equal(csv.points.length, events.length, "the CSV holds every step the events reported");
		// The poller's look at the ended job makes the chart read the result file.
		const rendered = await drawnWhen(row, (drawn) => drawn?.jobs[jobId]?.train_loss.points === csv.points.length && drawn.checkpoints === checkpoints.length, 'the whole run in the chart');
		assertDrawn(rendered, jobId, expected([...csv.points, ...checkpoints.map((checkpoint) => ({ full_valid_loss: checkpoint.metrics.full_valid_loss }))]));
		assert.equal(rendered?.checkpoints, checkpoints.length, 'a mark for each checkpoint');
		log(`    the webview drew ${csv.points.length} steps × ${SERIES_KEYS.length} curves in ${rendered?.renderMs.toFixed(1)} ms`);
	});

	it('redraws in the colours of the theme: light and dark screenshots', async () => {
		for (const [theme, kind, name] of [
			['Default Light Modern', 'vscode-light', 'metrics-chart-light'],
			['Default Dark Modern', 'vscode-dark', 'metrics-chart-dark'],
		] as const) {
			await workbench().update('colorTheme', theme, vscode.ConfigurationTarget.Global);
			// The webview redraws when its theme class changes.
			await drawnWhen(row, (drawn) => drawn?.theme === kind, `a drawing in ${theme}`);
			await vscode.commands.executeCommand('notifications.clearAll');
			await screenshot(name);
		}
	});

	it('draws a job of 20,000 steps from its result CSV (the webview logs how long drawing took)', async () => {
		// 800 examples, one a batch, 25 epochs: 20,000 steps, each with validation metrics.
		const lines = Array.from({ length: 800 }, (_, index) => JSON.stringify({ messages: [{ role: 'user', content: `Question ${index} about order ${index * 7}?` }, { role: 'assistant', content: `Answer ${index}: order ${index * 7} ships in ${index % 9} days.` }] }));
		const large = workspaceFile('large-run.jsonl');
		await vscode.workspace.fs.writeFile(large, Buffer.from(`${lines.join('\n')}\n`));
		try {
			const training = await files.upload(large.fsPath, { purpose: 'fine-tune' });
			const largeJob = await jobs.create({ trainingFile: training.id, validationFile: training.id, model: 'gpt-4o-mini-2024-07-18', method: 'supervised', hyperparameters: { n_epochs: 25, batch_size: 1 } });
			emulator.advance(JOB_SECONDS * 1000);
			const rendered = await vscode.commands.executeCommand<Rendered | undefined>(COMMANDS.showMetrics, { ...row, jobId: largeJob.id });
			const drawn = rendered?.jobs[largeJob.id];
			assert.equal(drawn?.train_loss.points, 20_000);
			assert.equal(drawn?.valid_loss.points, 20_000);
			log(`    the webview drew 20,000 steps (${SERIES_KEYS.map((key) => drawn?.[key].points ?? 0).reduce((a, b) => a + b, 0).toLocaleString('en-US')} points) in ${rendered?.renderMs.toFixed(1)} ms`);
		} finally {
			await vscode.workspace.fs.delete(large);
		}
	});

	it('exports the curves as CSV from the keyboard: the webview asks, the host writes the file the user picked', async () => {
		const rendered = await vscode.commands.executeCommand<Rendered | undefined>(COMMANDS.showMetrics, row);
		assert.ok(rendered?.jobs[jobId]);
		const folder = workspaceFile('exported');
		const target = vscode.Uri.joinPath(folder, 'metrics.csv');
		await vscode.workspace.fs.createDirectory(folder);
		try {
			await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
			// Add Job…, the smoothing slider, Zoom In, Zoom Out, Reset Zoom, Export PNG…, Export CSV…
			const tabs = Array.from({ length: 7 }, () => ({ press: 'Tab' }));
			const written = new Promise<void>((resolve) => {
				const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '*.csv'));
				watcher.onDidCreate(() => (watcher.dispose(), resolve()));
			});
			// The web workbench's save dialog is a quick input that fills in its default path after it
			// opens; its list of the folder's entries shows once that is done, and only then is typing safe.
			await keyboard(...tabs, { press: 'Enter' }, { waitFor: '.quick-input-widget .quick-input-list .monaco-list-row' }, { press: 'ControlOrMeta+a' }, { type: target.fsPath }, { press: 'Enter' });
			await written;
			const text = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
			const job = await jobs.retrieve(jobId);
			const csv = parseResultCsv((await files.readContent(job.result_files[0] as string)).toString('utf8'));
			const exported = parseResultCsv(text);
			assert.equal(exported.skippedRows, 0);
			assert.deepEqual(
				exported.points.map(({ step, train_loss, train_accuracy, valid_loss, valid_accuracy }) => ({ step, train_loss, train_accuracy, valid_loss, valid_accuracy })),
				csv.points.map(({ step, train_loss, train_accuracy, valid_loss, valid_accuracy }) => ({ step, train_loss, train_accuracy, valid_loss, valid_accuracy })),
				'every step of the result file, as drawn',
			);
		} finally {
			await vscode.workspace.fs.delete(folder, { recursive: true });
		}
	});
});
