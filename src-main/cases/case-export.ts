// The case list as a file (issue 10, point 11): every case the list's filter matches — the same conditions
// as the list and its count (case-filter.ts), in the list's order — read through a server-side cursor
// (DECLARE … CURSOR / FETCH, inside one REPEATABLE READ transaction, so the file is the list at one moment
// and memory stays flat at any size) and written as it comes through the shared table writer
// (import/table-file.ts: CSV with a BOM, or streamed XLSX split into sheets at 1,048,576 rows; every text
// cell formula-neutralised). Personal data is masked by the screens' rule unless the caller was allowed it in
// full (export-jobs.ts checks and records that).
import type { DataSource, EntityManager } from 'typeorm'
import type { CaseExportFormat, CaseFilter, CaseSort } from '../shared/contract'
import { BUSINESS_LINE_ZH, CATEGORY_ZH, CHANNEL_ZH, SEVERITY_ZH, type BusinessLine, type Category, type Channel, type Severity } from '../shared/codes'
import { REVIEW_STATUS_ZH, type ReviewStatus } from '../shared/review-types'
import { maskAddress, maskFreeText, maskIdentifier, maskName } from '../privacy'
import { openTableFile } from '../import/table-file'
import { unitScope, whereOf, whereSql, withText } from './case-filter'

/** Rows per FETCH from the cursor. */
const FETCH_ROWS = 2000

export interface CaseExportRow {
  case_no: string; received: string; closed: string; channel: string; category: string; severity: string
  business_line: string; unit_name: string; name: string | null; phone: string | null; id_no: string | null; address: string | null
  is_group: boolean; is_repeat: boolean; summary: string; review_status: ReviewStatus | null; audit_flagged: boolean | null; is_demo: boolean
}

const yesNo = (b: boolean): string => (b ? '是' : '否')
const label = <K extends string>(names: Record<K, string>, code: string): string => names[code as K] ?? code

/** Whether personal data is written in full (`full`) or masked as the screens show it. */
type Cell = (r: CaseExportRow, full: boolean) => string
const personal = (mask: (s: string) => string, pick: (r: CaseExportRow) => string | null): Cell =>
  (r, full) => { const v = pick(r); return v ? (full ? v : mask(v)) : '' }

/** The columns: Chinese header and cell. Times are China wall time, codes their Chinese names. */
export const CASE_EXPORT_COLUMNS: [string, Cell][] = [
  ['投诉编号', (r) => r.case_no], ['投诉时间', (r) => r.received], ['办结时间', (r) => r.closed],
  ['投诉渠道', (r) => label<Channel>(CHANNEL_ZH, r.channel)], ['业务类别', (r) => label<Category>(CATEGORY_ZH, r.category)],
  ['严重程度', (r) => label<Severity>(SEVERITY_ZH, r.severity)], ['业务条线', (r) => label<BusinessLine>(BUSINESS_LINE_ZH, r.business_line)],
  ['机构', (r) => r.unit_name],
  ['投诉人', (r, full) => (r.name ? (full ? r.name : maskName(r.name)) : '匿名')],
  ['联系电话', personal(maskIdentifier, (r) => r.phone)], ['证件号码', personal(maskIdentifier, (r) => r.id_no)],
  ['地址', personal(maskAddress, (r) => r.address)],
  ['群体投诉', (r) => yesNo(r.is_group)], ['重复投诉', (r) => yesNo(r.is_repeat)],
  ['投诉摘要', (r, full) => (full ? r.summary : maskFreeText(r.summary))],
  ['审查状态', (r) => (r.review_status ? REVIEW_STATUS_ZH[r.review_status] : '未审查')],
  ['系统预警', (r) => (r.audit_flagged === null ? '未检查' : yesNo(r.audit_flagged))], ['演示数据', (r) => yesNo(r.is_demo)]
]

const SORT_SQL: Record<CaseSort, string> = { received_at: 'c.received_at', closed_at: 'c.closed_at', case_no: 'c.case_no' }
const chinaTime = (col: string): string => `to_char(${col} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS')`

