import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'src-main/db/calendar/prc-holidays.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser }, globals: globals.browser }
  },
  {
    files: ['src-main/**/*.{ts,mjs}', 'migrations/**/*.ts', 'test/**/*.{ts,mjs}', '*.config.ts', '*.config.js', 'bin/**/*.mjs'],
    languageOptions: { globals: globals.node }
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/html-self-closing': 'off'
    }
  },
  {
    // Domain code runs in tests, the CLI and browser mode: Electron stays in the shell.
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/index.ts', 'src-main/window/**', 'src-main/preload/**', 'src-main/transport/ipc.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Keep Electron in index.ts, window/, preload/ and transport/ipc.ts.' }] }] }
  }
)
