// The staging of a record import: a temporary table (dropped at commit or rollback) with the row's line, the
// row as it stood in the file (for the error file, should a reference prove unknown), its fields typed, and
// the ids its references resolve to; filled with COPY in batches (no row-by-row inserts); then the
// references are checked set-based, and the rows naming a case, unit or staff member the archive (or, for a
// unit's parent, the same file) does not have become invalid rows with their message.
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { PoolClient } from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { RECORD_FIELDS, type RecordFieldType, type RecordKind } from '../../shared/import-record-fields'
import type { StagedRow } from './row'

const SQL_TYPE: Record<RecordFieldType, string> = {
  text: 'text', time: 'timestamptz', day: 'date', amount: 'numeric(14,2)', bool: 'boolean', code: 'text', case: 'text', unit: 'text', staff: 'text', ref: 'text'
}
const REF_TABLE: Partial<Record<RecordFieldType, { table: string; key: string; what: string; hint: string }>> = {
  case: { table: 'cases', key: 'case_no', what: '投诉编号', hint: '请先导入案件' },
  unit: { table: 'units', key: 'code', what: '机构代码', hint: '请先导入机构' },
  staff: { table: 'staff', key: 'code', what: '员工工号', hint: '请先导入人员' }
}
/** The staged column holding a reference field's resolved id. */
export const idColumn = (key: string, type: RecordFieldType): string => (type === 'case' ? 'case_id' : `${key}_id`)

const esc = (s: string): string => s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))

export class RecordStager {
  private buf: string[] = []
  private readonly keys: string[]
  staged = 0
  constructor(private client: PoolClient, private kind: RecordKind, private readonly batch = 5000) {
    this.keys = RECORD_FIELDS[kind].map((d) => d.key)
  }

  async create(): Promise<void> {
    const defs = RECORD_FIELDS[this.kind]
    const cols = ['line integer NOT NULL', 'raw text NOT NULL', ...defs.map((d) => `${d.key} ${SQL_TYPE[d.type]}`),
      ...defs.filter((d) => REF_TABLE[d.type]).map((d) => `${idColumn(d.key, d.type)} integer`)]
    await this.client.query(`CREATE TEMP TABLE rec_stage (${cols.join(', ')}) ON COMMIT DROP`)
  }

  async add(line: number, raw: string, row: StagedRow): Promise<void> {
    this.buf.push(`${line}\t${esc(raw)}\t${this.keys.map((k) => (row[k] === null || row[k] === undefined ? '\\N' : esc(row[k]!))).join('\t')}\n`)
    if (this.buf.length >= this.batch) await this.flush()
  }

  async flush(): Promise<void> {
    if (!this.buf.length) return
    const data = Buffer.from(this.buf.join(''), 'utf8')
    this.staged += this.buf.length
    this.buf = []
    await pipeline(Readable.from([data]), this.client.query(copyFrom(`COPY rec_stage (line, raw, ${this.keys.join(', ')}) FROM STDIN`)))
  }
}

/**
 * Resolves the staged references to ids and takes out the rows whose references are unknown.
 * @param headerOf field key → the source column's header (for the messages)
 * @returns the rows taken out: line, the row as in the file, and every reason (one message per row)
 */
export async function resolveReferences(client: PoolClient, kind: RecordKind, provided: ReadonlySet<string>, headerOf: Record<string, string>): Promise<{ line: number; raw: string; message: string }[]> {
  const checks: string[] = []
  const params: string[] = []
  for (const d of RECORD_FIELDS[kind]) {
    const ref = REF_TABLE[d.type]
    if (!ref || !provided.has(d.key)) continue
    const id = idColumn(d.key, d.type)
    await client.query(`UPDATE rec_stage s SET ${id} = x.id FROM ${ref.table} x WHERE x.${ref.key} = s.${d.key}`)
    // A unit's parent may be a unit of the same file (written in the same import).
    const alsoInFile = kind === 'units' && d.key === 'parent' ? ` AND NOT EXISTS (SELECT 1 FROM rec_stage p WHERE p.code = s.${d.key})` : ''
    params.push(headerOf[d.key] ?? d.zh)
    checks.push(`CASE WHEN s.${d.key} IS NOT NULL AND s.${id} IS NULL${alsoInFile}
      THEN format('第 %s 行，列「%s」，值「%s」：${ref.what}在档案中不存在（${ref.hint}）', s.line, $${params.length}::text, s.${d.key}) END`)
  }
  if (!checks.length) return []
  const { rows } = await client.query<{ line: number; raw: string; message: string }>(`
    SELECT line, raw, message FROM (SELECT s.line, s.raw, concat_ws('；', ${checks.join(', ')}) AS message FROM rec_stage s) x
     WHERE message <> '' ORDER BY line`, params)
  if (rows.length) await client.query('DELETE FROM rec_stage WHERE line = ANY($1::int[])', [rows.map((r) => r.line)])
  return rows
}
