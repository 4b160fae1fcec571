// npx tsx test/bench/import-read-cpu.ts [--rows N] [--file F]: the import's per-row work in Node alone, without a
// database: read and parse the bench's CSV, extract, validate and encode each row for the binary staging COPY
// (what runImport's reading phase does, the COPY itself left out). Prints µs of CPU per row per step.
import { parseArgs } from 'node:util'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PoolClient } from 'pg'
import { Writable } from 'node:stream'
import { openSource } from '../../src-main/import/reader'
import { mappingPreset, suggestedMapping } from '../../src-main/import/presets'
import { validateRow, type RowContext } from '../../src-main/import/row'
import { Stager } from '../../src-main/import/stage'
import { writeBenchCsv } from './import-csv'

const { values } = parseArgs({ options: { rows: { type: 'string' }, file: { type: 'string' } } })
const N = Number(values.rows ?? 100_000)
const work = mkdtempSync(join(tmpdir(), 'dossier-import-cpu-'))
try {
  const file = values.file ?? join(work, 'cases.csv')
  if (!values.file) await writeBenchCsv(file, N, 'U1')
  // One pass, as the import reads; each step timed by the process's CPU (the machine is shared: wall time would
  // count others' work). The COPY goes to a sink that drops it.
  const client = { query: () => new Writable({ write: (_c, _e, done) => done() }) } as unknown as PoolClient
  const cpu = (): number => { const c = process.cpuUsage(); return (c.user + c.system) / 1000 }
  const start = cpu()
  const table = await openSource(file)
  const preset = mappingPreset('archive', 'archive', suggestedMapping(table.header), table.header)
  const ctx: RowContext = { units: new Map([['U1', 1]]), staff: new Map(), createUnits: false, seen: new Map(), unknown: new Map() }
  const stager = new Stager(client, null)
  let parse = 0; let validate = 0; let encode = 0; let rows = 0; let invalid = 0
  let t = cpu()
  for await (const row of table.rows) {
    const a = cpu(); parse += a - t
    rows++
    const ex = preset.extract(row.cells, table.header)
    if ('skip' in ex) { t = cpu(); continue }
    const v = validateRow(row.line, ex.fields, ex.columnOf, ctx)
    const b = cpu(); validate += b - a
    if ('errors' in v) invalid++
    else await stager.add(v.record)
    t = cpu(); encode += t - b
  }
  await stager.flush(true)
  const total = cpu() - start
  const us = (ms: number): string => `${((ms * 1000) / rows).toFixed(1)} µs`
  console.log(`${rows.toLocaleString()} rows (${invalid} invalid), CPU a row: read + parse ${us(parse)}, extract + validate ${us(validate)}, encode for COPY ${us(encode)}; all ${us(total)}`)
} finally {
  rmSync(work, { recursive: true, force: true })
}
