// Worker entry (plain JS, so it loads without a TypeScript loader): registers tsx when the sources are
// TypeScript, then runs the segment renderer.
import { parentPort, workerData } from 'node:worker_threads'

const here = new URL('.', import.meta.url)
let renderSegment
try {
  ;({ renderSegment } = await import(new URL('./copy-text.js', here).href))
} catch {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ renderSegment } = await import(new URL('./copy-text.ts', here).href))
}
const { gen, total } = workerData
parentPort.on('message', (segment) => {
  const text = renderSegment(gen, segment, total)
  const buffers = [text.cases, text.events, text.offers, text.rectifications, text.links, text.truth]
  // Transfer, don't copy: a segment is tens of megabytes, and each table's bytes own their ArrayBuffer.
  const transfer = buffers.map((b) => b.buffer)
  parentPort.postMessage({ segment, text }, transfer)
})
