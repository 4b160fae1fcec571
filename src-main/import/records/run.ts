// One import of units, staff, offers, rectification measures or timeline events, start to end, the way cases
// are imported (run.ts): the file hashed and recorded with a heartbeat lease, read as a stream, each row
// validated, valid rows staged with COPY and invalid ones kept with their message (the error file), the
// references checked set-based, then everything written in ONE transaction — or nothing. Re-importing the
// same file changes nothing. After offers, the legal checks are computed for the offers written and the
// cases re-audited (R13 reads offers, R14 measures), in the same transaction.
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { DataSource } from 'typeorm'
import { expireDeadRuns } from '../../runs/lease'
import { beginImport, endImport, inImportTransaction } from '../lifecycle'
import { rejudgeCases } from '../../audit/rejudge'
import { refreshChecks } from '../../legal/check-store'
import { recordChange } from '../../trail/record'
import { RECORD_FIELDS, RECORD_KIND_ZH, suggestRecordMapping, type RecordKind } from '../../shared/import-record-fields'
import { openSource } from '../reader'
import { ErrorSink } from '../stage'
import { ImportCancelled, MappingError, sha256File, type ImportOptions, type ImportResult } from '../run'
import { validateRecordRow, type RecordRowContext } from './row'
import { RecordStager, resolveReferences } from './stage'
import { TARGETS } from './targets'
import { classifyRecords, recordSamples, writeRecords } from './write'
import { classifyEvents, writeEvents } from './events'

/** A record kind's mapping: field key → source column header, and value maps of its coded fields. */
export interface RecordMapping { columns: Record<string, string>; values?: Record<string, Record<string, string>> }

export interface RecordImportOptions extends Omit<ImportOptions, 'mapping'> {
  kind: RecordKind
  /** Default: suggested from the header's names. */
  mapping?: RecordMapping
}

/** The mapping to read `header` with, each field's column index; refuses a required field without a column or a column not in the file. */
export function recordColumns(kind: RecordKind, header: readonly string[], mapping: RecordMapping | undefined): { index: Record<string, number>; headerOf: Record<string, string> } {
  const columns = mapping?.columns ?? suggestRecordMapping(kind, header)
  const defs = RECORD_FIELDS[kind]
  const index: Record<string, number> = {}
  const problems: string[] = []
  for (const [key, column] of Object.entries(columns)) {
    if (!defs.some((d) => d.key === key)) { problems.push(`「${key}」不是${RECORD_KIND_ZH[kind]}的字段`); continue }
    const i = header.indexOf(column)
    if (i < 0) problems.push(`字段 ${key} 对应的列「${column}」不在文件表头中`)
    else index[key] = i
  }
  const missing = defs.filter((d) => d.required && index[d.key] === undefined).map((d) => `${d.zh}（${d.key}）`)
  if (missing.length) problems.push(`映射缺少必填字段：${missing.join('、')}。文件表头：${header.join(', ')}`)
  if (problems.length) throw new MappingError(problems.join('；'))
  return { index, headerOf: Object.fromEntries(Object.entries(index).map(([k, i]) => [k, header[i]])) }
}

const KEEP = 200
/** How a sample row is named in the dry run: its key as the user reads it. */
const LABEL: Record<RecordKind, string> = {
  units: 's.code', staff: 's.code', offers: `s.case_no || ' ' || s.ref`, rectifications: `s.case_no || ' ' || s.ref`, events: `s.case_no || ' ' || s.step`
}

/**
 * Imports a file of `opts.kind` (see the header). Counts add up: read = new + changed + unchanged + invalid + skipped.
 * @throws SourceFileError, MappingError, ImportCancelled; any failure leaves the archive unchanged and the import recorded as failed
 */
