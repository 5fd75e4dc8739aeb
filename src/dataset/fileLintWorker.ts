// A worker thread that lints one partition of a dataset file for `lintFile`.
import { parentPort, workerData } from 'node:worker_threads';
import { lintPartition, type PartitionJob, type PartitionMessage } from './fileLint';
import { setRankDirectory } from './tokens';

const job = workerData as PartitionJob;
const post = (message: PartitionMessage): void => parentPort?.postMessage(message);

setRankDirectory(job.rankDirectory);
lintPartition(job, (bytes) => post({ type: 'progress', bytes })).then(
	(result) => post({ type: 'done', result }),
	(error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
);
