// The built Electron main process (out/main/index.js), started in plain Node with a stand-in for the
// `electron` module: catches bundling mistakes (externals, migrations, paths) where Electron cannot run.
import { test, expect } from '@playwright/test'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

test('the built main process starts its backend, opens an isolated window and answers over IPC', async () => {
  test.setTimeout(120_000)
  const userData = mkdtempSync(join(tmpdir(), 'dossier-main-'))
  try {
    const out = await new Promise<string>((done, fail) => {
      const child = spawn(process.execPath, ['--import', './test/e2e/electron-stub/register.mjs', 'out/main/index.js'], {
        env: { ...process.env, DATABASE_URL: '', STUB_USER_DATA: userData }, stdio: ['ignore', 'pipe', 'pipe']
      })
      let text = ''
      child.stdout.on('data', (d) => (text += d))
      child.stderr.on('data', (d) => (text += d))
      const timer = setTimeout(() => { child.kill('SIGKILL'); fail(new Error(`no result in time:\n${text}`)) }, 110_000)
      child.on('exit', () => { clearTimeout(timer); done(text) })
    })
    const line = out.split('\n').find((l) => l.startsWith('STUB-RESULT '))
    expect(line, out).toBeTruthy()
    const r = JSON.parse(line!.slice('STUB-RESULT '.length))
    expect(r.window.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false })
    expect(existsSync(r.window.webPreferences.preload)).toBe(true)
    expect(existsSync(r.loaded)).toBe(true)
    expect(resolve(dirname(r.loaded))).toBe(resolve('out/renderer'))
    expect(r.channels).toEqual(expect.arrayContaining(['dossier:app.info', 'dossier:cases.list', 'dossier:cases.get']))
    // Before sign-in only what the sign-in screen needs: never the OS user's name, nor the archive's size.
    expect(r.envelope).toEqual({ ok: true, data: { version: expect.any(String), demo: true, needsAdmin: false } })
    expect(r.invalid).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    // The archive is closed to a window that has not signed in.
    expect(r.locked).toEqual({ ok: false, error: { code: 'unauthenticated', message: '请先登录' } })
    expect(r.channels).toEqual(expect.arrayContaining(['dossier:auth.signIn', 'dossier:reviews.decide']))
    expect(r.signIn).toMatchObject({ ok: true, data: { username: 'chen.jing' } })
    expect(r.signedIn).toMatchObject({ ok: true, data: { database: 'embedded', demo: true, caseCount: 3000 } })
    // Navigation stays on the app's own page; no redirect out, no <webview>, no new window (https goes to the system browser).
    expect(r.guards.events).toEqual(['will-attach-webview', 'will-navigate', 'will-redirect'])
    expect(Object.values(r.guards.navigate)).toEqual([false, false, true, true, true])
    expect(r.guards).toMatchObject({ redirect: true, webview: true, opened: ['https://www.nfra.gov.cn/'] })
    expect(r.guards.open).toEqual([{ action: 'deny' }, { action: 'deny' }, { action: 'deny' }])
    // Document batches render on worker threads in the app too: their entry is built beside the main bundle.
    expect(existsSync(resolve('out/main/render-worker-entry.js'))).toBe(true)
  } finally {
    rmSync(userData, { recursive: true, force: true })
  }
})

test('a second start while the app runs hands over and exits without touching the data folder', async () => {
  test.setTimeout(60_000)
  const userData = mkdtempSync(join(tmpdir(), 'dossier-second-'))
  try {
    const { code, text } = await new Promise<{ code: number | null; text: string }>((done) => {
      const child = spawn(process.execPath, ['--import', './test/e2e/electron-stub/register.mjs', 'out/main/index.js'], {
        env: { ...process.env, DATABASE_URL: '', STUB_USER_DATA: userData, STUB_LOCK_HELD: '1' }, stdio: ['ignore', 'pipe', 'pipe']
      })
      let text = ''
      child.stdout.on('data', (d) => (text += d))
      child.stderr.on('data', (d) => (text += d))
      child.on('exit', (code) => done({ code, text }))
    })
    expect(code).toBe(0)
    expect(text).not.toContain('STUB-RESULT')
    expect(existsSync(join(userData, 'pgdata'))).toBe(false)
  } finally {
    rmSync(userData, { recursive: true, force: true })
  }
})
