import * as path from 'node:path';

/** The repository root (this file runs from `out/test/host/`). */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Downloads and per-run state live here, outside `node_modules`, like `@vscode/test-electron`'s cache. */
export const CACHE_ROOT = path.join(PROJECT_ROOT, '.vscode-test');

/** Screenshots the tests take, kept for a person to look at. */
export const SCREENSHOT_DIR = path.join(CACHE_ROOT, 'screenshots');

/** The example workspace `npm start` opens and the integration tests run in (a copy of it). */
export const SAMPLE_WORKSPACE = path.join(PROJECT_ROOT, 'test', 'fixtures', 'sample-workspace');

/** The extension's id, `publisher.name`. */
export const EXTENSION_ID = 'finetune-studio.finetune-studio';
