// Flat config: the recommended JS and TypeScript rules over every source folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ignores = ['node_modules/', 'dashboard/dist/', 'bench/results/', 'dist-capture/'];

export default tseslint.config({ ignores }, js.configs.recommended, ...tseslint.configs.recommended, {
  languageOptions: {
    globals: {
      process: 'readonly',
      console: 'readonly',
      Buffer: 'readonly',
      setTimeout: 'readonly',
      clearTimeout: 'readonly',
      setInterval: 'readonly',
      clearInterval: 'readonly',
      setImmediate: 'readonly',
      URL: 'readonly',
      fetch: 'readonly',
      AbortSignal: 'readonly',
    },
  },
  rules: {
    '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    '@typescript-eslint/no-non-null-assertion': 'off',
  },
});
