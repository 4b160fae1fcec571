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
  parentPort.postMessage({ segment, text: renderSegment(gen, segment, total) })
})
