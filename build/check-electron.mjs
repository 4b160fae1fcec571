#!/usr/bin/env node
/* global process */
// Run before `npm start`: says plainly when Electron's binary is missing (npm ci skipped its download, e.g.
// ELECTRON_SKIP_BINARY_DOWNLOAD or no network) instead of electron-vite's bare "Error: Electron uninstall",
// and points to browser mode, which needs no Electron. Exit 1 when missing.
import { createRequire } from 'node:module'
import { existsSync } from 'node:fs'

export function electronProblem(resolve = createRequire(import.meta.url)) {
  let path
  try {
    path = resolve('electron')
  } catch (err) {
    return `Electron is not installed (${err instanceof Error ? err.message.split('\n')[0] : String(err)}).`
  }
  if (typeof path !== 'string' || !existsSync(path)) return `Electron's binary is missing (${String(path)}).`
  return null
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const problem = electronProblem()
  if (problem) {
    process.stderr.write(`${problem}
npm ci downloads it for your platform unless ELECTRON_SKIP_BINARY_DOWNLOAD is set or the download failed.
  - to fetch it now:      node node_modules/electron/install.js   (needs network access)
  - or run without it:    npm run web   (browser mode: the same app in your browser, see README)
`)
    process.exit(1)
  }
}
