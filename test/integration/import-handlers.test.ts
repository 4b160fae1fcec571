// Issue 14: the import wizard's channels — records office and administrators only; inspect (encoding guess,
// header, preview, suggested mapping), dry run, a background import with progress and its result, cancel,
// the list of imports, presets (in the trail), error files; bad files and mappings are clear 4xx messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { ensureDemoUsers } from '../../src-main/auth/users'
import type { ImportInspectResponse, ImportJobStatus, ImportRecordView, ImportSummary } from '../../src-main/shared/contract'
import { connect, data, resetArchive, signedInAs, type RawCall } from './db'

let ds: DataSource
let records: RawCall
let reviewer: RawCall
const dir = mkdtempSync(join(tmpdir(), 'dossier-import-h-'))
let file: string
let unit: string

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 8, cases: 5, workers: 0 })
  await ensureDemoUsers(ds)
  records = await signedInAs(ds, 'qian.yu')
  reviewer = await signedInAs(ds, 'chen.jing')
  unit = (await ds.query('SELECT code FROM units ORDER BY id LIMIT 1'))[0].code
  const rows = ['单号,来电时间,结案日期,渠道,网点,条线,类别,等级,内容,诉求']
  for (let i = 1; i <= 2000; i++) rows.push(`H${i},2025/3/${1 + (i % 28)} 09:30,2025年4月${1 + (i % 28)}日,客服热线,${unit},信用卡,服务质量投诉,一般,"客户反映信用卡年费扣收未告知，第${i}件",退还年费`)
  rows.push(`H9999,2025/3/1 09:30,2025年4月1日,飞鸽传书,${unit},信用卡,服务质量投诉,一般,内容,诉求`)
  file = join(dir, '网点导出.csv')
  writeFileSync(file, iconv.encode(rows.join('\r\n'), 'gbk'))
})
afterAll(async () => ds?.destroy())

const mapping = { columns: { case_no: '单号', received_at: '来电时间', closed_at: '结案日期', channel: '渠道', unit: '网点', business_line: '条线', category: '类别', severity: '等级', summary: '内容', request: '诉求' } }

describe('import channels', () => {
  it('only the records office and administrators may import', async () => {
    const r = await reviewer('import.inspect', { path: file })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('forbidden')
  })

  it('inspect: the encoding guess, the header, the first rows; bad files are invalid requests', async () => {
    const i = data<ImportInspectResponse>(await records('import.inspect', { path: file }))
    expect(i).toMatchObject({ kind: 'csv', encoding: { encoding: 'gb18030', confidence: 'guessed' }, detectedPreset: 'archive' })
    expect(i.header[0]).toBe('单号')
    expect(i.preview).toHaveLength(10)
    expect(i.preview[0].cells[8]).toBe('客户反映信用卡年费扣收未告知，第1件')
    expect(i.suggested.columns).toMatchObject({ received_at: '来电时间' })
    for (const path of [join(dir, 'none.csv'), dir]) {
      const bad = await records('import.inspect', { path })
      expect(bad.ok).toBe(false)
      if (!bad.ok) expect(bad.error.code).toBe('invalid_request')
    }
  })

  it('a dry run with a mapping; the unknown channel value is listed; a mapping without required fields is refused', async () => {
    const d = data<ImportSummary>(await records('import.dryRun', { path: file, mapping }))
    expect(d.counts).toEqual({ read: 2001, new: 2000, changed: 0, unchanged: 0, invalid: 1, skipped: 0 })
    expect(d.unknownValues).toEqual({ channel: { 飞鸽传书: 1 } })
    const bad = await records('import.dryRun', { path: file })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/^映射缺少必填字段：投诉编号/) })
  })

  it('presets are saved (and trailed); the value map sends the unknown value to a code; the import runs in the background', async () => {
    data(await records('import.savePreset', { name: '网点系统', mapping: { ...mapping, values: { channel: { 飞鸽传书: 'letter' } } } }))
    expect((await ds.query(`SELECT actor, action FROM audit_trail WHERE entity = 'import_preset'`))).toEqual([{ actor: 'qian.yu', action: 'create' }])
    let s = data<ImportJobStatus>(await records('import.start', { path: file, mapping: '网点系统' }))
    const busy = await records('import.start', { path: file, mapping: '网点系统' })
    if (s.state === 'running') expect(busy.ok || busy.error.code).toBe('conflict')
    for (let i = 0; i < 600 && s.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100))
      s = data<ImportJobStatus>(await records('import.status', { jobId: s.jobId }))
    }
    expect(s.state).toBe('done')
    expect(s.result!.counts).toEqual({ read: 2001, new: 2001, changed: 0, unchanged: 0, invalid: 0, skipped: 0 })
    expect(s.rows).toBeGreaterThanOrEqual(2000)
    const list = data<ImportRecordView[]>(await records('import.list', {}))
    expect(list[0]).toMatchObject({ fileName: '网点导出.csv', actor: 'qian.yu', preset: '网点系统', status: 'done' })
    expect((await ds.query(`SELECT channel FROM cases WHERE case_no = 'H9999'`))[0].channel).toBe('letter')
  })

  it('cancel: nothing is written, the import is recorded as failed (cancelled)', async () => {
    const before = (await ds.query('SELECT count(*)::int AS n FROM cases'))[0].n
    const big = join(dir, 'big.csv')
    writeFileSync(big, iconv.encode([iconv.decode(readFileSync(file), 'gbk').split('\r\n')[0], ...Array.from({ length: 40_000 }, (_, i) => `C${i},2025/3/1 09:30,2025年4月1日,客服热线,${unit},信用卡,服务质量投诉,一般,内容${i},诉求`)].join('\n'), 'gbk'))
    const s = data<ImportJobStatus>(await records('import.start', { path: big, mapping }))
    const c = data<ImportJobStatus>(await records('import.cancel', { jobId: s.jobId }))
    expect(c.jobId).toBe(s.jobId)
    let st = c
    for (let i = 0; i < 600 && st.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100))
      st = data<ImportJobStatus>(await records('import.status', { jobId: s.jobId }))
    }
    expect(st.state).toBe('cancelled')
    expect((await ds.query('SELECT count(*)::int AS n FROM cases'))[0].n).toBe(before)
    const [rec] = await ds.query(`SELECT status, error FROM imports WHERE file_name = 'big.csv'`)
    expect(rec).toEqual({ status: 'failed', error: '已取消，档案未作任何改动' })
  })
})
