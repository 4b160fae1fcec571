// The archive's own export: every case field with full personal data, as CSV (UTF-8 with BOM) or XLSX
// (exceljs's streamed WorkbookWriter; every cell text, so identity numbers stay as written). The header is
// the fields' Chinese names, so the file imports back without a preset, and an export → import into an
// empty archive → export gives the same file. Times are China wall time; codes are written as their labels.
import { extname } from 'node:path'
import type { DataSource } from 'typeorm'
import { openTableFile } from './table-file'
import { codeLabel } from './code-values'
import { ALL_FIELDS, type FieldDef } from '../shared/import-fields'
import { columnOf } from './row'
import { exportTime } from './values'

export interface ExportOptions {
  /** Received on or after this day (YYYY-MM-DD, China time). */
  from?: string
  /** Received before this day (exclusive). */
  to?: string
  onProgress?: (rows: number) => void
}

const BATCH = 5000

function selectList(): string {
  const out: string[] = ['c.id', `(extract(epoch FROM c.received_at) * 1000)::float8 AS k_received`]
  for (const f of ALL_FIELDS) {
    const alias = `"${f.key}"`
    if (f.key.startsWith('step:')) out.push(`(SELECT (extract(epoch FROM min(e.at)) * 1000)::float8 FROM case_events e WHERE e.case_id = c.id AND e.kind = '${f.key.slice(5)}') AS ${alias}`)
    else if (f.kind === 'time') out.push(`(extract(epoch FROM c.${f.key}) * 1000)::float8 AS ${alias}`)
    else if (f.kind === 'staff') out.push(`(SELECT code FROM staff WHERE id = c.${columnOf(f.key)}) AS ${alias}`)
    else if (f.kind === 'unit') out.push(`(SELECT code FROM units WHERE id = c.${columnOf(f.key)}) AS ${alias}`)
    else if (f.kind === 'units') out.push(`(SELECT string_agg(u.code, ';' ORDER BY x.n) FROM unnest(c.assisting_unit_ids) WITH ORDINALITY x(id, n) JOIN units u ON u.id = x.id) AS ${alias}`)
    else if (f.kind === 'case_ref') out.push(`(SELECT case_no FROM cases r WHERE r.id = c.repeat_of_id) AS ${alias}`)
    else if (f.kind === 'amount') out.push(`c.${f.key}::text AS ${alias}`)
    else out.push(`c.${f.key} AS ${alias}`)
  }
  return out.join(', ')
}

function cell(f: FieldDef, v: unknown): string {
  if (v === null || v === undefined) return ''
  switch (f.kind) {
    case 'time': return exportTime(Number(v))
    case 'bool': return v ? '是' : '否'
    case 'code': return codeLabel(f.key, String(v))
    default: return String(v)
  }
}

/**
 * Writes the cases received in [from, to) to `file` (.csv or .xlsx), ordered by receipt and case number;
 * under a temporary name, renamed when complete.
 * @returns the number of cases written
 */
export async function exportCases(ds: DataSource, file: string, opts: ExportOptions = {}): Promise<number> {
  const header = ALL_FIELDS.map((f) => f.zh)
  const where: string[] = []
  const params: unknown[] = []
  if (opts.from) { params.push(opts.from); where.push(`c.received_at >= $${params.length}::date::timestamp AT TIME ZONE 'Asia/Shanghai'`) }
  if (opts.to) { params.push(opts.to); where.push(`c.received_at < $${params.length}::date::timestamp AT TIME ZONE 'Asia/Shanghai'`) }
  let n = 0
  const out = openTableFile(file, { xlsx: extname(file).toLowerCase() === '.xlsx', sheetName: '投诉案件', neutralise: false })
  try {
    await out.row(header)
    let after: [number, string] | null = null
    for (;;) {
      const p = [...params]
      const w = [...where]
      if (after) { p.push(after[0], after[1]); w.push(`((extract(epoch FROM c.received_at) * 1000)::float8, c.case_no) > ($${p.length - 1}::float8, $${p.length}::text)`) }
      p.push(BATCH)
      const rows = (await ds.query(`SELECT ${selectList()} FROM cases c ${w.length ? `WHERE ${w.join(' AND ')}` : ''}
        ORDER BY (extract(epoch FROM c.received_at) * 1000)::float8, c.case_no LIMIT $${p.length}`, p)) as Record<string, unknown>[]
      if (!rows.length) break
      for (const r of rows) { await out.row(ALL_FIELDS.map((f) => cell(f, r[f.key]))); n++ }
      const last = rows[rows.length - 1]
      after = [Number(last.k_received), String(last.case_no)]
      opts.onProgress?.(n)
    }
    await out.close()
    return n
  } catch (err) {
    await out.abort()
    throw err
  }
}
