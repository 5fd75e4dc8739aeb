import * as assert from 'node:assert/strict';
import { chatContentSecurityPolicy } from '../../src/chat/csp';

describe('chat webview content security policy', () => {
	const source = 'https://file+.vscode-resource.vscode-cdn.net';
	const directives = new Map(
		chatContentSecurityPolicy(source, 'NONCE')
			.split(';')
			.map((directive) => directive.trim().split(/\s+/))
			.map(([name, ...values]) => [name, values] as const),
	);

	it('loads images only from the extension: no https:, no data:, no other host', () => {
		assert.deepEqual(directives.get('img-src'), [source]);
	});

	it('denies by default and runs only the nonced script', () => {
		assert.deepEqual(directives.get('default-src'), ["'none'"]);
		assert.deepEqual(directives.get('script-src'), ["'nonce-NONCE'"]);
		for (const [name, values] of directives) {
			assert.ok(!values.some((value) => value === 'https:' || value === 'data:' || value === '*' || value.includes('unsafe')), `${name}: ${values.join(' ')}`);
		}
	});
});
