// Lint rules, including the layer boundaries of the architecture (style.md point 2): the shared
// contract and the simulator import no app code, the renderer never imports main, and only the thin
// Electron shell may import `electron` (importing it in plain Node tries to download a binary).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

// Test-only code lives under test/; production files under src/ may not import it (issue 7 item 4).
const testOnly = [
  {
    group: [
      '**/test/**',
      '**/test-support/**',
      '**/*test-support*',
      '**/*-test-kit*',
      '**/test-helpers*',
      '**/*.suite',
    ],
    message: 'Production code may not import test-only code (it lives under test/).',
  },
]
const productionFiles = {
  files: ['src/**/*.ts', 'src/**/*.tsx'],
  ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
}
// Wire records are converted to domain records once, at the gateway edge (gateway/wire/to-domain.ts):
// above it, accounts, orders, positions and fills are portfolio/model.ts types (issue 7 item 1).
const wireRecords = {
  group: ['**/shared/projectx/models'],
  importNames: ['PxAccount', 'PxOrder', 'PxPosition', 'PxTrade'],
  message: 'Use the domain types of portfolio/model.ts; only gateway/ handles wire records.',
}
// Rooms of src/main point one way: gateway/ → portfolio/, enforcement/ → gateway/, nothing back.
const roomRule = (forbidden, extra = []) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      patterns: [
        ...testOnly,
        ...extra,
        ...(forbidden.length > 0 ? [{ group: forbidden, message: 'Rooms of src/main point one way (architecture.md).' }] : []),
      ],
    },
  ],
})

const noElectron = {
  name: 'electron',
  message: 'Only src/main/host/electron and src/preload may import electron.',
}

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [noElectron] }],
    },
  },
  {
    files: ['src/main/host/electron/**', 'src/main/index.ts', 'src/preload/**', 'test/**/*electron*'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: ['**/main/**', '**/renderer/**', '**/sim/**', 'node:*', 'react'] },
      ],
    },
  },
  {
    files: ['src/sim/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: ['**/main/**', '**/renderer/**'] }],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: ['**/main/**', '**/sim/**', 'node:*'] },
      ],
    },
  },
  {
    ...productionFiles,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: testOnly }] },
  },
  {
    ...productionFiles,
    files: ['src/main/portfolio/**/*.ts'],
    rules: roomRule(['**/gateway/**', '**/enforcement/**', '**/app/**', '**/host/**', '**/risk/**'], [wireRecords]),
  },
  {
    ...productionFiles,
    files: ['src/main/{enforcement,risk,store,app,replay,ports}/**/*.ts'],
    rules: roomRule([], [wireRecords]),
  },
  {
    ...productionFiles,
    files: ['src/main/gateway/**/*.ts'],
    rules: roomRule(['**/enforcement/**', '**/app/**', '**/host/**']),
  },
)
