// 补偿方案法律审查季度汇总 (issue 13 point 4): the legal review of a quarter's remediation offers — offers
// reviewed, totals by type and by unit, outliers against precedent, 买者自负 flags and the opinions that did
// not simply agree — in the GB/T 9704 layout, numbering and register of the other documents. Its figures are
// stats/legal-figures.ts, which the quarterly report's remediation section prints too (legalReviewSection).
// No personal data: offers are listed by case number, unit, type and amount; quoted reasoning is masked.
import type { Document, Paragraph, Table } from 'docx'
import type { DataSource } from 'typeorm'
import { OFFER_TYPE_ZH, type OfferType } from '../shared/codes'
import { OPINION_DECISION_ZH } from '../shared/contract-legal'
import { legalQuarterFigures, legalReviewSentence, LIST_LIMIT, type LegalQuarterFigures } from '../stats/legal-figures'
import { quarterLabel, quarterZh, type Quarter } from '../stats/quarter'
import { refreshChecks } from '../legal/check-store'
import type { IssueMeta } from './case-dossier'
import { DOC_TYPES } from './labels'
import { body, docNo, documentNumber, gbtDocument, heading, pack, para, run, signature, title } from './layout'
import { formTable, label, value, type RowSpec } from './tables'
import { cnDate, yuan } from './text'
import { issue, type IssueOptions, type IssuedDocument } from './issue'
import { LEGAL_SUMMARY_TEMPLATE } from './render'

export { LEGAL_SUMMARY_TEMPLATE }

const n = (x: number): string => x.toLocaleString('zh-CN')
/** A band's edge in whole 元: the band is a guide, and the column stays one line. */
const whole = (x: number): string => Math.round(x).toLocaleString('zh-CN')
const typeZh = (code: string): string => OFFER_TYPE_ZH[code as OfferType] ?? code
const num = (x: number): RowSpec[number] => ({ text: n(x), align: 'right' })
const money = (x: number | null): RowSpec[number] => ({ text: x === null ? '—' : yuan(x), align: 'right' })
const seq = (i: number): RowSpec[number] => ({ text: String(i + 1), align: 'center' })

/** Offers, amount, final opinions and flagged offers per type or unit (text width 8,845 twips). */
function groupTable(head: string, rows: { name: string; offers: number; amount: number; final: number; flagged: number }[]): Table {
  return formTable({
    columns: [700, 2945, 1100, 1900, 1100, 1100], header: true, size: 24,
    rows: [[label('序号'), label(head), label('笔数'), label('金额'), label('已定稿'), label('有提示')],
      ...rows.map((r, i): RowSpec => [seq(i), value(r.name), num(r.offers), money(r.amount), num(r.final), num(r.flagged)])]
  })
}

/** The most units the quarterly report lists (the summary lists all). */
const REPORT_UNITS = 10

/**
 * The legal review as the quarterly report's remediation section prints it: the one sentence, and the units
 * with the largest amounts. The same figures as the legal summary's.
 */
export function legalReviewSection(l: LegalQuarterFigures): (Paragraph | Table)[] {
  const units = l.byUnit.slice(0, REPORT_UNITS)
  return [
    body(legalReviewSentence(l.counts, n)),
    ...(units.length ? [
      body(`补偿/赔偿金额居前${units.length < l.byUnit.length ? `${units.length}位` : ''}的机构及其法律审查情况如下（详见《${DOC_TYPES.legal_summary.titleZh}》）：`),
      groupTable('机构', units.map((u) => ({ ...u, name: u.unit })))
    ] : [])
  ]
}

const more = (shown: number, total: number): string => (total > shown ? `（共${n(total)}项，列示金额最大的${n(shown)}项）` : '')

