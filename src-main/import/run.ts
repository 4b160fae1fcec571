// One import, start to end: the file hashed and recorded (with a heartbeat lease, so a killed import is
// marked failed, never left running), read as a stream, each row validated, valid rows staged with COPY and
// invalid ones kept with their message, then everything written in ONE transaction — or nothing: a failure,
// a cancel or a killed process leaves the archive exactly as it was (the staging tables are temporary).
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { DataSource } from 'typeorm'
import type { PoolClient } from 'pg'
import { expireDeadRuns } from '../runs/lease'
import { beginImport, endImport, inImportTransaction } from './lifecycle'
import { rejudgeCases } from '../audit/rejudge'
import { recordChange } from '../trail/record'
import { FIELD_BY_KEY, COLUMN_STEPS } from '../shared/import-fields'
import { cfpbPreset, isCfpbHeader, mappingPreset, suggestedMapping, type Mapping, type Preset } from './presets'
import { openSource, type ReadOptions, type SourceTable } from './reader'
import { columnOf, validateRow, type RowContext } from './row'
import { createStaging, ErrorSink, Stager } from './stage'
import { classify, samples, writeStaged, type Outcomes, type Sample, type WritePhases, type WritePlan } from './write'
import { analyzeArchive } from '../db/privileged'

export interface ImportOptions extends ReadOptions {
  actor: string
  /** 'archive' (the header's own names), 'cfpb', a saved preset's name, or a mapping; default: CFPB when the header is the CFPB's, else the header's names. */
  mapping?: string | Mapping
  dryRun?: boolean
  /** Write nothing when any row is invalid (the import is recorded as rejected, with its invalid rows). */
  allOrNothing?: boolean
  signal?: AbortSignal
  /** Write in bulk (writeStaged) from this many new or changed cases on (default BULK_MIN; tests lower it). */
  bulkMin?: number
  /** Called every ~1,000 rows with rows read so far and bytes hashed (the file size is known up front). */
  onProgress?: (p: { rows: number; phase: 'reading' | 'writing' | 'auditing'; bytes: number | null; size: number }) => void
}

export interface ImportResult {
  importId: number | null
  status: 'done' | 'rejected' | 'dry_run'
  fileName: string
  sha256: string
  kind: 'csv' | 'xlsx'
  encoding: string | null
  sheet: string | null
  preset: string
  counts: { read: number } & Outcomes & { invalid: number; skipped: number }
  warnings: string[]
  warningCount: number
  /** The first invalid rows: line and message. */
  errors: { line: number; message: string }[]
  skipped: { line: number; reason: string }[]
  unknownValues: Record<string, Record<string, number>>
  samples: Record<keyof Outcomes, Sample[]>
  reaudited: number
  unknownRepeats: number
  ms: number
  /**
   * Where the time went (ms): reading, parsing, validating and staging (stageWaitMs of it waiting for the server's
   * COPY; readCpuMs the process's own CPU meanwhile, which a busy machine does not inflate as it does the wall time); comparing with the archive; writing (`write`: its parts); re-auditing; fresh statistics after a bulk write.
   */
  phases: { readMs: number; readCpuMs?: number; stageWaitMs: number; classifyMs: number; writeMs: number; auditMs: number; analyzeMs: number; write?: WritePhases }
}

/** An import the user cancelled: nothing was written. */
export class ImportCancelled extends Error {
  readonly userFacing = true
  constructor() { super('导入已取消，档案未作任何改动'); this.name = 'ImportCancelled' }
}

/** A mapping that cannot be used (a required field without a column, a preset name that does not exist). */
export class MappingError extends Error {
  readonly userFacing = true
  constructor(message: string) { super(message); this.name = 'MappingError' }
}

export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256')
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer)
  return h.digest('hex')
}

/** The preset to read a table with (see ImportOptions.mapping). */
export async function resolvePreset(ds: Pick<DataSource, 'query'>, table: Pick<SourceTable, 'header'>, mapping: string | Mapping | undefined): Promise<Preset> {
  if (typeof mapping === 'object') return mappingPreset('custom', '自定义映射', mapping, table.header)
  if (mapping === 'cfpb' || (mapping === undefined && isCfpbHeader(table.header))) return cfpbPreset(table.header)
  if (mapping === undefined || mapping === 'archive') return mappingPreset('archive', '按表头名称', suggestedMapping(table.header), table.header)
  const [row] = (await ds.query('SELECT mapping FROM import_presets WHERE name = $1', [mapping])) as { mapping: Mapping }[]
  if (!row) throw new MappingError(`没有名为「${mapping}」的映射预设（内置：archive、cfpb）`)
  return mappingPreset(mapping, mapping, row.mapping, table.header)
}

