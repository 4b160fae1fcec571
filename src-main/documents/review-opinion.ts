// 投诉案件审查意见书 with its 附件 审查工作底稿 (per review). The opinion carries the case, the summary of the 16
// rules, the findings, the conclusion and the two sign-offs; the working paper (the attachment, on its own
// pages as GB/T 9704 §7.3.4 sets out attachments) lists every rule with the engine's result under the internal
// policy and the regulatory floor, the evidence it used, and the reviewer's decision and note. The reviewer's
// and senior reviewer's names and dates are printed only once the review is approved; until then the
// sign-off lines stay blank, the document is headed 「草稿」 on every page and says it is not final, and it has no
// issuing unit, seal or date: a draft is not an opinion the unit has issued.
import { AlignmentType, Paragraph, type Document } from 'docx'
import { CATEGORY_ZH, CHANNEL_ZH, SEVERITY_ZH } from '../shared/codes'
import {
  CONCLUSION_ZH, FINDING_SEVERITY_ZH, REVIEW_STATUS_ZH, RULE_STATUS_ZH, SELECTION_REASON_ZH, type ReviewRuleView, type RuleStatusCode
} from '../shared/review-types'
import type { IssueMeta } from './case-dossier'
import { DECISION_ZH, DOC_TYPES, evidenceLine as evidenceText, formalText as formal, sourceText } from './labels'
import { namePolicySets } from './policy-names'
import { CHAR, FONT, KEEP, LAYOUT_VERSION, SIZE, body, closingBody, documentNumber, gbtDocument, heading, para, run, seriesNumber, signature, title } from './layout'
import type { ReviewRecord } from './review-source'
import { formTable, label, value, type RowSpec } from './tables'
import { changeLine } from '../reviews/post-review-changes'
import { WIDE_SPACE, cnDate, cnDateTime, cnDay, cnDayBefore, join } from './text'

export const REVIEW_TEMPLATE = `review-2+${LAYOUT_VERSION}`

export const reviewNumber = (meta: IssueMeta): string => seriesNumber(DOC_TYPES.review.numberKind, meta)

const FOUR = [1600, 2870, 1400, 2975]

function basics(r: ReviewRecord): RowSpec[] {
  const v = r.review
  return [
    [label('案件编号'), value(r.case.caseNo), label('审查编号'), value(String(v.id))],
    [label('审查计划'), value(`${v.planName}（投诉时间 ${cnDay(r.plan.receivedFrom)}至${cnDayBefore(r.plan.receivedTo)}）`, 3)],
    [label('投诉时间'), value(cnDateTime(r.case.receivedAt)), label('办结时间'), value(cnDateTime(r.case.closedAt))],
    [label('经办机构'), value(r.case.unitName), label('承办人'), value(r.case.handler ?? '未记录')],
    [label('投诉渠道'), value(CHANNEL_ZH[r.case.channel]), label('严重程度'), value(SEVERITY_ZH[r.case.severity])],
    [label('业务类别'), value(CATEGORY_ZH[r.case.category]), label('入选原因'), value(v.reasons.map((x) => SELECTION_REASON_ZH[x]).join('、'))],
    [label('适用规则'), value(`内部制度：${r.policyNames.internal ?? '无'}；监管规定：${r.policyNames.regulatory ?? '无'}；系统审查于${cnDateTime(v.auditedAt)}`, 3)],
    [label('投诉摘要'), value(r.case.summary, 3)],
    [label('问题根源'), value(causesLine(r), 3)]
  ]
}

/** 主要根源：X（JR/T C0102，机构原因）；次要根源：Y — or that none is tagged yet. */
export function causesLine(r: Pick<ReviewRecord, 'rootCauses'>): string {
  if (!r.rootCauses.length) return '尚未标注'
  const name = (t: ReviewRecord['rootCauses'][number]): string =>
    `${t.firstLevelCode === t.code ? t.nameZh : `${t.firstLevelZh}—${t.nameZh}`}（JR/T ${t.jrtCause}，${t.internal ? '机构自身原因，需溯源整改' : '非机构原因'}）`
  const primary = r.rootCauses.filter((t) => t.role === 'primary').map(name)
  const secondary = r.rootCauses.filter((t) => t.role === 'secondary').map(name)
  return [primary.length ? `主要根源：${primary.join('、')}` : null, secondary.length ? `次要根源：${secondary.join('、')}` : null].filter(Boolean).join('；')
}

