// 法律审查意见书 (per remediation offer): the offer, the case facts as the legal review read them (masked: the
// opinion needs the case, not the customer's identity), each check with its result and source, the precedent
// band, the legal opinion with the cited basis, and the signatures. Printed from the opinion's snapshot when
// there is one, so the document says what was signed; an opinion not yet final says so under the title.
import { AlignmentType, Paragraph, type Document } from 'docx'
import { BUSINESS_LINE_ZH, CATEGORY_ZH, OFFER_TYPE_ZH } from '../shared/codes'
import { OPINION_DECISION_ZH, type LegalOfferDetail } from '../shared/contract'
import type { IssueMeta } from './case-dossier'
import { DOC_TYPES, RESPONSIBILITY_ZH, sourceText } from './labels'
import { CHAR, FONT, KEEP, LAYOUT_VERSION, SIZE, body, documentNumber, seriesNumber, gbtDocument, heading, para, run, signature, title } from './layout'
import { formTable, label, value, type RowSpec } from './tables'
import { WIDE_SPACE, cnDate, cnDateTime, orNone, yuan } from './text'

// legal-2: the checks' sources by their titles (issue 10 point 4), not the seed files' codes. legal-3: numbered in
// its own yearly series, the offer by its ordinal in the case, root causes by their names (issue 10 points 3, 4).
export const LEGAL_TEMPLATE = `legal-3+${LAYOUT_VERSION}`

export interface LegalOpinionRecord {
  detail: LegalOfferDetail
  institution: string
  /** The offer's ordinal among its case's offers (方案2), 1-based. */
  offerNo: number
  /** Root-cause code → Chinese name (rc_nodes), for the codes the precedent's criteria carry. */
  rootCauseNames: Record<string, string>
}

const STATUS_ZH: Record<string, string> = { pass: '通过', fail: '不通过', not_applicable: '不适用', cannot_tell: '无法判断' }
const FOUR = [1600, 2870, 1400, 2975]

/** 〔2026〕法律审查第5号, 〔2026〕法律审查第5号（第2版）: the register's serial for the offer (layout.ts seriesNumber). */
export const legalNumber = (meta: IssueMeta): string => seriesNumber(DOC_TYPES.legal_opinion.numberKind, meta)

/** A root cause as a formal text names it: by its name, never its code (RC04.02). */
const causeName = (r: LegalOpinionRecord, code: string | null): string =>
  code === null ? '未标注' : r.rootCauseNames[code] ?? (r.detail.caseFacts.rootCause?.code === code ? r.detail.caseFacts.rootCause.name : '已调整的根因分类')

function basics(r: LegalOpinionRecord): RowSpec[] {
  const d = r.detail
  const o = d.offer
  const c = d.caseFacts
  const yn = (v: boolean | null): string => (v === null ? '未记录' : v ? '有' : '无')
  return [
    [label('案件编号'), value(c.caseNo), label('方案编号'), value(`方案${r.offerNo}`)],
    [label('经办机构'), value(c.unitName), label('业务条线'), value(BUSINESS_LINE_ZH[c.businessLine as keyof typeof BUSINESS_LINE_ZH] ?? c.businessLine)],
    [label('业务类别'), value(CATEGORY_ZH[c.category as keyof typeof CATEGORY_ZH] ?? c.category), label('产品'), value(orNone(c.product))],
    [label('投诉人'), value(c.complainant), label('投诉时间'), value(cnDateTime(c.receivedAt))],
    [label('投诉摘要'), value(c.summary, 3)],
    [label('投诉请求'), value(c.request, 3)],
    [label('事实认定'), value(orNone(c.facts), 3)],
    [label('责任归属'), value(c.responsibility ? RESPONSIBILITY_ZH[c.responsibility] ?? c.responsibility : '未记录'),
      label('问题根源'), value(c.rootCause ? c.rootCause.name : '未标注')],
    [label('适当性评估'), value(yn(c.suitabilityAssessed)), label('双录'), value(yn(c.dualRecorded))],
    [label('方案类型'), value(OFFER_TYPE_ZH[o.type as keyof typeof OFFER_TYPE_ZH] ?? o.type), label('金额'), value(yuan(o.amount))],
    [label('核定依据'), value(orNone(o.basis), 3)],
    [label('审批'), value(`${o.approverName ?? '未记录'}（${o.approvalLevel ?? '层级未记录'}）${o.approvedAt ? `，${cnDate(o.approvedAt)}` : ''}`, 3)],
    [label('客户确认'), value(o.customerAccepted ? cnDate(o.acceptedAt!) : '未确认'), label('和解协议'), value(o.settlementSignedAt ? cnDate(o.settlementSignedAt) : '无')],
    [label('约定支付'), value(o.dueAt ? cnDate(o.dueAt) : '未约定'), label('实际支付'), value(o.paidAt ? cnDate(o.paidAt) : '未支付')]
  ]
}

