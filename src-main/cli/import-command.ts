// `dossier import` and `dossier export`: closed cases from a complaint-system export (CSV or XLSX) into the
// archive, and the archive's own export with full personal data. Both act as a named user (--as): an import
// writes the archive, an export carries every complainant's personal data (logged in the trail).
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { DataSource } from 'typeorm'
import { openDatabase } from '../db/database'
import { parseDay } from '../shared/china-time'
import { recordChange } from '../trail/record'
import { runImport, type ImportResult } from '../import/run'
import { runRecordImport } from '../import/records/run'
import { RECORD_KINDS, type RecordKind } from '../shared/import-record-fields'
import { writeErrorFile } from '../import/error-file'
import { exportCases } from '../import/export'
import { cliSignIn } from './cli-user'
import type { SessionUser } from '../shared/review-types'
import { IMPORT_USAGE } from './usage'


const IMPORTERS = ['admin', 'records']

function requireRole(user: SessionUser, what: string): void {
  if (!user.roles.some((r) => IMPORTERS.includes(r))) throw new Error(`${what}只限档案管理员或管理员（${user.username} 的角色：${user.roles.join('、')}）`)
}

function printResult(r: ImportResult, errorFile: string | null): void {
  const c = r.counts
  const what = r.status === 'dry_run' ? '试导入（未写入）' : r.status === 'rejected' ? '已拒绝（全部或不导入：有无效行，未写入）' : `已导入（导入 #${r.importId}）`
  console.log(`${r.fileName}：${r.kind.toUpperCase()}${r.encoding ? `，编码 ${r.encoding}` : ''}${r.sheet ? `，工作表「${r.sheet}」` : ''}，映射 ${r.preset}`)
  console.log(`${what}：读取 ${c.read} 行 = 新增 ${c.new} + 变更 ${c.changed} + 未变 ${c.unchanged} + 无效 ${c.invalid} + 跳过 ${c.skipped}`)
  if (r.reaudited) console.log(`已重新审查变更的案件 ${r.reaudited} 件`)
  for (const [field, values] of Object.entries(r.unknownValues)) console.log(`无法识别的 ${field} 值：${Object.entries(values).map(([v, n]) => `「${v}」×${n}`).join('、')}`)
  for (const e of r.errors.slice(0, 20)) console.log(`  无效：${e.message}`)
  if (r.counts.invalid > 20) console.log(`  …… 共 ${r.counts.invalid} 行无效`)
  for (const s of r.skipped.slice(0, 5)) console.log(`  跳过：第 ${s.line} 行 ${s.reason}`)
  if (r.counts.skipped > 5) console.log(`  …… 共跳过 ${r.counts.skipped} 行`)
  for (const w of r.warnings.slice(0, 10)) console.log(`  警告：${w}`)
  if (r.warningCount > 10) console.log(`  …… 共 ${r.warningCount} 条警告`)
  if (r.unknownRepeats) console.log(`  警告：${r.unknownRepeats} 件的“重复投诉原案编号”在档案中找不到，未建立关联`)
  if (r.status === 'dry_run') {
    for (const k of ['new', 'changed', 'unchanged'] as const) {
      for (const s of r.samples[k]) console.log(`  样例 ${k}：第 ${s.line} 行 ${s.caseNo}${s.changed ? ` 变更 ${Object.keys(s.changed).join('、')}` : ''}`)
    }
  }
  if (errorFile) console.log(`错误文件：${errorFile}（原行不变，另加行号与错误说明）`)
}

async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: {
    as: { type: 'string' }, kind: { type: 'string' }, mapping: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'all-or-nothing': { type: 'boolean' },
    encoding: { type: 'string' }, sheet: { type: 'string' }, errors: { type: 'string' }, quiet: { type: 'boolean' }
  } })
  const file = positionals[0]
  if (!file) throw new Error(`import 需要文件\n${IMPORT_USAGE}`)
  if (!existsSync(file)) throw new Error(`文件不存在：${file}`)
  const kind = values.kind ?? 'cases'
  if (kind !== 'cases' && !RECORD_KINDS.includes(kind as RecordKind)) throw new Error(`--kind 应为 cases、${RECORD_KINDS.join('、')} 之一\n${IMPORT_USAGE}`)
  if (kind !== 'cases' && values.mapping) throw new Error('--mapping 只用于案件导入；其他种类按表头名称对应')
  const db = await openDatabase()
  try {
    const user = await cliSignIn(db.ds, values.as, '导入')
    requireRole(user, '导入案件')
    const startedAt = Date.now()
    let last = 0
    const opts = {
      actor: user.username, dryRun: values['dry-run'], allOrNothing: values['all-or-nothing'], encoding: values.encoding, sheet: values.sheet,
      onProgress: ({ rows, phase }: { rows: number; phase: string }) => {
        if (values.quiet || Date.now() - last < 500) return
        last = Date.now()
        const rate = Math.round(rows / Math.max(0.001, (Date.now() - startedAt) / 1000))
        process.stderr.write(`\r${phase === 'reading' ? '读取' : phase === 'writing' ? '写入' : '重新审查'} ${rows.toLocaleString()} 行（${rate.toLocaleString()} 行/秒）`)
      }
    }
    const result = kind === 'cases' ? await runImport(db.ds, file, { ...opts, mapping: values.mapping }) : await runRecordImport(db.ds, file, { ...opts, kind: kind as RecordKind })
    if (!values.quiet && last) process.stderr.write('\n')
    let errorFile: string | null = null
    if (result.importId !== null && result.counts.invalid > 0) {
      errorFile = values.errors ?? `${file.replace(/\.(csv|tsv|xlsx|txt)$/i, '')}.errors-${result.importId}.csv`
      await writeErrorFile(db.ds, result.importId, errorFile)
    }
    printResult(result, errorFile)
    return result.status === 'rejected' ? 2 : 0
  } finally { await db.close() }
}

async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { as: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } } })
  const file = positionals[0]
  if (!file || !/\.(csv|xlsx)$/i.test(file)) throw new Error(`export 需要 .csv 或 .xlsx 文件名\n${IMPORT_USAGE}`)
  const from = values.from === undefined ? undefined : parseDay(values.from, '--from')
  const to = values.to === undefined ? undefined : parseDay(values.to, '--to')
  const db = await openDatabase()
  try {
    const user = await cliSignIn(db.ds, values.as, '导出')
    requireRole(user, '导出含完整个人信息的案件')
    const n = await exportCases(db.ds, file, { from, to })
    await logExport(db.ds, user.username, file, from, to, n)
    console.log(`已导出 ${n} 件案件（含完整个人信息，已记入审计留痕）：${file}`)
    return 0
  } finally { await db.close() }
}

/** The export of personal data in the trail: who, when, which range, how many cases, where to. */
export async function logExport(ds: DataSource, actor: string, file: string, from: string | undefined, to: string | undefined, cases: number): Promise<void> {
  await ds.transaction((em) => recordChange(em, { actor, entity: 'export', entityId: 'cases', action: 'export_personal_data', before: null, after: { file, from: from ?? null, to: to ?? null, cases } }))
}

export async function importExportCommand(command: 'import' | 'export', args: string[]): Promise<number> {
  return command === 'import' ? importCommand(args) : exportCommand(args)
}
