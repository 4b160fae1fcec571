// Worker entry (plain JS, so it loads without a TypeScript loader, as demo/segment-worker.mjs): registers
// tsx when the sources are TypeScript, then renders documents for documents/render-pool.ts.
import { parentPort } from 'node:worker_threads'

const here = new URL('.', import.meta.url)
let renderCaseDocument
try {
  ;({ renderCaseDocument } = await import(new URL('./render.js', here).href))
} catch {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ renderCaseDocument } = await import(new URL('./render.ts', here).href))
}
parentPort.on('message', async ({ id, type, record, meta }) => {
  try {
    const bytes = await renderCaseDocument(type, record, { generatedAt: new Date(meta.generatedAt), generatedBy: meta.generatedBy })
    // Transfer, don't copy: a fresh ArrayBuffer holding just this document.
    const out = new Uint8Array(bytes)
    parentPort.postMessage({ id, bytes: out }, [out.buffer])
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) })
  }
})
