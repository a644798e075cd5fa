import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * Layers run one way (DESIGN.md): model -> data, embed, llm -> learn, metrics -> stages -> memory, eval ->
 * report -> store-backed runs, queue, server, cli. Each entry names the folders a layer must not import.
 * The regexes match relative specifiers that climb out of the layer's folder into a forbidden one.
 */
const above = (...dirs) => ({
  'no-restricted-imports': ['error', {
    patterns: [{
      regex: `^(\\.\\./)+(${dirs.join('|')})(/|$)`,
      message: 'Layers run one way (DESIGN.md): this import climbs to a layer above. Pass the dependency in through an interface instead.',
    }],
  }],
});
const TOP = ['cli', 'server', 'queue', 'client', 'mcp'];
const layers = [
  { files: ['src/model/**'], rules: above('data', 'embed', 'llm', 'learn', 'metrics', 'stages', 'memory', 'eval', 'report', 'store', ...TOP) },
  { files: ['src/data/**', 'src/embed/**', 'src/llm/**', 'src/metrics/**'], rules: above('learn', 'stages', 'memory', 'eval', 'report', 'store', ...TOP) },
  { files: ['src/learn/**'], rules: above('stages', 'memory', 'eval', 'report', 'store', ...TOP) },
  { files: ['src/stages/**'], rules: above('memory', 'eval', 'report', 'store', ...TOP) },
  { files: ['src/store/**'], rules: above('stages', 'memory', 'eval', 'report', ...TOP) },
  { files: ['src/memory/**', 'src/eval/**', 'src/report/**'], rules: above(...TOP) },
  { files: ['src/queue/**', 'src/server/**', 'src/client/**'], rules: above('cli') },
  { files: ['src/mcp/**'], rules: above('cli', 'server', 'queue', 'client') },
];

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
  ...layers,
);
