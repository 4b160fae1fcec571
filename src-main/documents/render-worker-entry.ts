// The render worker's body. From sources, render-worker.mjs loads it through tsx; in the built app it is
// its own bundle entry (out/main/render-worker-entry.js, electron.vite.config.ts), so batches there use the
// cores too.
import { parentPort } from 'node:worker_threads'
import { renderCaseDocument } from './render'

// Loaded: from here the pool may terminate this thread safely (terminating a thread still loading its
// modules through a loader hook can bring the whole process down).
parentPort!.postMessage({ ready: true })

parentPort!.on('message', async ({ id, type, record, meta, close }) => {
  // Asked to finish: close the port and let the thread end on its own, rather than be terminated.
  if (close) return parentPort!.close()
  try {
    const bytes = await renderCaseDocument(type, record, { generatedAt: new Date(meta.generatedAt), generatedBy: meta.generatedBy })
    // Transfer, don't copy: a fresh ArrayBuffer holding just this document.
    const out = new Uint8Array(bytes)
    parentPort!.postMessage({ id, bytes: out }, [out.buffer])
  } catch (err) {
    parentPort!.postMessage({ id, error: err instanceof Error ? err.message : String(err) })
  }
})
