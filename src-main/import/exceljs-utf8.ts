// exceljs 4.4's SAX front end (lib/utils/parse-sax.js) decodes each chunk of a zipped XML part on its own,
// so a Chinese character split between two chunks becomes two U+FFFD in the streamed reader (the workbook
// itself is fine; the non-streaming reader reads it right). This installs the same function with one
// streaming TextDecoder per part before exceljs loads, so every module of it gets the fixed one. Import
// this module before `exceljs`. Upstream: exceljs issue “WorkbookReader garbles multi-byte characters”.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

// Not named `require`: the bundled main process declares its own at the top of the file.
const requireHere = createRequire(import.meta.url)
const sax = join(dirname(requireHere.resolve('exceljs/package.json')), 'lib/utils/parse-sax.js')
if (!requireHere.cache[sax]?.exports?.utf8Streaming) {
  const { SaxesParser } = requireHere('saxes') as { SaxesParser: new () => { on(e: string, f: (v: unknown) => void): void; write(s: string): void } }
  type Event = { eventType: string; value: unknown }
  const parseSax = async function* (iterable: AsyncIterable<Uint8Array | string>): AsyncGenerator<Event[]> {
    const parser = new SaxesParser()
    let error: unknown
    parser.on('error', (err) => { error = err })
    let events: Event[] = []
    parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }))
    parser.on('text', (value) => events.push({ eventType: 'text', value }))
    parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }))
    const decoder = new TextDecoder('utf-8')
    for await (const chunk of iterable) {
      parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }))
      if (error) throw error
      yield events
      events = []
    }
    const rest = decoder.decode()
    if (rest) { parser.write(rest); if (error) throw error; yield events }
  }
  Object.assign(parseSax, { utf8Streaming: true })
  requireHere(sax)
  requireHere.cache[sax]!.exports = parseSax
}
