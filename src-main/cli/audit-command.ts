// `dossier audit`: the engine over the archive (results stored) or over a JSON file (nothing stored).
import { readFile } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { parseArgs } from 'node:util'
import { openDatabase } from '../db/database'
import { out, stdoutDrained } from './output'
import { auditCase, type CaseAudit } from '../audit/engine'
import { parseCaseFile } from '../audit/input'
import { loadReference } from '../audit/policies'
import { ENGINE_VERSION, runAudit, type RuleSummary } from '../audit/batch'
import { RULES } from '../audit/rules'
import { RULE_STATUSES } from '../audit/types'
import { caseJson, caseLine, scoreTable, summaryJson, summaryTable } from '../audit/report'
import { scoreAgainstTruth } from '../audit/score'
import { parseDay } from '../shared/china-time'


export async function auditCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' }, input: { type: 'string' }, quiet: { type: 'boolean' }, score: { type: 'boolean' } }
  })
  for (const [flag, d] of [['--from', values.from], ['--to', values.to]] as const) if (d !== undefined) parseDay(d, flag)
  const printCase = values.quiet ? undefined : values.json ? jsonCasePrinter() : (a: CaseAudit) => out(caseLine(a))
  if (values.json) out(`{"engineVersion":${JSON.stringify(ENGINE_VERSION)},"cases":[`)

  if (values.input) {
    const text = await readFile(values.input, 'utf8')
    let json: unknown
    try { json = JSON.parse(text) } catch (err) { throw new Error(`${values.input} 不是有效的 JSON：${(err as Error).message}`, { cause: err }) }
    const { facts, invalid } = parseCaseFile(json)
    // The sets and calendar an administrator may have changed or extended, as the archive's audit uses them.
    const db = await openDatabase()
    const { book, calendar } = await loadReference(db.ds).finally(() => db.close())
    const rules = RULES.map((r) => ({ code: r.code, internal: tally(), regulatory: tally() }))
    const warned: CaseAudit[] = []
    for (const f of facts) {
      const a = auditCase(f, book, calendar)
      a.rules.forEach((r, i) => { rules[i].internal[r.internal.status]++; rules[i].regulatory[r.regulatory.status]++ })
      if (a.inversions.length) warned.push(a)
      printCase?.(a)
      await stdoutDrained()
    }
    finish(values.json === true, rules, facts.length, invalid)
    for (const a of warned) process.stderr.write(`${a.caseNo} 的时间线有误（已审查，相关规则为「无法判断」）：\n  ${a.inversions.map((v) => v.message).join('\n  ')}\n`)
    for (const bad of invalid) process.stderr.write(`第 ${bad.index + 1} 个案件${bad.caseNo ? `（${bad.caseNo}）` : ''}未审查：\n  ${bad.errors.join('\n  ')}\n`)
    return invalid.length ? 2 : 0
  }

  const db = await openDatabase()
  try {
    let last = -1
    const res = await runAudit(db.ds, {
      from: values.from, to: values.to, actor: `cli:${userInfo().username}`, onCase: printCase, pace: stdoutDrained,
      onProgress: (done, total) => {
        const pct = total ? Math.floor((done / total) * 100) : 100
        if (pct >= last + 5) { last = pct; process.stderr.write(`\rauditing ${done.toLocaleString()} / ${total.toLocaleString()} (${pct}%)`) }
      }
    })
    process.stderr.write(`\n审查完成：${res.cases.toLocaleString()} 件，${res.flagged.toLocaleString()} 件有不通过项，用时 ${(res.ms / 1000).toFixed(1)} s（运行 #${res.runId}）\n`)
    finish(values.json === true, res.rules, res.cases, [])
    if (values.score) out(scoreTable(await scoreAgainstTruth(db.ds, { from: values.from, to: values.to })))
  } finally {
    await db.close()
  }
  return 0
}

function tally(): Record<(typeof RULE_STATUSES)[number], number> {
  return { pass: 0, fail: 0, not_applicable: 0, cannot_tell: 0 }
}

function jsonCasePrinter(): (a: CaseAudit) => void {
  let first = true
  return (a) => { out(`${first ? '' : ','}${JSON.stringify(caseJson(a))}`); first = false }
}

function finish(json: boolean, rules: RuleSummary[], cases: number, invalid: unknown[]): void {
  if (json) out(`],"summary":${JSON.stringify(summaryJson(rules))},"invalid":${JSON.stringify(invalid)}}`)
  else out(summaryTable(rules, cases))
}
