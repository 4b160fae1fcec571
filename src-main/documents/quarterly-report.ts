// 季度投诉分析报告 (per quarter) for leadership: a summary written from the figures, the KPI table against the
// previous quarter and the same quarter last year, the trends view's charts as images (rendered here), the
// main causes, the 重大 cases, remediation and rectification, and an appendix in JR/T 0169 codes. Personal
// data never appears: the report lists cases by number, unit and class only.
import { AlignmentType, ImageRun, Paragraph, type Document, type Table } from 'docx'
import type { DataSource } from 'typeorm'
import { CATEGORY_ZH, OFFER_TYPE_ZH } from '../shared/codes'
import { JRT_BUSINESS, JRT_CAUSE, JRT_CHANNEL } from '../shared/jrt'
import { REVIEW_STATUS_ZH, type ReviewStatus } from '../shared/review-types'
import { quarterChartData, quarterChartImages } from './quarterly-charts'
import { quarterlyFigures, type Kpis, type QuarterlyFigures } from '../stats/quarterly-figures'
import { legalReviewSection } from './legal-summary'
import { refreshChecks } from '../legal/check-store'
import { quarterLabel, quarterZh, type Quarter } from '../stats/quarter'
import { frozenFigures, quarterEnded, quarterStarted } from '../stats/quarter-close'
import { invalid } from '../transport/errors'
import type { IssueMeta } from './case-dossier'
import { DOC_TYPES } from './labels'
import { CHAR, FONT, KEEP, body, documentNumber, gbtDocument, heading, pack, para, run, seriesNumber, signature, subheading, title } from './layout'
import { formTable, label, value, type RowSpec } from './tables'
import { cnDate, yuan } from './text'
import { issue, type IssueOptions, type IssuedDocument } from './issue'

