// 客户投诉登记表 (seed 002 第九条: "the formal record of a complaint's flow and reporting"): the registration
// facts, who received, who was responsible and who assisted (受理单位/人, 责任单位/人, 协助处理单位/人), every
// dated handling step, and the outcome. Personal data is printed in full (see cases/case-record.ts).
import type { Document } from 'docx'
import { BUSINESS_LINE_ZH, CATEGORY_ZH, CHANNEL_ZH, EVENT_ZH, INDIRECT_CHANNELS, SEVERITY_ZH } from '../shared/codes'
import { JRT_BUSINESS, JRT_CAUSE, JRT_CHANNEL } from '../shared/jrt'
import type { CaseRecord } from '../cases/case-record'
import { complainedText, offerText, rectificationText, replyText, type IssueMeta } from './case-dossier'
import { DOC_TYPES, RESPONSIBILITY_ZH } from './labels'
import { LAYOUT_VERSION, SIZE, docNo, documentNumber, gbtDocument, heading, signature, title } from './layout'
import { closingTable, formTable, label, value, type RowSpec } from './tables'
import { NONE, WIDE_SPACE, cnDate, cnDateTime, cnYear, join, orNone, yuan } from './text'

export const REGISTRATION_TEMPLATE = `registration-1+${LAYOUT_VERSION}`

export const registrationNumber = (c: CaseRecord): string => docNo(cnYear(c.receivedAt), DOC_TYPES.registration.numberKind, c.caseNo)

// 小四 (12 pt): a register of thirty-odd fields; in 四号 a date and time would not fit a column.
const FOUR = [1600, 2870, 1400, 2975]
const TWO = [1600, 7245]
const when = (at: string | null): string => cnDateTime(at) || '未记录'
const staff = (p: CaseRecord['firstReceiver']): string => (p ? `${p.name}${p.unitName ? `（${p.unitName}）` : ''}` : '未记录')
const code = (labels: Record<string, string>, c: string | null): string => (c ? `${labels[c] ?? '未知'}（${c}）` : '未分类')

function registrationRows(c: CaseRecord): RowSpec[] {
  const group = c.isGroup || (c.groupSize ?? 0) >= 5
  return [
    [label('投诉编号'), value(c.caseNo), label('投诉渠道'), value(`${CHANNEL_ZH[c.channel]}（${INDIRECT_CHANNELS.includes(c.channel) || !c.isDirect ? '间接' : '直接'}）`)],
    [label('投诉时间'), value(when(c.receivedAt)), label('受理时间'), value(when(c.acceptedAt))],
    [label('受理告知'), value(when(c.acceptanceNotifiedAt)), label('分类定级'), value(when(c.classifiedAt))],
    [label('投诉人'), value(`${c.complainant.name || '（未留姓名）'}（${c.isAnonymous ? '匿名' : '实名'}）`), label('证件号码'), value(orNone(c.complainant.idNo))],
    [label('联系电话'), value(orNone(c.complainant.phone)), label('群体投诉'), value(group ? `是，${c.groupSize ?? '人数未记录'}人` : '否')],
    [label('联系地址'), value(orNone(c.complainant.address), 3)],
    [label('被投诉单位/\n人员/产品'), value(complainedText(c), 3)],
    [label('业务条线'), value(BUSINESS_LINE_ZH[c.businessLine]), label('业务类别'), value(CATEGORY_ZH[c.category])],
    [label('严重程度'), value(SEVERITY_ZH[c.severity]), label('复杂案件'), value(c.isComplex ? '是' : '否')],
    [label('涉及金额'), value(yuan(c.amountInvolved) || NONE), label('关联前案'), value(c.repeatOf ? `${c.repeatOf.caseNo}（重复投诉）` : '无')],
    [label('监管分类\n(JR/T 0169)'), value(`渠道：${code(JRT_CHANNEL, c.jrt.channel)}\n业务：${code(JRT_BUSINESS, c.jrt.business)}\n原因：${code(JRT_CAUSE, c.jrt.cause)}`, 3)],
    [label('投诉摘要'), value(c.summary, 3)],
    [label('投诉请求'), value(orNone(c.request), 3)],
    [label('证据材料'), value(orNone(c.evidence), 3)]
  ]
}

function flowRows(c: CaseRecord): RowSpec[] {
  const responsible = join([c.responsibleUnit ?? c.unitName, c.handler ? `承办人：${c.handler.name}` : null], WIDE_SPACE)
  return [
    [label('受理单位/人'), value(join([c.firstReceiver?.unitName ?? c.unitName, `首问负责人：${c.firstReceiver?.name ?? '未记录'}`], WIDE_SPACE))],
    [label('责任单位/人'), value(responsible)],
    [label('协助处理\n单位/人'), value(c.assistingUnits.length ? c.assistingUnits.join('、') : '无')],
    [label('向上报告'), value(c.escalatedAt || c.escalationLevel ? join([c.escalationLevel ? `报告至${c.escalationLevel}` : null, cnDateTime(c.escalatedAt)]) : '无')],
    [label('内部审批'), value(c.approval.approver || c.approval.level
      ? join([c.approval.level, c.approval.approver ? staff(c.approval.approver) : null, cnDateTime(c.approval.at)])
      : '无')]
  ]
}

function stepRows(c: CaseRecord): RowSpec[] {
  return [
    [label('时间'), label('环节'), label('经办人（单位）'), label('说明')],
    ...c.timeline.map((e): RowSpec => [
      value(cnDateTime(e.at)), value(EVENT_ZH[e.kind] ?? e.kind),
      value(join([e.actor, e.unit ? `（${e.unit}）` : null], '') || '—'), value(e.note ?? '')
    ])
  ]
}

function outcomeRows(c: CaseRecord): RowSpec[] {
  return [
    [label('调查情况'), value(orNone(c.investigation))],
    [label('事实认定\n与责任'), value(join([c.facts, c.responsibility ? `责任认定：${RESPONSIBILITY_ZH[c.responsibility] ?? c.responsibility}` : null], '\n') || NONE)],
    [label('处理方案'), value(orNone(c.resolution))],
    [label('补偿/赔偿'), value(c.offers.length ? c.offers.map(offerText).join('\n') : '无')],
    [label('整改措施'), value(c.rectifications.length ? c.rectifications.map(rectificationText).join('\n') : '无')],
    [label('回复客户\n及回访'), value(replyText(c))],
    [label('办结时间'), value(when(c.closedAt))]
  ]
}

export function buildRegistration(c: CaseRecord, meta: IssueMeta): Document {
  return gbtDocument({
    title: `${DOC_TYPES.registration.titleZh} ${c.caseNo}`,
    subject: DOC_TYPES.registration.titleZh,
    creator: meta.generatedBy,
    children: [
      ...title(DOC_TYPES.registration.titleZh),
      documentNumber(registrationNumber(c)),
      heading('一、投诉登记'),
      formTable({ columns: FOUR, rows: registrationRows(c), size: SIZE.small }),
      heading('二、受理与流转'),
      formTable({ columns: TWO, rows: flowRows(c), size: SIZE.small }),
      heading('三、处理经过'),
      formTable({ columns: [2750, 1700, 2250, 2145], rows: stepRows(c), header: true, size: SIZE.small }),
      heading('四、处理结果'),
      ...closingTable({ columns: TWO, rows: outcomeRows(c), size: SIZE.small }, signature(c.issuingUnit, cnDate(meta.generatedAt)))
    ]
  })
}
