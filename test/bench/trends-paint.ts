// npx tsx test/bench/trends-paint.ts [--runs R] [--port P]: the trend view's painted time in the browser (issue 12
// point 8), beside the server's own time, on the archive DATABASE_URL names as it is (run test/bench/trends-bench.ts
// first: it leaves `dossier_trends_bench` seeded and audited). Starts the browser-mode server on that database,
// signs in as the demo leader in Debian's Chromium and changes the filter through the address, as the filter bar
// does; each figure is from the request to the first frame after the charts took the answer (stores/trends.ts).
// The renderer must be built (`npx electron-vite build`). Pending migrations are run here first, without the
// app's pre-upgrade backup (a bench archive: the backup took minutes at 1M and the server's start timed out); the
// server's output is shown with a [server] prefix, and its exit ends the bench at once instead of a silent wait.
import { parseArgs } from 'node:util'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { chromium } from '@playwright/test'
import { createDataSource, openDatabase } from '../../src-main/db/database'
import { resolveLogins } from '../../src-main/db/roles'
import { ensureDemoUsers } from '../../src-main/auth/users'

const { values } = parseArgs({ options: { runs: { type: 'string' }, port: { type: 'string' } } })
const RUNS = Number(values.runs ?? 10)
const PORT = Number(values.port ?? 5397)
const TOKEN = 'paint-bench-0123456789abcdef'
const pct = (xs: number[], p: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] }

async function waitForServer(url: string, ms: number, exited: () => string | null): Promise<void> {
  const until = Date.now() + ms
  for (;;) {
    // The token address answers 302 to / with the session cookie; followed without that cookie, / refuses, so
    // `ok` never came and the bench waited out its timeout before signing in. Any answer means the server is up.
    try { if ((await fetch(url, { redirect: 'manual' })).status < 500) return } catch { /* not up yet */ }
    const why = exited()
    if (why) throw new Error(`the browser-mode server stopped before answering (${why}): see its [server] lines above`)
    if (Date.now() > until) throw new Error(`the browser-mode server did not answer at ${url} within ${ms / 1000} s`)
    await new Promise((r) => setTimeout(r, 500))
  }
}

/** Runs pending migrations as the owner, without the app's pre-upgrade backup (this is a bench archive). */
async function migrateWithoutBackup(url: string): Promise<void> {
  const { ownerUrl } = await resolveLogins(url)
  if (!ownerUrl) return
  const owner = createDataSource(ownerUrl)
  await owner.initialize()
  try {
    const ran = await owner.runMigrations({ transaction: 'each' })
    if (ran.length) console.log(`migrated the bench archive (no backup): ${ran.map((m) => m.name).join(', ')}`)
  } finally {
    await owner.destroy()
  }
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('DATABASE_URL must name the seeded archive (e.g. …/dossier_trends_bench)')
  if (!existsSync(join('out', 'renderer', 'index.html'))) throw new Error('the renderer is not built: run `npx electron-vite build` first')
  await migrateWithoutBackup(url)
  const db = await openDatabase({ url })
  await ensureDemoUsers(db.ds)
  const [{ last, cases }] = await db.ds.query(`SELECT to_char(max(received_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS last, count(*)::int AS cases FROM cases`)
  const [{ unit }] = await db.ds.query(`SELECT id AS unit FROM units WHERE kind = 'branch' ORDER BY id LIMIT 1`)
  await db.close()
  const y = Number(last.slice(0, 4))
  const period = `grain=month&pfrom=${y - 1}-${last.slice(5)}&pto=${last}`
  const dataDir = mkdtempSync(join(tmpdir(), 'dossier-paint-'))
  const server = spawn('npx', ['tsx', 'src-main/web.ts'], {
    env: { ...process.env, DOSSIER_PORT: String(PORT), DOSSIER_TOKEN: TOKEN, DOSSIER_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'], detached: true
  })
  for (const stream of [server.stdout, server.stderr]) createInterface({ input: stream }).on('line', (l) => console.log(`[server] ${l}`))
  let exited: string | null = null
  server.on('exit', (code, signal) => { exited = `exit ${code ?? signal}` })
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
  try {
    // A pending migration first backs the archive up (minutes at 1M), then migrates.
    await waitForServer(`http://127.0.0.1:${PORT}/?token=${TOKEN}`, 600_000, () => exited)
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
    await page.goto(`http://127.0.0.1:${PORT}/?token=${TOKEN}`)
    await page.getByTestId('login-username').fill('zhou.qiang')
    await page.getByTestId('login-password').fill('dossier-demo')
    await page.getByTestId('login-submit').click()
    await page.getByTestId('current-user').waitFor()
    console.log(`archive: ${cases.toLocaleString()} cases; trend view, 12 months to ${last}, ${RUNS} filter changes each, 1920×1080 (ms); load average ${loadavg().map((x) => x.toFixed(1)).join(', ')}`)
    const filters: [string, string][] = [
      // The address's own short names (stores/case-filter.ts): unit, q.
      ['no filter', ''], ['category', '&category=product'], ['unit', `&unit=${unit}`], ['channel', '&channel=phone'],
      ['combination', `&channel=phone&category=service_quality&unit=${unit}`], ['text search (scan)', `&q=${encodeURIComponent('扣费')}`]
    ]
    const timing = page.getByTestId('trend-timing')
    for (const [name, query] of filters) {
      const painted: number[] = []
      const server: number[] = []
      let source = ''
      for (let i = 0; i < RUNS; i++) {
        // Alternate with another period so every run is a change the view must answer.
        const p = i % 2 ? period.replace(/pfrom=\d{4}/, (m) => `pfrom=${Number(m.slice(6)) - 1}`) : period
        // The last figure is cleared first: the view writes the next one only once it has painted the new answer.
        await page.evaluate(`document.querySelector('[data-testid="trend-timing"]')?.setAttribute('data-painted', '')`)
        await page.goto(`http://127.0.0.1:${PORT}/#/trends?${p}${query}`)
        // (Polled from here: waitForFunction compiles its predicate in the page, which the app's CSP forbids — no
        // unsafe-eval — so it threw, after the silent wait for the server had already hidden it.)
        for (const until = Date.now() + 120_000; !(await timing.getAttribute('data-painted'));) {
          if (Date.now() > until) throw new Error(`${name}: the view did not paint within 120 s`)
          await new Promise((r) => setTimeout(r, 20))
        }
        painted.push(Number(await timing.getAttribute('data-painted')))
        source = (await page.getByTestId('trend-source').getAttribute('data-source')) ?? '?'
        server.push(Number(await timing.getAttribute('data-server')))
      }
      console.log(`${name.padEnd(20)} ${source.padEnd(8)} server median ${pct(server, 50).toFixed(0).padStart(5)} p95 ${pct(server, 95).toFixed(0).padStart(5)}   painted median ${pct(painted, 50).toFixed(0).padStart(5)} p95 ${pct(painted, 95).toFixed(0).padStart(5)}`)
    }
  } finally {
    await browser.close()
    try { process.kill(-server.pid!, 'SIGTERM') } catch { /* gone */ }
    await new Promise((r) => setTimeout(r, 2000))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((e) => { console.error(e); process.exit(1) })
