import { defineConfig } from '@playwright/test'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// The real renderer in Debian's Chromium against `npm run web`'s server: real handlers, a fresh embedded
// database in a temporary folder (so the demo archive loads), fixed port and token for the test.
const port = Number(process.env.E2E_PORT ?? 5391)
const token = 'e2e-token-0123456789abcdef'
// One folder, emptied by the server command: the config is loaded by every Playwright process.
const dataDir = process.env.E2E_DATA_DIR ?? join(tmpdir(), 'dossier-e2e')

export default defineConfig({
  testDir: 'test/e2e',
  // Playwright empties its output folder at start: keep it apart from the other suites' reports.
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  // An assertion waits up to 15 s, not Playwright's 5: on a loaded 2-core machine (load average 15–20) closing a
  // quarter, clearing a search or a filter's figures took longer than 5 s (quarter.spec, trends.spec); a passing
  // assertion returns as soon as it holds, so only a failure waits longer.
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking']
    }
  },
  webServer: {
    command: `rm -rf '${dataDir}' && npx tsx src-main/web.ts`,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: { ...(process.env as Record<string, string>), DOSSIER_PORT: String(port), DOSSIER_TOKEN: token, DOSSIER_DATA_DIR: dataDir, DATABASE_URL: '' }
  }
})
export { token }
