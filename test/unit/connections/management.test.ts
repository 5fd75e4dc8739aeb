import * as assert from 'node:assert/strict';
import { deploymentsTarget, NotDeployableError } from '../../../src/connections/management';
import type { Connection } from '../../../src/connections/model';

const token = () => Promise.resolve('management-token');

/** The error `deploymentsTarget` throws for `connection`. */
function refusal(connection: Connection): NotDeployableError {
	try {
		deploymentsTarget(connection, 'https://management.azure.com', token);
	} catch (error) {
		assert.ok(NotDeployableError.is(error));
		return error;
	}
	assert.fail('expected a refusal');
}

describe('connections: where deployments are managed', () => {
	const azure: Connection = { name: 'azure-east', kind: 'azure', baseUrl: 'https://east.openai.azure.com/', subscriptionId: 'sub', resourceGroup: 'rg', accountName: 'east' };

	it('points ARM at the resource a connection names, with the management token, whether it uses a key or Entra', async () => {
		for (const connection of [azure, { ...azure, auth: 'entra' as const }]) {
			const target = deploymentsTarget(connection, 'https://management.usgovcloudapi.net', token);
			assert.equal(target.endpoint, 'https://management.usgovcloudapi.net');
			assert.deepEqual(target.account, { subscriptionId: 'sub', resourceGroup: 'rg', accountName: 'east' });
			assert.equal(await target.token(), 'management-token');
		}
	});

	it('says which resource fields are missing and where to set them, and refuses connections that are not Azure', () => {
		const missing = refusal({ name: 'azure-west', kind: 'azure', baseUrl: 'https://west.openai.azure.com/', subscriptionId: 'sub' });
		assert.deepEqual(missing.missing, ['resourceGroup', 'accountName']);
		assert.match(missing.message, /^azure-west does not say where its resource is in Azure: add resourceGroup, accountName to its entry in the finetuneStudio\.connections setting/);
		const openai = refusal({ name: 'OpenAI', kind: 'openai', baseUrl: '' });
		assert.deepEqual(openai.missing, []);
		assert.match(openai.message, /OpenAI is not an Azure connection/);
	});
});