/** A compact day for narrow table columns: 2025-07-14 (China time). */
const isoDay = (at: string): string => new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 10)
const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`)
const n = (x: number): string => x.toLocaleString('zh-CN')
/** Change as the briefing words it: 增长 3.2% / 下降 1.0% / 持平; in points for rates. */
function change(now: number | null, before: number | null, rate = false): string {
  if (now === null || before === null) return '—'
  if (rate) {
    const d = (now - before) * 100
    return Math.abs(d) < 0.05 ? '持平' : `${d > 0 ? '上升' : '下降'}${Math.abs(d).toFixed(1)}个百分点`
  }
  if (before === 0) return now === 0 ? '持平' : '新增'
  const d = ((now - before) / before) * 100
  return Math.abs(d) < 0.05 ? '持平' : `${d > 0 ? '增长' : '下降'}${Math.abs(d).toFixed(1)}%`
}

const KPI_ROWS: [string, (k: Kpis) => number | null, boolean][] = [
  ['投诉总量（件）', (k) => k.cases, false], ['重大投诉（件）', (k) => k.major, false], ['群体投诉（件）', (k) => k.group, false],
  ['重复投诉（件）', (k) => k.repeat, false], ['受理及时率', (k) => k.acceptedInTime, true], ['办结及时率', (k) => k.handledInTime, true],
  ['反馈及时率', (k) => k.repliedInTime, true], ['监管时限内告知率', (k) => k.regulatoryInTime, true], ['客户满意度', (k) => k.satisfaction, true],
  ['存在不合规情形的案件占比', (k) => k.flaggedShare, true], ['补偿/赔偿金额（万元）', (k) => k.remediationAmount / 10_000, false]
]

/** A table cell's change: +3.0% for counts and amounts, +2.3 (percentage points) for rates; 持平 when none. */
function delta(now: number | null, before: number | null, rate: boolean): string {
  if (now === null || before === null) return '—'
  if (!rate && before === 0) return now === 0 ? '持平' : '新增'
  const d = rate ? (now - before) * 100 : ((now - before) / before) * 100
  if (Math.abs(d) < 0.05) return '持平'
  return `${d > 0 ? '+' : '−'}${Math.abs(d).toFixed(1)}${rate ? '' : '%'}`
}

function kpiTable(f: QuarterlyFigures, interim: boolean): Table {
  const show = (v: number | null, rate: boolean, name: string): string =>
    rate ? pct(v) : v === null ? '—' : name.includes('万元') ? v.toLocaleString('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }) : n(Math.round(v))
  return formTable({
    columns: [2745, 1250, 1250, 1100, 1400, 1100], header: true, size: 24,
    rows: [
      [label('指标'), label('本季度'), label('上季度'), label('环比'), label('去年同期'), label('同比')],
      ...KPI_ROWS.map(([name, get, rate]): RowSpec => {
        // A period without cases has no figures to compare with: 无数据, and no change (never −100 %).
        const other = (k: Kpis): [string, string] => k.cases === 0 || f.kpis.cases === 0 || interim
          ? [k.cases === 0 ? '无数据' : show(get(k), rate, name), '—']
          : [show(get(k), rate, name), delta(get(f.kpis), get(k), rate)]
        const [prev, prevDelta] = other(f.previous)
        const [last, lastDelta] = other(f.lastYear)
        return [
          value(name), { text: f.kpis.cases === 0 ? '无数据' : show(get(f.kpis), rate, name), align: 'right' }, { text: prev, align: 'right' },
          { text: prevDelta, align: 'right' }, { text: last, align: 'right' }, { text: lastDelta, align: 'right' }
        ]
      })
    ]
  })
}

/** 「另有 N 件案件的时限须待 2027 年节假日安排载入后判定，未计入上述及时率。」, or nothing when no case waits. */
export function calendarWaitingText(k: QuarterlyFigures['kpis']): string {
  const cases = k.calendarWaiting.reduce((s, w) => s + w.cases, 0)
  if (!cases) return ''
  return `另有${n(cases)}件案件的时限须待${k.calendarWaiting.map((w) => `${w.year}年`).join('、')}节假日安排载入后判定，未计入上述及时率。`
}

/**
 * How the quarter compares with another period, in words: 环比增长 3.2% / 同比持平 — or 上季度无数据 when that
 * period has no cases (a comparison with nothing is not 新增, and never −100 %).
 */
function compared(now: number | null, before: number | null, beforeHasData: boolean, word: '环比' | '同比', rate = false): string {
  if (!beforeHasData) return word === '环比' ? '上季度无数据' : '去年同期无数据'
  const c = change(now, before, rate)
  return c === '—' ? `${word}无可比数据` : `${word}${c}`
}

/**
 * The opening paragraphs, written from the figures so that they read well at any count: a quarter with no
 * case says so in one sentence; comparisons are made only with periods that have cases; a share that cannot
 * be computed (no audited case) is left out rather than printed as —.
 */
export function summaryText(f: QuarterlyFigures, q: Quarter, asOf?: string): string[] {
  const k = f.kpis
  const prevData = f.previous.cases > 0
  const lastYearData = f.lastYear.cases > 0
  // A quarter still running (asOf): its figures are part of a quarter, so no comparison with whole ones.
  if (asOf && k.cases === 0) return [`截至${cnDate(asOf)}，${quarterZh(q)}全行未受理客户投诉，暂无时效、审查与补偿数据。`]
  if (k.cases === 0) {
    const before = [prevData ? `上季度${n(f.previous.cases)}件` : '上季度无数据', lastYearData ? `去年同期${n(f.lastYear.cases)}件` : '去年同期无数据']
    return [`${quarterZh(q)}，全行未受理客户投诉（${before.join('，')}），本报告无时效、审查与补偿数据。`]
  }
  const top = f.byCategory[0]
  const cause = f.topCauses[0]
  const rootCause = f.rootCauses[0]
  const volume = [
    asOf ? `截至${cnDate(asOf)}，${quarterZh(q)}全行共受理客户投诉${n(k.cases)}件（季度未结束，不作环比、同比）`
      : `${quarterZh(q)}，全行共受理客户投诉${n(k.cases)}件，${compared(k.cases, f.previous.cases, prevData, '环比')}，${compared(k.cases, f.lastYear.cases, lastYearData, '同比')}`,
    `其中重大投诉${n(k.major)}件，占${pct(k.major / k.cases)}；群体投诉${n(k.group)}件；重复投诉${n(k.repeat)}件`
  ]
  const mix = [
    top ? `从业务类别看，${CATEGORY_ZH[top.code as keyof typeof CATEGORY_ZH] ?? top.code}最多，共${n(top.count)}件` : null,
    rootCause ? `从问题根源看，已标注的${n(f.tagged)}件中以“${rootCause.name}”为主（${n(rootCause.count)}件）`
      : cause ? `从投诉原因看，以“${JRT_CAUSE[cause.code] ?? cause.code}”为主（${n(cause.count)}件）` : null
  ].filter((x): x is string => x !== null)
  const first = `${volume.join('。')}。${mix.length ? `${mix.join('；')}。` : ''}`
  const timeliness = k.acceptedInTime === null
    ? '本季度案件尚未经系统审查，时效指标暂缺。'
    : `时效方面，受理及时率${pct(k.acceptedInTime)}，办结及时率${pct(k.handledInTime)}${asOf ? '' : `（${compared(k.handledInTime, f.previous.handledInTime, prevData && f.previous.handledInTime !== null, '环比', true)}）`}，反馈及时率${pct(k.repliedInTime)}${k.regulatoryInTime === null ? '' : `；按《银行业保险业消费投诉处理管理办法》规定时限告知处理决定的比例为${pct(k.regulatoryInTime)}`}。${calendarWaitingText(k)}${k.satisfaction === null ? '本季度无回访满意度记录。' : `客户满意度${pct(k.satisfaction)}。`}`
  const audit = k.flaggedShare === null ? '' : `系统对本季度全部已办结案件逐案审查，${pct(k.flaggedShare)}的案件存在至少一项不符合制度要求的情形。`
  const remedy = f.remediation.offers ? `本季度补偿/赔偿共${n(f.remediation.offers)}笔，金额${yuan(f.remediation.amount)}` : '本季度无补偿/赔偿'
  const rect = f.rectification.total ? `整改措施${n(f.rectification.total)}项，已完成${n(f.rectification.done)}项，逾期未完成${n(f.rectification.overdue)}项` : '无整改措施'
  return [first, timeliness, `${audit}${remedy}；${rect}。`]
}

/** A chart shown 15.6 cm wide (the text width), its height to scale. */
function chart(c: { png: Buffer; width: number; height: number }): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { line: 240, lineRule: 'auto' }, children: [new ImageRun({ type: 'png', data: c.png, transformation: { width: 590, height: Math.round((590 * c.height) / c.width) } })] })
}

const countTable = (head: string, rows: { label: string; count: number }[], total: number): Table => formTable({
  columns: [900, 4745, 1600, 1600], header: true, size: 24,
  rows: [[label('序号'), label(head), label('件数'), label('占比')], ...rows.map((r, i): RowSpec => [
    { text: String(i + 1), align: 'center' }, value(r.label), { text: n(r.count), align: 'right' }, { text: pct(total ? r.count / total : null), align: 'right' }])]
})

/**
 * 三、主要投诉原因: by the root-cause taxonomy (first level, the JR/T 0169 C-axis code beside each) when cases of the
 * quarter are tagged, as 溯源整改 asks; by the JR/T cause axis otherwise, saying why.
 */
export function causeSection(f: QuarterlyFigures): (Paragraph | Table)[] {
  if (f.kpis.cases === 0) return [body('本季度无投诉，无投诉原因可统计。')]
  if (!f.tagged) {
    return [
      body('本季度案件尚未标注问题根源，以下按JR/T 0169—2018投诉原因分类（C轴）统计排名前五的原因：'),
      countTable('投诉原因', f.topCauses.map((c) => ({ label: JRT_CAUSE[c.code] ?? c.code, count: c.count })), f.kpis.cases)
    ]
  }
  const internal = f.rootCauses.filter((c) => c.internal).reduce((sum, c) => sum + c.count, 0)
  return [
    body(`本季度${n(f.kpis.cases)}件投诉中已标注问题根源${n(f.tagged)}件（占${pct(f.tagged / f.kpis.cases)}），其中属机构自身原因、需溯源整改的${n(internal)}件（占已标注的${pct(internal / f.tagged)}）。按问题根源分类统计如下（括号内为对应的JR/T 0169—2018投诉原因分类）：`),
    countTable('问题根源', f.rootCauses.map((c) => ({ label: `${c.name}（${c.jrt} ${JRT_CAUSE[c.jrt] ?? ''}）`.replace(' ）', '）'), count: c.count })), f.tagged),
    para([run('注：占比以已标注问题根源的案件数为分母。', { size: 24 })], { indent: { firstLine: 2 * CHAR } })
  ]
}

/**
 * The report's document.
 * @param closedAt when the quarter was closed (季度关账), ISO: the figures are then the frozen ones, and the
 * report says so under its number.
 */
export function buildQuarterlyReport(f: QuarterlyFigures, q: Quarter, charts: { png: Buffer; width: number; height: number }[], institution: string, meta: IssueMeta, closedAt?: string, asOf?: string): Document {
  const k = f.kpis
  const majors = f.majorCases
  const children: (Paragraph | Table)[] = [
    ...title(`${quarterZh(q)}投诉分析报告${asOf ? '（中期）' : ''}`),
    documentNumber(seriesNumber(DOC_TYPES.quarterly.numberKind, meta)),
    para([run(closedAt ? `（本报告数据为${cnDate(closedAt)}季度关账时冻结的数据）` : asOf ? `（截至${cnDate(asOf)}的中期报告：本季度尚未结束，数据不完整）` : '', { size: 24 })], { alignment: AlignmentType.CENTER }),
    heading('一、总体情况'),
    ...summaryText(f, q, asOf).map((t) => body(t)),
    kpiTable(f, Boolean(asOf)),
    para([run('注：比率类指标的环比、同比为百分点变动。', { size: 24 })], { indent: { firstLine: 2 * CHAR } }),
    heading('二、趋势与分布'),
    ...charts.map(chart),
    // quarterChartImages leaves out a chart whose figures hold no case: at zero a sentence, not empty axes.
    ...(k.cases === 0 ? [body(charts.length ? '本季度无投诉，本季度的根因、机构与补偿金额分布图从略。' : '本季度及此前十二个月档案中无投诉，趋势与分布图从略。')] : []),
    heading('三、主要投诉原因'),
    ...causeSection(f),
    heading('四、重大投诉情况'),
    ...(k.major === 0 ? [body('本季度无重大投诉。')] : [
    body(`本季度重大投诉${n(k.major)}件${majors.length < k.major ? `，下表列示前${majors.length}件` : '，逐件列示如下'}：`),
    formTable({
      columns: [1950, 1500, 2250, 1900, 1245], header: true, size: 24,
      rows: [[label('投诉编号'), label('投诉时间'), label('机构'), label('业务类别'), label('审查状态')], ...majors.map((m): RowSpec => [
        value(m.caseNo), value(isoDay(m.receivedAt)), value(m.unit), value(CATEGORY_ZH[m.category as keyof typeof CATEGORY_ZH] ?? m.category),
        value(m.reviewStatus ? REVIEW_STATUS_ZH[m.reviewStatus as ReviewStatus] : '未审查')])]
    })]),
    heading('五、补偿/赔偿情况'),
    // At zero one sentence, not 「0笔，合计0.00元」 over a table with no rows (issue 10 point 2).
    ...(f.remediation.offers === 0 ? [body('本季度无补偿/赔偿。')] : [
    body(`本季度补偿/赔偿${n(f.remediation.offers)}笔，合计${yuan(f.remediation.amount)}，已支付${yuan(f.remediation.paidAmount)}，尚未支付${n(f.remediation.unpaid)}笔。`),
    formTable({
      columns: [900, 3545, 1800, 2600], header: true, size: 24,
      rows: [[label('序号'), label('类型'), label('笔数'), label('金额')], ...f.remediation.byType.map((r, i): RowSpec => [
        { text: String(i + 1), align: 'center' }, value(OFFER_TYPE_ZH[r.code as keyof typeof OFFER_TYPE_ZH] ?? r.code), { text: n(r.count), align: 'right' }, { text: yuan(r.amount), align: 'right' }])]
    })]),
    ...(f.remediation.offers ? legalReviewSection(f.legal) : []),
    heading('六、整改落实情况'),
    // The last sentence keeps with the seal block (GB/T 9704 §7.3.5): a short report put the seal alone on a page.
    body(f.rectification.total === 0 ? '本季度投诉未涉及整改措施。' : `本季度投诉涉及的整改措施共${n(f.rectification.total)}项：已完成${n(f.rectification.done)}项，逾期未完成${n(f.rectification.overdue)}项，尚在期限内${n(f.rectification.open)}项。${f.rectification.overdue ? '逾期事项请责任单位限期完成并报送完成情况。' : ''}`, KEEP),
    ...signature(institution, cnDate(meta.generatedAt)),
    para([run('附件', { font: FONT.heading })], { pageBreakBefore: true }),
    ...title('投诉分类统计表（JR/T 0169—2018）'),
    ...(k.cases === 0 ? [body('本季度无投诉，各分类均无案件。')] : [
      subheading('（一）A 投诉渠道'),
      countTable('渠道（代码）', f.jrt.channel.map((c) => ({ label: `${JRT_CHANNEL[c.code] ?? '未列明'}（${c.code}）`, count: c.count })), k.cases),
      subheading('（二）B 业务类型'),
      countTable('业务类型（代码）', f.jrt.business.map((c) => ({ label: `${JRT_BUSINESS[c.code] ?? '未列明'}（${c.code}）`, count: c.count })), k.cases),
      subheading('（三）C 投诉原因'),
      countTable('投诉原因（代码）', f.jrt.cause.map((c) => ({ label: `${JRT_CAUSE[c.code] ?? '未列明'}（${c.code}）`, count: c.count })), k.cases)
    ])
  ]
  return gbtDocument({ title: `${quarterZh(q)}投诉分析报告${asOf ? '（中期）' : ''}`, subject: DOC_TYPES.quarterly.titleZh, creator: meta.generatedBy, children })
}

/**
 * The report of quarter `q`: from its frozen figures when it is closed (reproducible), else from the archive as it
 * stands. A quarter that has not ended (China time, at `opts.now`) is refused unless `opts.interim` asks for a
 * 截至某日 report, which says so on its cover and compares with no other period (issue 10 point 2).
 * @throws ApiFailure invalid_request for a quarter not yet ended without `interim`, or not yet begun.
 */
export async function issueQuarterlyReport(ds: DataSource, q: Quarter, opts: IssueOptions & { interim?: boolean }): Promise<IssuedDocument> {
  const now = opts.now ?? new Date()
  const running = !quarterEnded(q, now.getTime())
  if (running && !quarterStarted(q, now.getTime())) throw invalid(`${quarterZh(q)}尚未开始，不能生成季度报告`)
  if (running && !opts.interim) throw invalid(`${quarterZh(q)}尚未结束：季度报告在季度结束后生成；如需当前数据，请生成截至今日的中期报告`)
  const asOf = running ? now.toISOString() : undefined
  const frozen = await frozenFigures(ds, q)
  // The legal summary counts the stored checks: those of changed offers are computed first.
  if (!frozen) await ds.transaction((em) => refreshChecks(em))
  const f = frozen?.figures ?? await quarterlyFigures(ds, q)
  // A closed quarter's charts are drawn from the data frozen with it (closes before charts were frozen: the archive).
  const charts = quarterChartImages(frozen?.charts ?? await quarterChartData(ds, q))
  const [{ name }] = (await ds.query(`SELECT coalesce((SELECT name FROM units WHERE kind = 'head_office' ORDER BY id LIMIT 1), '') AS name`)) as { name: string }[]
  const institution = name.replace(/总行$/, '') || name
  return issue(ds, {
    docType: 'quarterly', subject: { period: `${q.year}-Q${q.q}` },
    fileName: (v) => `quarterly_${quarterLabel(q)}${asOf ? `_interim-${isoDay(asOf)}` : ''}_v${v}.docx`,
    render: (meta) => pack(buildQuarterlyReport(f, q, charts, institution, meta, frozen?.closedAt, asOf))
  }, opts)
}

