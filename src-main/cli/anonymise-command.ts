// `dossier anonymise --before-retention [--dry-run] --as ADMIN`: the retention screen's preview and
// anonymisation from the command line (retention/anonymise.ts), as a named administrator.
import { parseArgs } from 'node:util'
import { join } from 'node:path'
import { openDatabase } from '../db/database'
import { defaultDataDir } from '../db/data-dir'
import { anonymiseBeyondRetention, previewAnonymise } from '../retention/anonymise'
import { cliSignIn } from './cli-user'


/** @returns 0 when done (or previewed); throws a one-line Error otherwise */
export async function anonymiseCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'before-retention': { type: 'boolean' }, 'dry-run': { type: 'boolean' }, as: { type: 'string' } } })
  if (!values['before-retention']) throw new Error('须指明 --before-retention（匿名化超过保存期限的案件）')
  const db = await openDatabase()
  try {
    const user = await cliSignIn(db.ds, values.as, '匿名化')
    if (!user.roles.includes('admin')) throw new Error('只有管理员可以匿名化个人信息')
    const p = await previewAnonymise(db.ds)
    if (p.months === null) throw new Error('尚未设置个人信息保存期限：请管理员在「安全设置」中设置')
    console.log(`保存期限 ${p.months} 个月：${p.cutoff!.slice(0, 10)} 前结案的 ${p.cases} 件案件超过期限（已匿名化 ${p.alreadyAnonymised} 件）`)
    for (const f of p.fields) if (f.cases) console.log(`  ${f.field}: ${f.cases} 件`)
    console.log(`  时间线备注 ${p.events} 条，补偿方案 ${p.offers} 条，整改措施 ${p.rectifications} 条，整改跟进记录 ${p.followUps} 条，留痕 ${p.trailEntries} 条，已出具档案/登记表文件 ${p.documents} 份`)
    if (values['dry-run'] || p.cases === 0) return 0
    const documentsDir = process.env.DOSSIER_DOCUMENTS_DIR || join(defaultDataDir(), 'documents')
    const r = await anonymiseBeyondRetention(db.ds, user.username, p.cases, documentsDir)
    console.log(`已匿名化 ${r.cases} 件案件，涂去留痕 ${r.trailEntries} 条，删除含个人信息的文书文件 ${r.documentsRemoved} 份（登记簿保留）`)
    return 0
  } finally {
    await db.close()
  }
}