function checks(d: LegalOfferDetail): RowSpec[] {
  return [
    [label('检查项'), label('结果'), label('说明及依据')],
    ...d.checks.map((k): RowSpec => [value(k.titleZh), { text: STATUS_ZH[k.status] ?? k.status, align: 'center' }, value(`${k.reason}\n来源：${sourceText(k.source)}`)])
  ]
}

function precedent(r: LegalOpinionRecord): Paragraph[] {
  const d = r.detail
  const p = d.precedent
  const line = p.criteria.by === 'product' ? `同产品（${p.criteria.product ?? '未记录'}）` : '同业务条线'
  const scope = `同根因（${causeName(r, p.criteria.rootCause)}）、${line}、同业务类别、同方案类型，${p.windowMonths ? `近${p.windowMonths}个月` : '全部'}已接受或已支付的方案（不含本方案）`
  if (p.tooFew) return [body(`比较范围：${scope}。可比方案${p.count}件，少于${p.minCount}件，不作偏离判断。`)]
  return [body(`比较范围：${scope}。可比方案${p.count}件，中位数${yuan(p.median)}，P10至P90为${yuan(p.p10)}至${yuan(p.p90)}；本方案${yuan(d.offer.amount)}，${p.outlier ? '偏离同类先例' : '在同类先例区间之内'}。`),
    ...(p.nearest.length ? [body(`最接近的可比案例：${p.nearest.map((n) => `${n.caseNo}（${yuan(n.amount)}）`).join('、')}。`)] : [])]
}

function opinion(d: LegalOfferDetail): Paragraph[] {
  const op = d.opinion
  // The last paragraph keeps with the sign-offs and the seal block (GB/T 9704 §7.3.5: never a page of them alone).
  if (!op) return [body('尚未出具法律审查意见。', KEEP)]
  const bases = op.basisCodes.map((code) => { const b = d.bases.find((x) => x.code === code); return b ? `${b.title}${b.article ? (b.title.endsWith('》') ? b.article : `（${b.article}）`) : ''}` : code })
  if (op.basisText) bases.push(op.basisText)
  return [
    body(`审查结论：${OPINION_DECISION_ZH[op.decision]}${op.decision === 'agree_amended' ? `（${[op.amendedAmount !== null ? `修改后金额${yuan(op.amendedAmount)}` : null, op.amendedTerms].filter(Boolean).join('；')}）` : ''}。`),
    body(`审查理由：${op.reasoning}`),
    body(`法律依据：${bases.join('；')}。`, { ...KEEP, widowControl: true })
  ]
}

function signOffs(d: LegalOfferDetail): Paragraph[] {
  const op = d.opinion
  const blank = (chars: number): string => WIDE_SPACE.repeat(chars)
  const line = (role: string, name: string | null, at: string | null): Paragraph => para([
    run(`${role}（签字）：`), run(name ?? blank(6), { underline: true }),
    run(`${WIDE_SPACE.repeat(2)}日期：`), run(at ? cnDate(at) : blank(8), { underline: true })
  ], { indent: { left: 2 * CHAR }, spacing: { before: 200 }, ...KEEP })
  const out = [line('法务审查人', op?.signerName ?? null, op?.signedAt ?? null)]
  if (op?.needsCosign) out.push(line('法务复核人', op.cosignerName, op.cosignedAt))
  return out
}

export function buildLegalOpinion(r: LegalOpinionRecord, meta: IssueMeta): Document {
  const d = r.detail
  const op = d.opinion
  const final = op?.status === 'final' && !op.stale
  const note = !op ? '（尚未出具意见，不作为正式法律审查意见。）' : op.stale ? '（方案已变更，需重新审查：本意见不再有效。）'
    : op.status === 'awaiting_cosign' ? '（待第二位法务签署，不作为正式法律审查意见。）' : null
  return gbtDocument({
    title: `${DOC_TYPES.legal_opinion.titleZh} ${d.caseFacts.caseNo}`,
    subject: DOC_TYPES.legal_opinion.titleZh,
    creator: meta.generatedBy,
    children: [
      ...title(DOC_TYPES.legal_opinion.titleZh),
      documentNumber(legalNumber(meta)),
      ...(note ? [para([run(note, { font: FONT.subheading })], { alignment: AlignmentType.CENTER })] : []),
      heading('一、基本情况'),
      formTable({ columns: FOUR, rows: basics(r), size: SIZE.small }),
      heading('二、审查情况'),
      formTable({ columns: [1700, 1100, 6045], rows: checks(d), header: true, size: SIZE.small }),
      heading('三、同类先例'),
      ...precedent(r),
      heading('四、法律审查意见'),
      ...opinion(d),
      ...signOffs(d),
      ...signature(`${r.institution}法律合规部`, cnDate(final && op ? op.cosignedAt ?? op.signedAt : meta.generatedAt))
    ]
  })
}
