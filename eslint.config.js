// ESLint (flat config) for the player's JavaScript and its unit tests. ESLint is a
// test-only tool, installed in tests/js (npm ci --prefix tests/js); .ci/test.sh runs
// tests/js/node_modules/.bin/eslint from the top of the repository.
'use strict';
const js = require('./tests/js/node_modules/@eslint/js');

const browser = Object.fromEntries(['window', 'document', 'localStorage', 'setTimeout',
  'clearTimeout', 'setInterval', 'Blob', 'URL'].map((name) => [name, 'readonly']));
const commonjs = { module: 'readonly', require: 'readonly' };

module.exports = [
  { ignores: ['**/node_modules/**', '.venv/**', 'benchmarks/**', 'tests/e2e/**',
              'tests/fixtures/**', 'src/lmspack/preview/**', 'dist/**', 'build/**'] },
  js.configs.recommended,
  {
    // The player: classic scripts (file:// refuses modules), ES2017, no build step.
    files: ['src/lmspack/player/static/**/*.js'],
    languageOptions: { ecmaVersion: 2017, sourceType: 'script',
                       globals: { ...browser, ...commonjs, Promise: 'readonly' } },
    rules: {
      strict: ['error', 'function'],
      'no-var': 'off',
      eqeqeq: 'error',
      'no-implicit-globals': 'error',
      'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }],
    },
  },
  {
    files: ['tests/js/**/*.js', 'eslint.config.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'commonjs',
                       globals: { ...commonjs, __dirname: 'readonly', process: 'readonly',
                                  console: 'readonly', setTimeout: 'readonly',
                                  setImmediate: 'readonly' } },
  },
];
