// Renders case documents on worker threads. docx builds and deflates every part of the package for each
// document (about 8 ms for a dossier, most of it fixed cost), so one thread tops out near 120 dossiers a
// second; a batch spreads them over the machine's cores while the main thread hashes, writes and registers.
// With no workers it renders on the calling thread (single documents, small batches, tests).
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { IssueMeta } from './case-dossier'
import type { CaseRecord } from '../cases/case-record'
import type { CaseDocType } from './labels'
import { renderCaseDocument } from './render'

export interface RenderPool {
  render(type: CaseDocType, record: CaseRecord, meta: IssueMeta): Promise<Uint8Array>
  close(): Promise<void>
}

/** One worker per core by default: the main thread's share (hashing, files, SQL) is small. */
export const defaultWorkers = (): number => Math.max(1, Math.min(4, availableParallelism()))

export function createRenderPool(workers: number): RenderPool {
  // The built app has the worker as its own bundle beside this one; the sources have the .mjs shim.
  const url = [new URL('./render-worker-entry.js', import.meta.url), new URL('./render-worker.mjs', import.meta.url)]
    .find((u) => u.protocol === 'file:' && existsSync(fileURLToPath(u)))
  // Where there is neither, render on this thread.
  if (workers <= 0 || !url) {
    return { render: (type, record, meta) => renderCaseDocument(type, record, meta), close: async () => {} }
  }
  const pending = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void; worker: number }>()
  const load = new Array<number>(workers).fill(0)
  let failed: Error | null = null
  const ready: Promise<void>[] = []
  const pool = Array.from({ length: workers }, () => {
    const worker = new Worker(url)
    let loaded: () => void = () => {}
    ready.push(new Promise<void>((resolve) => { loaded = resolve }))
    worker.once('exit', () => loaded())
    worker.on('message', (m: { id: number; ready?: true; bytes?: Uint8Array; error?: string }) => {
      if (m.ready) return loaded()
      const p = pending.get(m.id)
      if (!p) return
      pending.delete(m.id)
      load[p.worker]--
      if (m.bytes) p.resolve(m.bytes)
      else p.reject(new Error(`文书生成失败：${m.error}`))
    })
    worker.on('error', (e) => {
      failed = e
      for (const p of pending.values()) p.reject(e)
      pending.clear()
    })
    return worker
  })
  let next = 0
  return {
    render(type, record, meta) {
      if (failed) return Promise.reject(failed)
      const id = next++
      // The least loaded worker: documents differ in size, round-robin would let one queue grow.
      const w = load.indexOf(Math.min(...load))
      load[w]++
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, worker: w })
        pool[w].postMessage({ id, type, record, meta: { generatedAt: meta.generatedAt.toISOString(), generatedBy: meta.generatedBy } })
      })
    },
    async close() {
      // A cancel can come while the threads are still loading: let them finish loading first.
      await Promise.race([Promise.all(ready), new Promise((r) => setTimeout(r, 10_000))])
      // Then ask each to end by itself; terminate only one that does not within a few seconds.
      await Promise.all(pool.map(async (w) => {
        const exited = new Promise<void>((r) => w.once('exit', () => r()))
        w.postMessage({ close: true })
        const done = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000))])
        if (!done) await w.terminate()
      }))
    }
  }
}