export async function runRecordImport(ds: DataSource, file: string, opts: RecordImportOptions): Promise<ImportResult> {
  const started = Date.now()
  const { kind } = opts
  await expireDeadRuns(ds, Date.now(), 'imports')
  const sha256 = await sha256File(file)
  const table = await openSource(file, opts)
  const size = (await stat(file)).size
  const { index, headerOf } = recordColumns(kind, table.header, opts.mapping)
  const provided = new Set(Object.keys(index))
  let importId: number | null = null
  let stopBeat = (): void => {}
  if (!opts.dryRun) {
    ({ importId, stopBeat } = await beginImport(ds, file, {
      kind, sha256, table, actor: opts.actor, preset: opts.mapping ? 'custom' : 'archive', mapping: { columns: headerOf, values: opts.mapping?.values ?? {} }, allOrNothing: !!opts.allOrNothing
    }))
  }
  return inImportTransaction(ds, importId, stopBeat, async (client, qr) => {
    const stager = new RecordStager(client, kind)
    await stager.create()
    const errors = new ErrorSink(client, importId)
    const ctx: RecordRowContext = { kind, headerOf, values: opts.mapping?.values, seen: new Map(), perCase: new Map(), unknown: new Map() }
    const errorSamples: { line: number; message: string }[] = []
    const fail = async (line: number, raw: string, message: string): Promise<void> => {
      if (errorSamples.length < KEEP) errorSamples.push({ line, message })
      await errors.add(line, raw, message)
    }
    let read = 0
    const width = table.header.length
    for await (const row of table.rows) {
      read++
      if (opts.signal?.aborted) throw new ImportCancelled()
      if (read % 1000 === 0) opts.onProgress?.({ rows: read, phase: 'reading', bytes: table.bytesRead(), size })
      if (row.cells.length !== width) { await fail(row.line, row.raw, `第 ${row.line} 行有 ${row.cells.length} 列，表头有 ${width} 列（列数不齐，可能是引号未闭合或多了分隔符）`); continue }
      const fields = Object.fromEntries(Object.entries(index).map(([k, i]) => [k, row.cells[i] ?? '']))
      const v = validateRecordRow(row.line, fields, ctx)
      if ('errors' in v) { await fail(row.line, row.raw, v.errors.join('；')); continue }
      await stager.add(row.line, row.raw, v.row)
    }
    await stager.flush()
    for (const bad of await resolveReferences(client, kind, provided, headerOf)) await fail(bad.line, bad.raw, bad.message)
    await errors.flush()
    errorSamples.sort((a, b) => a.line - b.line)
    const phases = { readMs: Date.now() - started, stageWaitMs: 0, classifyMs: 0, writeMs: 0, auditMs: 0, analyzeMs: 0 }
    let t = Date.now()
    opts.onProgress?.({ rows: read, phase: 'writing', bytes: table.bytesRead(), size })
    if (opts.signal?.aborted) throw new ImportCancelled()
    const spec = kind === 'events' ? null : TARGETS[kind]
    const outcomes = spec ? await classifyRecords(client, spec, provided, kind === 'offers' || kind === 'rectifications') : await classifyEvents(client)
    const sample = await recordSamples(client, LABEL[kind])
    phases.classifyMs = Date.now() - t
    const counts = { read, ...outcomes, invalid: errors.count, skipped: 0 }
    if (counts.read !== counts.new + counts.changed + counts.unchanged + counts.invalid) throw new Error(`导入计数不符：${JSON.stringify(counts)}`)
    const unknownValues = Object.fromEntries([...ctx.unknown].map(([f, m]) => [f, Object.fromEntries(m)]))
    const result: ImportResult = {
      importId, status: 'dry_run', fileName: basename(file), sha256, kind: table.kind, encoding: table.encoding?.encoding ?? null, sheet: table.sheet, preset: kind,
      counts, warnings: [], warningCount: 0, errors: errorSamples, skipped: [], unknownValues, samples: sample, reaudited: 0, unknownRepeats: 0, ms: 0, phases
    }
    if (opts.dryRun) {
      await client.query('ROLLBACK')
      return { ...result, ms: Date.now() - started }
    }
    const rejected = !!opts.allOrNothing && counts.invalid > 0
    if (!rejected) {
      t = Date.now()
      const caseIds = spec ? (await writeRecords(client, spec, provided, importId!, opts.actor)).caseIds : await writeEvents(client, importId!, opts.actor)
      // The legal checks of the offers written (a changed offer's were dropped by its trigger; a new one has none).
      if (kind === 'offers') await refreshChecks(qr.manager)
      phases.writeMs = Date.now() - t
      t = Date.now()
      if (opts.signal?.aborted) throw new ImportCancelled()
      opts.onProgress?.({ rows: read, phase: 'auditing', bytes: table.bytesRead(), size })
      result.reaudited = await rejudgeCases(qr.manager, caseIds)
      phases.auditMs = Date.now() - t
    }
    result.status = rejected ? 'rejected' : 'done'
    await endImport(client, importId!, result.status, counts, { unknownValues, error: rejected ? `全部或不导入：${counts.invalid} 行无效，未写入任何${RECORD_KIND_ZH[kind]}` : null })
    await recordChange(qr.manager, { actor: opts.actor, entity: 'import', entityId: importId!, action: rejected ? 'import_rejected' : 'import', before: null, after: { kind, file: basename(file), sha256, counts } })
    await client.query('COMMIT')
    return { ...result, ms: Date.now() - started }
  })
}
