// db/background.ts: closing a data source aborts its background work and waits until every job has settled,
// whatever the jobs, their lengths, their failures and the moment of the close; a job started during or after
// the close starts aborted. The property runs jobs of random steps (each checks the signal, as a catch-up checks
// it between chunks) with a close at a random moment.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { backgroundCount, inBackground, settleBackground } from '../../src-main/db/background'

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

interface Spec { steps: number; stepMs: number; fails: boolean; startAt: number }

describe('background work of a data source', () => {
  it('is aborted by the close, which waits for every job, and starts aborted after it', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({ steps: fc.integer({ min: 0, max: 5 }), stepMs: fc.integer({ min: 0, max: 4 }), fails: fc.boolean(), startAt: fc.integer({ min: 0, max: 12 }) }), { maxLength: 6 }),
      fc.integer({ min: 0, max: 12 }),
      async (specs: Spec[], closeAt: number) => {
        const ds = {}
        const settled: boolean[] = specs.map(() => false)
        const stepsAfterAbort: number[] = specs.map(() => 0)
        const startedAborted: boolean[] = specs.map(() => false)
        const starts = specs.map((s, i) => tick(s.startAt).then(() => inBackground(ds, async (signal) => {
          startedAborted[i] = signal.aborted
          try {
            for (let k = 0; k < s.steps; k++) {
              if (signal.aborted) { stepsAfterAbort[i]++; break }
              await tick(s.stepMs)
            }
            if (s.fails) throw new Error('job failed')
          } finally { settled[i] = true }
        }).catch(() => {})))
        await tick(closeAt)
        const closedAt = settled.map((x) => x)
        await settleBackground(ds)
        // Every job that had started by the close has settled when it returns.
        const startedBefore = specs.map((s) => s.startAt < closeAt)
        startedBefore.forEach((b, i) => { if (b && !closedAt[i]) expect(settled[i]).toBe(true) })
        await Promise.all(starts)
        // A job started after the close saw its signal aborted from its first step.
        specs.forEach((s, i) => { if (s.startAt > closeAt + 1) expect(startedAborted[i]).toBe(true) })
        expect(backgroundCount(ds)).toBe(0)
        expect(settled.every(Boolean)).toBe(true)
        // A job aborted mid-way stopped at its next step: it never ran a step after seeing the abort.
        expect(stepsAfterAbort.every((n) => n <= 1)).toBe(true)
      }), { numRuns: 60 })
  })

  it('waits for a job that a job starts while the close waits (an audit run that asks for the next)', async () => {
    const ds = {}
    let inner = false
    void inBackground(ds, async () => {
      await tick(5)
      void inBackground(ds, async (signal) => { await tick(5); inner = signal.aborted })
    })
    await settleBackground(ds)
    expect(inner).toBe(true)
    expect(backgroundCount(ds)).toBe(0)
  })

  it('gives the job its own controller when it has a cancel of its own', async () => {
    const ds = {}
    const own = new AbortController()
    let seen = false
    const run = inBackground(ds, async (signal) => { await tick(2); seen = signal === own.signal }, own)
    await settleBackground(ds)
    await run
    expect(seen).toBe(true)
    expect(own.signal.aborted).toBe(true)
  })
})
