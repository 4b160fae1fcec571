// The desktop shell itself: only where Electron's binary is installed (npm install downloads it on a
// user's machine; CI machines here cannot download it, and this test then reports itself as skipped).
import { test, expect, _electron as electron } from '@playwright/test'
import { createRequire } from 'node:module'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as string
    return existsSync(path) ? path : null
  } catch {
    return null
  }
}

const binary = electronBinary()

test('the desktop app signs in and opens the case list in an isolated window', async ({}, testInfo) => { // eslint-disable-line no-empty-pattern
  testInfo.skip(!binary, 'Electron binary not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD): desktop e2e skipped')
  const userData = mkdtempSync(join(tmpdir(), 'dossier-electron-'))
  const app = await electron.launch({
    executablePath: binary!,
    args: ['out/main/index.js', `--user-data-dir=${userData}`, '--no-sandbox'],
    env: { ...(process.env as Record<string, string>), DATABASE_URL: '' }
  })
  try {
    const page = await app.firstWindow()
    // The new archive brings the demo team; sign in over IPC as a reviewer.
    await expect(page.getByTestId('login-username')).toBeVisible({ timeout: 60_000 })
    await page.getByTestId('login-username').fill('chen.jing')
    await page.getByTestId('login-password').fill('dossier-demo')
    await page.getByTestId('login-submit').click()
    await expect(page.getByTestId('case-row').first()).toBeVisible({ timeout: 60_000 })
    const isolated = await page.evaluate(() => typeof (globalThis as { require?: unknown }).require === 'undefined' && typeof (globalThis as { process?: unknown }).process === 'undefined')
    expect(isolated).toBe(true)
    await page.screenshot({ path: 'test-results/screenshots/electron-case-list.png' })
  } finally {
    await app.close()
    rmSync(userData, { recursive: true, force: true })
  }
})