/** What the preset writes; refuses a mapping that leaves a field a new case needs without a column. */
export function writePlan(preset: Preset, header: readonly string[]): WritePlan {
  const provides = preset.provides(header)
  const missing = [...FIELD_BY_KEY.values()].filter((d) => d.required && !provides.has(d.key)).map((d) => `${d.zh}（${d.key}）`)
  if (missing.length) throw new MappingError(`映射缺少必填字段：${missing.join('、')}。文件表头：${header.join(', ')}`)
  const columns = [...provides].filter((k) => !k.startsWith('step:') && k !== 'repeat_of').map(columnOf)
  if (provides.has('channel') && !columns.includes('is_direct')) columns.push('is_direct')
  columns.push('source_note')
  const kinds = [...Object.entries(COLUMN_STEPS).filter(([, col]) => columns.includes(col!)).map(([k]) => k), ...[...provides].filter((k) => k.startsWith('step:')).map((k) => k.slice(5))]
  return {
    columns, kinds, repeatOf: provides.has('repeat_of'),
    search: provides.has('summary') || provides.has('request'), identity: provides.has('complainant_name') || provides.has('complainant_id_no')
  }
}

async function codeMaps(ds: DataSource): Promise<{ units: Map<string, number>; staff: Map<string, number> }> {
  const units = (await ds.query('SELECT code, id FROM units')) as { code: string; id: number }[]
  const staff = (await ds.query('SELECT code, id FROM staff')) as { code: string; id: number }[]
  return { units: new Map(units.map((u) => [u.code, u.id])), staff: new Map(staff.map((s) => [s.code, s.id])) }
}

const KEEP = 200

/**
 * An import writes in bulk (indexes and keys rebuilt once, summaries rebuilt once: writeStaged) when it writes at
 * least BULK_MIN cases and at least a quarter of what the archive will hold: then one rebuild costs less than
 * keeping them up row by row (measured with test/bench/import-bench.ts: at 100,000 new cases the kept-up write
 * took 102 s, see README). The archive's tables are locked against other writers and readers until it commits.
 */
export const BULK_MIN = 20_000
async function isBulk(client: PoolClient, o: Outcomes, min = BULK_MIN): Promise<boolean> {
  const written = o.new + o.changed
  if (written < min) return false
  // The planner's estimate of the archive's size is enough to choose (no count of a million rows).
  const { rows } = await client.query<{ n: number }>(`SELECT greatest(reltuples, 0)::bigint AS n FROM pg_class WHERE oid = 'cases'::regclass`)
  return written * 4 >= Number(rows[0].n) + o.new
}

/**
 * Imports a file of closed cases (see the header). Counts always add up: read = new + changed + unchanged +
 * invalid + skipped.
 * @throws SourceFileError (empty or unreadable file), MappingError, ImportCancelled; any failure leaves the
 *   archive unchanged and the import recorded as failed
 */
