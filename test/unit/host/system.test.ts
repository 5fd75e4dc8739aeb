import * as assert from 'node:assert/strict';
import { aptGetArguments } from '../../host/system';

describe('test host: system packages', () => {
	it('has apt-get wait for a dpkg lock another apt-get holds, instead of failing npm start and the tests', () => {
		const args = aptGetArguments('install', '-y', 'chromium');
		const option = args.indexOf('-o');
		assert.ok(option >= 0 && /^DPkg::Lock::Timeout=\d+$/.test(args[option + 1] ?? ''), args.join(' '));
		assert.ok(Number(args[option + 1]?.split('=')[1]) >= 60, 'long enough for an unattended upgrade');
		assert.deepEqual(args.slice(-3), ['install', '-y', 'chromium']);
	});
});
