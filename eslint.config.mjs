// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NO_VSCODE_IN_CORE = {
	paths: [{ name: 'vscode', message: 'The dataset core and the API services stay free of VS Code: pass data in, return data out.' }],
};

export default tseslint.config(
	{ ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '**/*.vsix'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.ts'],
		languageOptions: {
			parserOptions: { projectService: { allowDefaultProject: [] }, tsconfigRootDir: import.meta.dirname },
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
			eqeqeq: ['error', 'always'],
			'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
		},
	},
	{
		files: ['src/dataset/**/*.ts', 'src/openai/**/*.ts'],
		rules: { 'no-restricted-imports': ['error', NO_VSCODE_IN_CORE] },
	},
	{
		files: ['**/*.js', '**/*.mjs'],
		languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
);