const tally = (rules: ReviewRuleView[], pick: (x: ReviewRuleView) => RuleStatusCode | null): string => {
  const n = (s: RuleStatusCode): number => rules.filter((x) => pick(x) === s).length
  return `通过${n('pass')}项、不通过${n('fail')}项、不适用${n('not_applicable')}项、无法判断${n('cannot_tell')}项`
}

function summary(r: ReviewRecord): Paragraph[] {
  const rules = r.review.rules
  const decided = rules.filter((x) => x.decision).length
  const failing = rules.filter((x) => x.finalStatus === 'fail').map((x) => `${x.code}${x.titleZh}`)
  const overridden = rules.filter((x) => x.decision === 'overridden').map((x) => x.code)
  return [
    body(`系统按内部制度逐项审查${rules.length}项要点，${tally(rules, (x) => x.internal.status)}；按监管底线，${tally(rules, (x) => x.regulatory.status)}。`),
    body(decided === rules.length
      ? `审查员已逐项确认${overridden.length ? `（改判${overridden.length}项：${overridden.join('、')}）` : ''}，最终认定${failing.length ? `不通过${failing.length}项：${failing.join('、')}` : '各项均未发现不通过'}。逐项情况见附件。`
      : `审查员已确认${decided}项，尚有${rules.length - decided}项未确认。逐项情况见附件。`)
  ]
}

function findings(r: ReviewRecord): (Paragraph | ReturnType<typeof formTable>)[] {
  const list = r.review.findings
  if (!list.length) return [body('本次审查未发现需要整改的问题。')]
  return [formTable({
    columns: [900, 4200, 3745],
    header: true,
    size: SIZE.small,
    rows: [
      [label('序号'), label('问题'), label('整改要求')],
      ...list.map((f, i): RowSpec => [
        { text: String(i + 1), align: 'center' },
        value(`${f.rule ? `${f.rule}，` : ''}${FINDING_SEVERITY_ZH[f.severity]}：${f.description}`),
        value(join([f.requiredAction ?? '未提出', f.ownerUnit ? `责任单位：${f.ownerUnit}` : null, f.dueOn ? `期限：${cnDay(f.dueOn)}` : null], '\n'))
      ])
    ]
  })]
}

/** 审查人/复核人 with name and date once approved; otherwise blank lines to sign on paper. */
function signOffs(r: ReviewRecord): Paragraph[] {
  const v = r.review
  const approved = v.status === 'approved'
  const blank = (chars: number): string => WIDE_SPACE.repeat(chars)
  const line = (role: string, name: string | null, at: string | null): Paragraph => para([
    run(`${role}（签字）：`), run(approved && name ? name : blank(6), { underline: true }),
    run(`${WIDE_SPACE.repeat(2)}日期：`), run(approved && at ? cnDate(at) : blank(8), { underline: true })
  ], { indent: { left: 2 * CHAR }, spacing: { before: 200 }, ...KEEP })
  return [line('审查人', v.reviewer.name, v.submittedAt), line('复核人', v.senior?.name ?? null, v.decidedAt)]
}

const status = (s: RuleStatusCode | null): string => (s ? RULE_STATUS_ZH[s] : '未确认')

