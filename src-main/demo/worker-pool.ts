// Generation in worker threads: segments are rendered in parallel and written strictly in order.
import { Worker } from 'node:worker_threads'
import type { GeneratorOptions } from './generator'
import type { SegmentText } from './copy-text'

export async function segmentsInWorkers(
  gen: GeneratorOptions, total: number, segments: number, workers: number,
  onSegment: (seg: SegmentText) => Promise<void>
): Promise<void> {
  const results = new Map<number, SegmentText>()
  let nextToAssign = 0
  let nextToWrite = 0
  let failed: Error | null = null
  let wake: (() => void) | null = null
  const url = new URL('./segment-worker.mjs', import.meta.url)
  const pool = Array.from({ length: workers }, () => new Worker(url, { workerData: { gen, total } }))
  const idle = new Set<Worker>()
  const assign = (w: Worker): void => {
    // Keep at most a few segments buffered ahead of the writer, so memory stays bounded.
    if (nextToAssign < segments && nextToAssign - nextToWrite < workers * 2) w.postMessage(nextToAssign++)
    else idle.add(w)
  }
  for (const w of pool) {
    w.on('message', (m: { segment: number; text: SegmentText }) => {
      results.set(m.segment, m.text)
      assign(w)
      wake?.()
    })
    w.on('error', (e) => { failed = e; wake?.() })
    assign(w)
  }
  try {
    while (nextToWrite < segments) {
      if (failed) throw failed
      const seg = results.get(nextToWrite)
      if (!seg) { await new Promise<void>((r) => (wake = r)); continue }
      results.delete(nextToWrite)
      nextToWrite++
      for (const w of [...idle]) { idle.delete(w); assign(w) }
      await onSegment(seg)
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()))
  }
}
