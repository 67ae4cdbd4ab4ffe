// Flat config: the recommended JS and TypeScript rules over every source folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ignores = ['node_modules/', 'dashboard/dist/', 'bench/results/', 'dist-capture/', '.cache/'];

export default tseslint.config(
  { ignores },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
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
  },
  {
    // No promise floats (#37: a fire-and-forget block's rejection ended the relay). In the relay and the
    // code it shares, `void` does not count as handling one: every background task has an owner that catches.
    files: ['server/**/*.ts', 'common/**/*.ts', 'shared/**/*.ts', 'capture-client/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
    },
  },
  {
    files: ['server/**/*.ts', 'common/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }] },
  },
  {
    // The relay core knows no feature, no transport and no disk (#38): features depend on it, never the other way.
    files: ['server/relay/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            // Its one neighbour is the tracks framework (server/tracks/), which imports nothing of it back.
            { regex: '^\\.\\./(?!\\.\\./|tracks/)', message: 'server/relay is the core: it imports no module, transport or feature (they import it).' },
            {
              regex: '^node:(fs|fs/promises|child_process|net|dgram|http|https)$',
              message: 'server/relay does no I/O: persistence is camera-keeper/, the network is transports/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The tracks framework (#56) is the core's ground floor: lanes, policies and the track, knowing no medium's
    // pipeline, no transport and no disk; the relay imports it, never the other way.
    files: ['server/tracks/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^\\.\\./(?!\\.\\./)', message: 'server/tracks imports nothing of server/ (the relay, modules and transports import it).' },
            { regex: '^node:(fs|fs/promises|child_process|net|dgram|http|https)$', message: 'server/tracks does no I/O.' },
          ],
        },
      ],
    },
  },
  {
    // The codec folder is pure (#38): Node and the browser run it alike, so it imports only its own files, and bytes are Uint8Array.
    files: ['common/codec/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '^(?!\\./)', message: 'common/codec imports only its own files (./x.js): no Node module, package or code outside the folder.' }],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Buffer', message: 'common/codec takes and gives Uint8Array: the browser has no Buffer.' },
        { name: 'process', message: 'common/codec does no I/O and reads no environment.' },
      ],
    },
  },
);