function workingPaperRows(rules: ReviewRuleView[], policySets: Record<string, string>): RowSpec[] {
  // The engine's evidence may carry a policy set's code (an authority matrix derived from it): named as printed.
  const evidenceLine = (e: Parameters<typeof evidenceText>[0]): string => namePolicySets(evidenceText(e), policySets)
  const formalText = (t: string): string => namePolicySets(formal(t), policySets)
  return [
    [label('审查要点'), label('内部制度'), label('监管底线'), label('审查认定')],
    ...rules.flatMap((x): RowSpec[] => {
      const reg = Object.keys(x.regulatory.evidence).length && JSON.stringify(x.regulatory.evidence) !== JSON.stringify(x.internal.evidence)
        ? `\n监管口径：${evidenceLine(x.regulatory.evidence)}` : ''
      return [
        [
          value(`${x.code} ${x.titleZh}`),
          value(`【${status(x.internal.status)}】${formalText(x.internal.reason)}`),
          value(`【${status(x.regulatory.status)}】${formalText(x.regulatory.reason)}`),
          value(x.decision ? `${DECISION_ZH[x.decision]}：${status(x.finalStatus)}${x.note ? `\n${x.note}` : ''}` : '未确认')
        ],
        [label('依据'), value(`${evidenceLine(x.internal.evidence) || '—'}${reg}\n来源：${sourceText(x.source)}`, 3)]
      ]
    })
  ]
}

/**
 * 「审查后案卷有变更」 (like TeamMate's edited-after-review flag): what imports changed in the case after the
 * review was approved, one paragraph per change, from the review's marks (reviews/post-review-changes.ts).
 */
function changedAfterReview(r: ReviewRecord): Paragraph[] {
  const list = r.review.changedAfterReview
  if (!list.length) return []
  return [
    heading('五、审查后案卷有变更'),
    body(`本审查意见经复核批准后，案卷经导入变更${list.length}次，以下内容未经本次审查，应视情况重新审查：`),
    // The last line keeps with the closing so the seal block never stands alone (GB/T 9704 §7.3.5).
    ...list.map((c, i) => body(`${i + 1}. ${changeLine(c)}。`, i === list.length - 1 ? { keepNext: true } : {}))
  ]
}

export function buildReviewOpinion(r: ReviewRecord, meta: IssueMeta): Document {
  const v = r.review
  const approved = v.status === 'approved'
  const conclusion = v.conclusion ? CONCLUSION_ZH[v.conclusion] : '尚未作出'
  const opinion = v.opinion ? closingBody(`审查意见：${v.opinion}`) : []
  const changes = changedAfterReview(r)
  return gbtDocument({
    title: `${DOC_TYPES.review.titleZh}${approved ? '' : '（草稿）'} ${r.case.caseNo}`,
    subject: DOC_TYPES.review.titleZh,
    creator: meta.generatedBy,
    pageMark: approved ? undefined : '草稿',
    children: [
      ...title(approved ? DOC_TYPES.review.titleZh : `${DOC_TYPES.review.titleZh}（草稿）`),
      documentNumber(reviewNumber(meta)),
      ...(approved ? [] : [para([run(`（审查状态：${REVIEW_STATUS_ZH[v.status]}。未经复核批准，不作为正式审查意见。）`, { font: FONT.subheading })], { alignment: AlignmentType.CENTER })]),
      ...(v.changedAfterReview.length ? [para([run('【审查后案卷有变更，见第五部分】', { font: FONT.subheading, bold: true })], { alignment: AlignmentType.CENTER })] : []),
      heading('一、基本情况'),
      formTable({ columns: FOUR, rows: basics(r), size: SIZE.small }),
      heading('二、审查情况'),
      ...summary(r),
      heading('三、发现的问题'),
      ...findings(r),
      heading('四、审查结论及意见'),
      body(`审查结论：${conclusion}。`, opinion.length || changes.length ? {} : { keepNext: true }),
      ...opinion,
      ...changes,
      // 附件说明 one blank line under the text, two characters in (GB/T 9704 §7.3.4); then the signatures,
      // kept with the body's last lines; the seal block only once approved.
      para([run('')], KEEP),
      para([run('附件：审查工作底稿')], { indent: { left: 2 * CHAR }, ...KEEP }),
      ...signOffs(r),
      ...(approved ? signature(r.institution, cnDate(v.decidedAt ?? meta.generatedAt)) : []),
      // The attachment: "附件" in 黑体 at the top left of a new page, its title, then the working paper.
      para([run('附件', { font: FONT.heading })], { pageBreakBefore: true }),
      ...title('审查工作底稿'),
      // 小四: four columns of reasons in 四号 would wrap every few characters.
      formTable({ columns: [1700, 2750, 2750, 1645], rows: workingPaperRows(v.rules, r.policySets), header: true, size: SIZE.small })
    ]
  })
}
