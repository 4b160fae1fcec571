// `dossier doc`: issue formal documents from the command line — one case's 客户投诉档案 or 客户投诉登记表,
// one review's 审查意见书, or the dossiers of a period in bulk. Every document is registered (type, subject,
// version, SHA-256, template version, who, when); the path, version and hash are printed.
import { userInfo } from 'node:os'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { openDatabase } from '../db/database'
import { batchDocuments } from '../documents/batch'
import { beginBatch, endBatch, noteSelection } from '../documents/batch-runs'
import { issueCaseDocument, issueReviewDocument, type IssuedDocument } from '../documents/issue'
import { CASE_DOC_TYPES, DOC_TYPES, type CaseDocType } from '../documents/labels'
import { issueQuarterlyReport } from '../documents/quarterly-report'
import { parseQuarter, quarterRange } from '../stats/quarter'
import { parseDay } from '../shared/china-time'
import { assertNeedToKnow, recordAccess, requireReason } from '../privacy/need-to-know'
import { cliSignIn } from './cli-user'
import { docVerifyCommand } from './doc-verify-command'
import { DOC_USAGE } from './usage'



function printIssued(d: IssuedDocument): void {
  console.log(`${d.path}\n  ${DOC_TYPES[d.docType].titleZh} 第 ${d.version} 版，${d.bytes.toLocaleString()} 字节，SHA-256 ${d.sha256}（登记号 ${d.id}）`)
}

