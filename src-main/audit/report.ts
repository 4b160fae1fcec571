// The audit's output shapes: JSON per case (per rule, per policy set: status, reason, evidence) and a per-rule
// summary; and the plain-text lines the CLI prints.
import type { CaseAudit } from './engine'
import { failedRules } from './engine'
import { RULE_BY_CODE } from './rules'
import type { RuleSummary } from './batch'
import type { RuleScore } from './score'

export function caseJson(a: CaseAudit): object {
  return {
    caseNo: a.caseNo,
    policySets: a.policySets,
    /** Problems of the input that did not stop the audit: steps recorded out of order. */
    warnings: a.inversions.map((v) => v.message),
    rules: a.rules.map((r) => ({ code: r.code, title: RULE_BY_CODE.get(r.code)!.titleZh, internal: r.internal, regulatory: r.regulatory }))
  }
}

export function summaryJson(rules: RuleSummary[]): object[] {
  return rules.map((r) => ({ code: r.code, title: RULE_BY_CODE.get(r.code)!.titleZh, internal: r.internal, regulatory: r.regulatory }))
}

export function caseLine(a: CaseAudit): string {
  const internal = failedRules(a, 'internal')
  const regulatory = failedRules(a, 'regulatory')
  const warnings = a.inversions.map((v) => `  输入问题: ${v.message}`)
  // Limits that wait on a year's 节假日安排 are said in the text too, not only in --json.
  if (a.calendarMissingYear !== null) {
    const waiting = a.rules.flatMap((r) => (['internal', 'regulatory'] as const)
      .filter((k) => r[k].status === 'cannot_tell' && typeof r[k].evidence.calendarMissingYear === 'number').map((k) => `${r.code}${k === 'internal' ? '（内部）' : '（监管）'}`))
    warnings.push(`  待定: ${a.calendarMissingYear} 年节假日安排尚未载入，${waiting.join('、')} 无法判断`)
  }
  if (!internal.length && !regulatory.length) {
    const head = a.inversions.length ? '无不通过项（时间线有误，相关规则无法判断）' : a.calendarMissingYear !== null ? '无不通过项（部分时限待定）' : '通过'
    return [`${a.caseNo}  ${head}`, ...warnings].join('\n')
  }
  const detail = (codes: string[], kind: 'internal' | 'regulatory'): string =>
    codes.map((c) => `${c} ${a.rules.find((r) => r.code === c)![kind].reason}`).join('；')
  return [
    `${a.caseNo}  不通过`,
    ...(internal.length ? [`  内部制度: ${detail(internal, 'internal')}`] : []),
    ...(regulatory.length ? [`  监管规定: ${detail(regulatory, 'regulatory')}`] : []),
    ...warnings
  ].join('\n')
}

export function summaryTable(rules: RuleSummary[], cases: number): string {
  const head = `规则  ${'名称'.padEnd(14, '　')}  内部:通过 不通过 不适用 无法判断 | 监管:通过 不通过`
  const lines = rules.map((r) => {
    const t = RULE_BY_CODE.get(r.code)!.titleZh.padEnd(14, '　')
    const n = (v: number, w = 8): string => String(v).padStart(w)
    return `${r.code}   ${t}  ${n(r.internal.pass)} ${n(r.internal.fail, 6)} ${n(r.internal.not_applicable, 6)} ${n(r.internal.cannot_tell)} | ${n(r.regulatory.pass)} ${n(r.regulatory.fail, 6)}`
  })
  return [`共审查 ${cases.toLocaleString('zh-CN')} 件`, head, ...lines].join('\n')
}

export function scoreTable(scores: RuleScore[]): string {
  return ['规则        注入   发现   命中  精确率  召回率', ...scores.map((s) =>
    `${s.code} ${s.policy === 'internal' ? '内部' : '监管'}  ${String(s.injected).padStart(6)} ${String(s.flagged).padStart(6)} ${String(s.truePositives).padStart(6)}  ${s.precision.toFixed(4)}  ${s.recall.toFixed(4)}`)].join('\n')
}