export async function runImport(ds: DataSource, file: string, opts: ImportOptions): Promise<ImportResult> {
  const started = Date.now()
  const cpu = process.cpuUsage()
  await expireDeadRuns(ds, Date.now(), 'imports')
  const sha256 = await sha256File(file)
  const table = await openSource(file, opts)
  const size = (await stat(file)).size
  const progress = (rows: number, phase: 'reading' | 'writing' | 'auditing'): void => opts.onProgress?.({ rows, phase, bytes: table.bytesRead(), size })
  const preset = await resolvePreset(ds, table, opts.mapping)
  const plan = writePlan(preset, table.header)
  const { units, staff } = await codeMaps(ds)
  const note = preset.missing.length || Object.keys(preset.standins).length ? JSON.stringify({ preset: preset.id, missing: preset.missing, standins: preset.standins }) : null
  const mappingRecord = typeof opts.mapping === 'object' ? opts.mapping : { preset: preset.id, provides: [...preset.provides(table.header)] }
  let importId: number | null = null
  let stopBeat = (): void => {}
  if (!opts.dryRun) {
    ({ importId, stopBeat } = await beginImport(ds, file, { kind: 'cases', sha256, table, actor: opts.actor, preset: preset.id, mapping: mappingRecord, allOrNothing: !!opts.allOrNothing }))
  }
  return inImportTransaction(ds, importId, stopBeat, async (client, qr) => {
    await createStaging(client)
    const stager = new Stager(client, note)
    const errors = new ErrorSink(client, importId)
    const ctx: RowContext = { units, staff, createUnits: preset.createUnits, values: preset.values, seen: new Map(), unknown: new Map() }
    const warnings: string[] = []
    let warningCount = 0
    const errorSamples: { line: number; message: string }[] = []
    const skipped: { line: number; reason: string }[] = []
    let read = 0
    let skippedCount = 0
    const width = table.header.length
    // An invalid row: kept with its message (not a closure made per row: the loop runs a million times).
    const fail = async (row: { line: number; raw: string }, message: string): Promise<void> => {
      if (errorSamples.length < KEEP) errorSamples.push({ line: row.line, message })
      await errors.add(row.line, row.raw, message)
    }
    for await (const row of table.rows) {
      read++
      if (opts.signal?.aborted) throw new ImportCancelled()
      if (read % 1000 === 0) progress(read, 'reading')
      if (row.cells.length !== width) { await fail(row, `第 ${row.line} 行有 ${row.cells.length} 列，表头有 ${width} 列（列数不齐，可能是引号未闭合或多了分隔符）`); continue }
      const ex = preset.extract(row.cells, table.header)
      if ('skip' in ex) { skippedCount++; if (skipped.length < KEEP) skipped.push({ line: row.line, reason: ex.skip }); continue }
      const v = validateRow(row.line, ex.fields, ex.columnOf, ctx)
      if ('errors' in v) { await fail(row, v.errors.join('；')); continue }
      for (const w of v.record.warnings) { warningCount++; if (warnings.length < KEEP) warnings.push(w) }
      await stager.add(v.record)
    }
    await stager.flush(true)
    await errors.flush()
    const readCpu = process.cpuUsage(cpu)
    const phases: ImportResult['phases'] = { readMs: Date.now() - started, readCpuMs: Math.round((readCpu.user + readCpu.system) / 1000), stageWaitMs: Math.round(stager.waitMs), classifyMs: 0, writeMs: 0, auditMs: 0, analyzeMs: 0 }
    let t = Date.now()
    progress(read, 'writing')
    if (opts.signal?.aborted) throw new ImportCancelled()
    const outcomes = await classify(client, plan)
    const sample = await samples(client)
    phases.classifyMs = Date.now() - t
    const counts = { read, ...outcomes, invalid: errors.count, skipped: skippedCount }
    if (counts.read !== counts.new + counts.changed + counts.unchanged + counts.invalid + counts.skipped) throw new Error(`导入计数不符：${JSON.stringify(counts)}`)
    const unknownValues = Object.fromEntries([...ctx.unknown].map(([f, m]) => [f, Object.fromEntries(m)]))
    const result: ImportResult = {
      importId, status: 'dry_run', fileName: basename(file), sha256, kind: table.kind, encoding: table.encoding?.encoding ?? null, sheet: table.sheet, preset: preset.id,
      counts, warnings, warningCount, errors: errorSamples, skipped, unknownValues, samples: sample, reaudited: 0, unknownRepeats: 0, ms: 0, phases
    }
    if (opts.dryRun) {
      await client.query('ROLLBACK')
      return { ...result, ms: Date.now() - started }
    }
    const rejected = !!opts.allOrNothing && counts.invalid > 0
    if (!rejected) {
      t = Date.now()
      const w = await writeStaged(client, plan, importId!, opts.actor, await isBulk(client, outcomes, opts.bulkMin))
      result.unknownRepeats = w.unknownRepeats
      phases.writeMs = Date.now() - t
      phases.write = w.phases
      t = Date.now()
      if (opts.signal?.aborted) throw new ImportCancelled()
      progress(read, 'auditing')
      result.reaudited = await rejudgeCases(qr.manager, w.changedIds)
      phases.auditMs = Date.now() - t
    }
    result.status = rejected ? 'rejected' : 'done'
    await endImport(client, importId!, result.status, counts, {
      warnings, skipped, unknownValues,
      error: rejected ? `全部或不导入：${counts.invalid} 行无效，未写入任何案件（有效 ${counts.new + counts.changed + counts.unchanged} 行）` : null
    })
    await recordChange(qr.manager, { actor: opts.actor, entity: 'import', entityId: importId!, action: rejected ? 'import_rejected' : 'import', before: null, after: { file: basename(file), sha256, preset: preset.id, counts } })
    await client.query('COMMIT')
    if (phases.write?.bulk) {
      // Statistics for the list's plans after a large load (outside the transaction, as the seeding does).
      t = Date.now()
      // The import has committed: statistics that could not be taken now are left to autovacuum, not reported as a failed import.
      await analyzeArchive(client).catch(() => {})
      phases.analyzeMs = Date.now() - t
    }
    return { ...result, ms: Date.now() - started }
  })
}