export async function docCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args
  const { values, positionals } = parseArgs({
    args: rest, allowPositionals: true,
    options: { as: { type: 'string' }, reason: { type: 'string' }, type: { type: 'string' }, out: { type: 'string' }, quarter: { type: 'string' }, cases: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, workers: { type: 'string' }, 'no-zip': { type: 'boolean' }, reissue: { type: 'boolean' }, interim: { type: 'boolean' }, json: { type: 'boolean' } }
  })
  const type = (values.type ?? 'dossier') as CaseDocType
  if (!CASE_DOC_TYPES.includes(type)) throw new Error(`--type 应为 ${CASE_DOC_TYPES.join(' 或 ')}`)
  const outDir = resolve(values.out ?? 'documents')
  const actor = `cli:${userInfo().username}`
  if (sub === 'case' || sub === 'review') {
    const ref = positionals[0]
    if (!ref) throw new Error(`请给出${sub === 'case' ? '投诉编号' : '审查编号'}`)
    if (sub === 'review' && !/^\d+$/.test(ref)) throw new Error(`审查编号应为数字：${ref}`)
    const db = await openDatabase()
    try {
      if (sub === 'case') {
        const user = await cliSignIn(db.ds, values.as, DOC_TYPES[type].titleZh)
        const reason = requireReason(values.reason)
        const [c] = (await db.ds.query('SELECT id FROM cases WHERE case_no = $1 OR ($2::int IS NOT NULL AND id = $2::int)', [ref, /^\d+$/.test(ref) && Number(ref) <= 2147483647 ? Number(ref) : null])) as { id: number }[]
        if (!c) throw new Error(`没有案件 ${ref}`)
        await assertNeedToKnow(db.ds, user, c.id)
        printIssued(await issueCaseDocument(db.ds, type, c.id, { outDir, actor: user.username, reason }))
      } else printIssued(await issueReviewDocument(db.ds, Number(ref), { outDir, actor }))
    } finally {
      await db.close()
    }
    return 0
  }
  if (sub === 'quarter') {
    const quarter = parseQuarter(positionals[0] ?? '')
    const db = await openDatabase()
    try {
      printIssued(await issueQuarterlyReport(db.ds, quarter, { outDir, actor, interim: values.interim }))
    } finally {
      await db.close()
    }
    return 0
  }
  if (sub === 'verify') return docVerifyCommand(positionals[0], Boolean(values.json))
  if (sub === 'batch') {
    if (values.quarter) Object.assign(values, quarterRange(parseQuarter(values.quarter)))
    const selection = values.cases?.split(/[\s,]+/).filter(Boolean)
    if (!selection && (!values.from || !values.to)) throw new Error('请用 --quarter 2025Q3、--from 与 --to（YYYY-MM-DD），或 --cases 投诉编号,投诉编号… 选定案件')
    if (!selection) { parseDay(values.from!, '--from'); parseDay(values.to!, '--to') }
    if (!values.out) throw new Error('请用 --out 给出输出目录（新目录或空目录）')
    const controller = new AbortController()
    const stop = (): void => { process.stderr.write('\n正在停止（当前文书写完即停）…\n'); controller.abort() }
    process.once('SIGINT', stop)
    const db = await openDatabase()
    try {
      const user = await cliSignIn(db.ds, values.as, '批量文书')
      if (!user.roles.some((r) => r === 'records' || r === 'admin')) throw new Error('批量生成含个人信息的文书只限档案管理员或管理员')
      const reason = requireReason(values.reason)
      await db.ds.transaction((em) => recordAccess(em, user.username, 'document_batch', 0, 'start', { type, from: values.from ?? null, to: values.to ?? null, cases: selection ?? null, reason, via: 'cli' }))
      let caseIds: number[] | undefined
      if (selection) {
        const found: { id: number; case_no: string }[] = await db.ds.query('SELECT id, case_no FROM cases WHERE case_no = ANY($1)', [selection])
        const missing = selection.filter((no) => !found.some((f) => f.case_no === no))
        if (missing.length) throw new Error(`没有这些案件：${missing.join('、')}`)
        caseIds = selection.map((no) => found.find((f) => f.case_no === no)!.id)
      }
      let last = -1
      // Remembered like the app's batches: a killed CLI batch is cleaned up after and can be resumed in the app.
      const row = await beginBatch(db.ds, { docType: type, receivedFrom: values.from, receivedTo: values.to, caseIds, outDir, actor: user.username, reason })
      const res = await batchDocuments(db.ds, {
        caseIds, from: values.from, to: values.to, outDir, actor: user.username, type, zip: !values['no-zip'], reissue: values.reissue === true, signal: controller.signal, batchId: row.id,
        workers: values.workers === undefined ? undefined : Number(values.workers),
        onProgress: (done, total) => {
          const pct = total ? Math.floor((done / total) * 100) : 100
          if (pct !== last || done === total) { last = pct; process.stderr.write(`\r${DOC_TYPES[type].titleZh} ${done.toLocaleString()} / ${total.toLocaleString()} (${pct}%)`) }
        },
        onSelected: (total, skipped) => noteSelection(db.ds, row.id, total, skipped)
      })
      row.stop()
      await endBatch(db.ds, row.id, { status: res.cancelled ? 'cancelled' : 'done', total: res.total, done: res.done, skipped: res.skipped })
      process.stderr.write('\n')
      const rate = res.ms > 0 ? Math.round((res.done / res.ms) * 1000) : 0
      if (res.cancelled) {
        console.log(`已取消：已生成并登记 ${res.done.toLocaleString()} / ${res.total.toLocaleString()} 份，列于 ${res.manifest}；未生成压缩包`)
        return 130
      }
      if (res.skipped) console.log(`跳过已生成过的 ${res.skipped.toLocaleString()} 份（重新生成新版本请加 --reissue）`)
      console.log(`已生成并登记 ${res.done.toLocaleString()} 份（${(res.bytes / 1_048_576).toFixed(1)} MB，${(res.ms / 1000).toFixed(1)} s，${rate} 份/秒）`)
      console.log(`  清单 ${res.manifest}${res.zip ? `\n  压缩包 ${res.zip}` : ''}`)
    } finally {
      process.off('SIGINT', stop)
      await db.close()
    }
    return 0
  }
  throw new Error(`unknown doc command: ${sub ?? ''}\n${DOC_USAGE}`)
}