const SELECT = `SELECT c.case_no, ${chinaTime('c.received_at')} AS received, ${chinaTime('c.closed_at')} AS closed,
    c.channel, c.category, c.severity, c.business_line, u.name AS unit_name,
    c.complainant_name AS name, c.complainant_phone AS phone, c.complainant_id_no AS id_no, c.complainant_address AS address,
    c.is_group, c.repeat_of_id IS NOT NULL AS is_repeat, c.summary, r.status AS review_status, a.flagged AS audit_flagged, c.is_demo
  FROM cases c JOIN units u ON u.id = c.unit_id
  LEFT JOIN LATERAL (SELECT status FROM reviews WHERE case_id = c.id ORDER BY id DESC LIMIT 1) r ON true
  LEFT JOIN audit_results a ON a.case_id = c.id`

export interface CaseExportRequest { filter: CaseFilter; sort: CaseSort; dir: 'asc' | 'desc'; format: CaseExportFormat }

export interface CaseExportOptions {
  /** Personal data in full (the caller passed the check and gave a reason); masked otherwise. */
  unmasked?: boolean
  /** Stops the export after the rows in hand; the temporary file is removed and the promise rejects with an AbortError. */
  signal?: AbortSignal
  /** After the count and after each fetch: cases written, and how many match. */
  onProgress?: (done: number, total: number) => void
  /** Rows per XLSX sheet, header included (tests pass a small one; default 1,048,576). */
  sheetRows?: number
}

/** The export's query (the list's conditions and order) and the count of its rows, with their parameters. */
export async function caseExportSql(q: Pick<EntityManager, 'query'>, req: Omit<CaseExportRequest, 'format'>): Promise<{ select: string; count: string; params: unknown[] }> {
  const w = withText(whereOf(req.filter, { units: await unitScope(q, req.filter) }))
  const col = SORT_SQL[req.sort]
  return {
    select: `${SELECT} ${whereSql(w)} ORDER BY ${col} ${req.dir}${col === 'c.case_no' ? '' : `, c.id ${req.dir}`}`,
    count: `SELECT count(*)::int AS n FROM cases c ${whereSql(w)}`,
    params: w.params
  }
}

/** The matching cases' count and a cursor `case_export` over them, on `em` (inside a transaction). */
async function openCursor(em: EntityManager, req: CaseExportRequest): Promise<number> {
  const { select, count, params } = await caseExportSql(em, req)
  const [{ n }] = (await em.query(count, params)) as { n: number }[]
  await em.query(`DECLARE case_export NO SCROLL CURSOR FOR ${select}`, params)
  return n
}

/**
 * Writes every case matching `req.filter` to `file`, in the list's order, under a temporary name renamed when
 * complete (a failed or cancelled export leaves no partial file).
 * @returns rows written (= the count in the same snapshot)
 * @throws AbortError when `signal` aborts; what the database or file system throws
 */
export async function exportCaseList(ds: DataSource, req: CaseExportRequest, file: string, opts: CaseExportOptions = {}): Promise<number> {
  const full = opts.unmasked === true
  const out = openTableFile(file, {
    xlsx: req.format === 'xlsx', sheetName: '投诉案件', neutralise: true, header: CASE_EXPORT_COLUMNS.map(([h]) => h), sheetRows: opts.sheetRows
  })
  try {
    const n = await ds.transaction('REPEATABLE READ', async (em) => {
      const total = await openCursor(em, req)
      opts.onProgress?.(0, total)
      let done = 0
      for (;;) {
        opts.signal?.throwIfAborted()
        const rows = (await em.query(`FETCH FORWARD ${FETCH_ROWS} FROM case_export`)) as CaseExportRow[]
        for (const r of rows) await out.row(CASE_EXPORT_COLUMNS.map(([, cell]) => cell(r, full)))
        done += rows.length
        opts.onProgress?.(done, total)
        if (rows.length < FETCH_ROWS) return done
      }
    })
    await out.close()
    return n
  } catch (err) {
    await out.abort()
    throw err
  }
}