export function buildLegalSummary(l: LegalQuarterFigures, q: Quarter, institution: string, meta: IssueMeta): Document {
  const c = l.counts
  const children: (Paragraph | Table)[] = [
    ...title(`${quarterZh(q)}${DOC_TYPES.legal_summary.titleZh}`),
    documentNumber(docNo(q.year, DOC_TYPES.legal_summary.numberKind, quarterLabel(q))),
    para([run('')]),
    heading('一、总体情况'),
    body(c.offers
      ? `${quarterZh(q)}受理的投诉案件中，提出补偿/赔偿方案${n(c.offers)}笔，合计${yuan(c.amount)}。${legalReviewSentence(c, n)}`
      : `${quarterZh(q)}受理的投诉案件中无补偿/赔偿方案，本季度无法律审查事项。`),
    heading('二、按方案类型统计'),
    ...(l.byType.length ? [groupTable('方案类型', l.byType.map((t) => ({ ...t, name: typeZh(t.code) })))] : [body('无。')]),
    heading('三、按机构统计'),
    ...(l.byUnit.length ? [groupTable('机构', l.byUnit.map((u) => ({ ...u, name: u.unit })))] : [body('无。')]),
    heading('四、偏离同类先例的方案'),
    ...(l.outliers.length ? [
      body(`金额落在同类已接受或已支付方案P10至P90区间之外的方案${n(c.outliers)}项${more(l.outliers.length, c.outliers)}：`),
      formTable({
        columns: [600, 2045, 1100, 1700, 1600, 1800], header: true, size: 24,
        rows: [[label('序号'), label('案件编号'), label('类型'), label('金额'), label('中位数'), label('P10–P90')],
          ...l.outliers.map((o, i): RowSpec => [seq(i), value(o.caseNo), value(typeZh(o.type)), money(o.amount), money(o.median),
            { text: o.p10 === null ? '—' : `${whole(o.p10)}–${whole(o.p90 ?? 0)}`, align: 'right' }])]
      })
    ] : [body('无。')]),
    heading('五、买者自负提示'),
    ...(l.caveatEmptor.length ? [
      body(`投资产品的市场损失在无机构过错认定下获资金补偿（资管新规「卖者尽责、买者自负」）的方案${n(c.caveatEmptor)}项${more(l.caveatEmptor.length, c.caveatEmptor)}：`),
      formTable({
        columns: [700, 2245, 2900, 1300, 1700], header: true, size: 24,
        rows: [[label('序号'), label('案件编号'), label('产品'), label('类型'), label('金额')],
          ...l.caveatEmptor.map((o, i): RowSpec => [seq(i), value(o.caseNo), value(o.product ?? '未记录'), value(typeZh(o.type)), money(o.amount)])]
      })
    ] : [body('无。')]),
    heading('六、审查意见分歧'),
    ...(l.disagreements.length ? [
      body(`已定稿的法律审查意见中，不同意${n(c.disagree)}项、修改后同意${n(c.amended)}项${more(l.disagreements.length, c.disagree + c.amended)}：`),
      formTable({
        columns: [700, 1945, 1300, 1300, 1300, 2300], header: true, size: 24,
        rows: [[label('序号'), label('案件编号'), label('方案金额'), label('审查结论'), label('修改后金额'), label('签署人及理由摘要')],
          ...l.disagreements.map((d, i): RowSpec => [seq(i), value(d.caseNo), money(d.amount), value(OPINION_DECISION_ZH[d.decision]), money(d.amendedAmount),
            value(`${d.signer}${d.cosigner ? `、${d.cosigner}` : ''}：${d.reasoning}`)])]
      })
    ] : [body('无。')]),
    ...(c.offers > 0 && l.outliers.length >= LIST_LIMIT ? [body(`注：各清单至多列示${LIST_LIMIT}项，完整清单可在法务审查工作台按条件筛选并导出。`)] : []),
    ...signature(`${institution}法律合规部`, cnDate(meta.generatedAt))
  ]
  return gbtDocument({ title: `${quarterZh(q)}${DOC_TYPES.legal_summary.titleZh}`, subject: DOC_TYPES.legal_summary.titleZh, creator: meta.generatedBy, children })
}

/** Issues the quarter's legal summary, registered by period (versions count per quarter). */
export async function issueLegalSummary(ds: DataSource, q: Quarter, opts: IssueOptions): Promise<IssuedDocument> {
  // The figures count the stored checks: those of changed offers are computed first.
  await ds.transaction((em) => refreshChecks(em))
  const figures = await legalQuarterFigures(ds, q)
  const [{ name }] = (await ds.query(`SELECT coalesce((SELECT name FROM units WHERE kind = 'head_office' ORDER BY id LIMIT 1), '') AS name`)) as { name: string }[]
  const institution = name.replace(/总行$/, '') || name
  return issue(ds, {
    docType: 'legal_summary', subject: { period: `${q.year}-Q${q.q}` },
    fileName: (v) => `legal_summary_${quarterLabel(q)}_v${v}.docx`,
    render: (meta) => pack(buildLegalSummary(figures, q, institution, meta))
  }, opts)
}
