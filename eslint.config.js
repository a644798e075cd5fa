import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

import layers from './eslint.layers.js';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'coverage', '.attune', 'studio/dist'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: globals.node } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // Layers import downward only, sibling stages not at all, dynamic import() included: the table is in eslint.layers.js.
  { files: ['src/**'], plugins: { attune: layers }, rules: { 'attune/layers': 'error' } },
);
