import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { renderSegment } from '../../src-main/demo/copy-text'
import { residentId } from '../../src-main/demo/content'
import { Rng } from '../../src-main/demo/random'
import { windowOptions, CONTENT_SECURITY_POLICY } from '../../src-main/window/options'
import { CHANNEL_NAMES } from '../../src-main/shared/channels'
import { requestSchemas } from '../../src-main/shared/contract'

describe('generator', () => {
  it('renders the same segment identically, and different segments differently', () => {
    const a = renderSegment({ seed: 1, cases: 40_000 }, 1, 40_000)
    const b = renderSegment({ seed: 1, cases: 40_000 }, 1, 40_000)
    expect(Buffer.compare(a.cases, b.cases)).toBe(0)
    expect(Buffer.compare(a.events, b.events)).toBe(0)
    expect(a.count).toBe(20_000)
    // Binary COPY: 19-byte header, the tuple's field count (int16), the first field's length, then the id.
    expect(Buffer.from(a.cases).subarray(0, 6).toString()).toBe('PGCOPY')
    expect(Buffer.from(a.cases).readInt32BE(25)).toBe(20001)
    expect(Buffer.compare(renderSegment({ seed: 1, cases: 40_000 }, 0, 40_000).cases, a.cases)).not.toBe(0)
  })
  it('makes resident ID numbers with a valid check digit', () => {
    const rng = new Rng(3)
    const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    for (let i = 0; i < 200; i++) {
      const id = residentId(rng, i)
      const sum = [...id.slice(0, 17)].reduce((s, d, k) => s + Number(d) * w[k], 0)
      expect(id[17]).toBe('10X98765432'[sum % 11])
    }
  })
})

describe('electron shell', () => {
  it('opens the window isolated: context isolation and sandbox on, no Node in the renderer', () => {
    const web = windowOptions('/x/preload.cjs').webPreferences!
    expect(web.contextIsolation).toBe(true)
    expect(web.sandbox).toBe(true)
    expect(web.nodeIntegration).toBe(false)
    expect(web.webSecurity).toBe(true)
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval')
  })
  it('allows exactly the contract channels through the preload', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual(Object.keys(requestSchemas).sort())
  })
  it('keeps electron out of the domain folders', () => {
    const shell = /^src-main\/(index\.ts|window\/|preload\/|transport\/ipc\.ts)/
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
      const p = join(dir, f)
      return statSync(p).isDirectory() ? walk(p) : [p]
    })
    const offenders = walk('src-main').filter((f) => !shell.test(f) && /from ['"]electron['"]/.test(readFileSync(f, 'utf8')))
    expect(offenders).toEqual([])
  })
})

describe('COPY text', () => {
  it('formats instants exactly as toISOString does', async () => {
    const { isoText } = await import('../../src-main/demo/copy-text')
    for (const ms of [0, 1, 999, 86_399_999, Date.parse('2024-02-29T23:59:59.123Z'), Date.parse('2026-08-31T16:00:00Z'), 1_788_150_600_000]) {
      expect(isoText(ms)).toBe(new Date(ms).toISOString().replace('.000Z', 'Z'))
    }
  })
})
