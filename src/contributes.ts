// What the extension contributes, declared once and free of the `vscode` module, so that a plain
// unit test can hold it against the `contributes` section of package.json.

/** Every command id the extension registers. */
export const COMMANDS = {
	showLog: 'finetuneStudio.showLog',
	selectTargetModel: 'finetuneStudio.selectTargetModel',
	openChat: 'finetuneStudio.openChat',
	chatWithModel: 'finetuneStudio.chatWithModel',
	validateFile: 'finetuneStudio.validateFile',
	showDatasetReport: 'finetuneStudio.showDatasetReport',
	convertDataset: 'finetuneStudio.convertDataset',
	dedupeDataset: 'finetuneStudio.dedupeDataset',
	sampleDataset: 'finetuneStudio.sampleDataset',
	shuffleDataset: 'finetuneStudio.shuffleDataset',
	setApiKey: 'finetuneStudio.setApiKey',
	clearApiKey: 'finetuneStudio.clearApiKey',
	addConnection: 'finetuneStudio.addConnection',
	removeConnection: 'finetuneStudio.removeConnection',
	switchDefaultConnection: 'finetuneStudio.switchDefaultConnection',
	uploadFile: 'finetuneStudio.uploadFile',
	fineTuneFile: 'finetuneStudio.fineTuneFile',
	fineTuneAgain: 'finetuneStudio.fineTuneAgain',
	cancelJob: 'finetuneStudio.cancelJob',
	pauseJob: 'finetuneStudio.pauseJob',
	resumeJob: 'finetuneStudio.resumeJob',
	deleteFile: 'finetuneStudio.deleteFile',
	deleteModel: 'finetuneStudio.deleteModel',
	deployModel: 'finetuneStudio.deployModel',
	listDeployments: 'finetuneStudio.listDeployments',
	deleteDeployment: 'finetuneStudio.deleteDeployment',
	refreshJobs: 'finetuneStudio.refreshJobs',
	loadMoreJobs: 'finetuneStudio.loadMoreJobs',
	copyJobId: 'finetuneStudio.copyJobId',
	copyFineTunedModelId: 'finetuneStudio.copyFineTunedModelId',
	openJobOnDashboard: 'finetuneStudio.openJobOnDashboard',
	refreshFiles: 'finetuneStudio.refreshFiles',
	openRemoteFile: 'finetuneStudio.openRemoteFile',
	downloadFile: 'finetuneStudio.downloadFile',
	copyFileId: 'finetuneStudio.copyFileId',
	refreshModels: 'finetuneStudio.refreshModels',
	copyModelId: 'finetuneStudio.copyModelId',
	copyCheckpointId: 'finetuneStudio.copyCheckpointId',
	exportFineTuningData: 'finetuneStudio.exportFineTuningData',
	showMetrics: 'finetuneStudio.showMetrics',
	openConversation: 'finetuneStudio.chat.openConversation',
	renameConversation: 'finetuneStudio.chat.renameConversation',
	deleteConversation: 'finetuneStudio.chat.deleteConversation',
	exportConversation: 'finetuneStudio.chat.exportConversation',
} as const;

/**
 * The commands that send data or use the API key: off in Restricted Mode (an untrusted workspace),
 * hidden from its menus and refused with the reason when run from the palette. Linting, "Validate
 * Dataset File…", the target model and the log work everywhere.
 */
export const TRUSTED_COMMANDS: ReadonlySet<string> = new Set([
	COMMANDS.setApiKey,
	COMMANDS.addConnection,
	COMMANDS.uploadFile,
	COMMANDS.fineTuneFile,
	COMMANDS.fineTuneAgain,
	COMMANDS.cancelJob,
	COMMANDS.pauseJob,
	COMMANDS.resumeJob,
	COMMANDS.deleteFile,
	COMMANDS.deleteModel,
	COMMANDS.deployModel,
	COMMANDS.listDeployments,
	COMMANDS.deleteDeployment,
	COMMANDS.openChat,
	COMMANDS.chatWithModel,
	COMMANDS.refreshJobs,
	COMMANDS.refreshFiles,
	COMMANDS.refreshModels,
	COMMANDS.openRemoteFile,
	COMMANDS.downloadFile,
	COMMANDS.exportFineTuningData,
	COMMANDS.showMetrics,
	COMMANDS.openConversation,
	COMMANDS.renameConversation,
	COMMANDS.deleteConversation,
	COMMANDS.exportConversation,
]);

/** The ids of the views the extension contributes. */
export const VIEWS = {
	jobs: 'finetuneStudio.jobs',
	files: 'finetuneStudio.files',
	models: 'finetuneStudio.models',
} as const;

/** The section every setting lives under. */
export const CONFIG_SECTION = 'finetuneStudio';

/** Each setting's key (below `finetuneStudio.`) and its default. */
export const SETTINGS = {
	targetModel: 'gpt-4o-mini-2024-07-18',
	/** Glob patterns of further files to lint as datasets, beyond the `jsonl` language. */
	datasetFilePatterns: [] as readonly string[],
	/** USD per million training tokens by model, overriding the built-in prices. */
	trainingPrices: {} as Readonly<Record<string, number>>,
	/** The named connections (src/connections reads them); keys live in secret storage, never here. */
	connections: [] as readonly unknown[],
	/** The connection commands use when they are not given one. */
	defaultConnection: '',
	/** Deprecated: the single connection of earlier versions, read once by the migration to `connections`. */
	baseUrl: '',
	organization: '',
	project: '',
	/** Set to talk to Azure OpenAI: `baseUrl` is then the resource endpoint. */
	'azure.apiVersion': '',
	/** Whether the end of every job the Jobs view follows is announced, not only of those launched in this window. */
	'notifications.allJobs': false as boolean,
	/** Azure Resource Manager, where deployments are made; sovereign clouds have their own. */
	'azure.managementEndpoint': 'https://management.azure.com',
	/** The VS Code authentication provider for Microsoft Entra sign-in: `microsoft-sovereign-cloud` for a sovereign cloud. */
	'azure.authenticationProvider': 'microsoft',
	/** Whether chat completions from the chat panel ask OpenAI to store them. */
	'chat.store': false as boolean,
} as const;
