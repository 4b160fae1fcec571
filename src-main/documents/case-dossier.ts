// 客户投诉档案 (seed 003, 附件3): the one-page archive form of a closed case, with exactly the form's fields —
// 填写时间, 客户姓名, 地址, 联系电话, 投诉方式, 投诉时间, 被投诉单位/人员/产品, 客户投诉摘要, 调查情况,
// 处理方案及整改措施, 回复客户情况. Personal data is printed in full (see cases/case-record.ts): the form is the
// official record that goes into the archive, not a screen.
import { AlignmentType, type Document } from 'docx'
import { CHANNEL_ZH, OFFER_TYPE_ZH, REPLY_METHOD_ZH, SATISFACTION_ZH } from '../shared/codes'
import type { CaseRecord } from '../cases/case-record'
import type { Serial } from './registry'
import { DOC_TYPES, RESPONSIBILITY_ZH } from './labels'
import { LAYOUT_VERSION, docNo, documentNumber, gbtDocument, para, run, signature, title } from './layout'
import { closingTable, label, value } from './tables'
import { cnDate, cnDateTime, cnDay, cnYear, join, orNone, yuan } from './text'

export const DOSSIER_TEMPLATE = `dossier-1+${LAYOUT_VERSION}`

export interface IssueMeta {
  /** When the document is issued: the date line. */
  generatedAt: Date
  /** Who generated it, for the package's properties. */
  generatedBy: string
  /** The number in its type's yearly series and the version, given by the register as it issues (registry.ts serialFor). */
  serial?: Serial | null
  version?: number
}

/** 〔2025〕投诉档案第TS202500000123号: the year the case was received, and its case number. */
export const dossierNumber = (c: CaseRecord): string => docNo(cnYear(c.receivedAt), DOC_TYPES.dossier.numberKind, c.caseNo)

export function complainantName(c: CaseRecord): string {
  const name = c.isAnonymous || !c.complainant.name ? '匿名' : c.complainant.name
  return c.isGroup || (c.groupSize ?? 0) >= 5 ? `${name} 等${c.groupSize ?? ''}人（群体投诉）` : name
}

export function complainedText(c: CaseRecord): string {
  const p = c.complainedPerson
  return join([
    c.complainedObject ?? c.unitName,
    p ? `被投诉人员：${p.name}${p.unitName ? `（${p.unitName}）` : ''}` : null,
    c.product && !(c.complainedObject ?? '').includes(c.product) ? `产品：${c.product}` : null
  ], '；')
}

export function investigationText(c: CaseRecord): string {
  return join([
    orNone(c.investigation),
    c.facts ? `事实认定：${c.facts}` : null,
    c.responsibility ? `责任认定：${RESPONSIBILITY_ZH[c.responsibility] ?? c.responsibility}` : null
  ], '\n')
}

export function offerText(o: CaseRecord['offers'][number]): string {
  return join([
    `${OFFER_TYPE_ZH[o.type] ?? o.type} ${yuan(o.amount)}`,
    o.basis ? `核定依据：${o.basis}` : null,
    o.approver || o.approvalLevel ? `审批：${join([o.approvalLevel, o.approver, cnDate(o.approvedAt)], ' ')}` : '未记录审批',
    o.customerAccepted === true ? `客户于${cnDate(o.acceptedAt)}接受` : o.customerAccepted === false ? '客户未接受' : '客户意见未记录',
    o.paidAt ? `${cnDate(o.paidAt)}支付` : '未支付'
  ])
}

export function rectificationText(r: CaseRecord['rectifications'][number]): string {
  return `${r.measure}（${join([r.ownerUnit ? `责任单位：${r.ownerUnit}` : null, r.dueOn ? `期限：${cnDay(r.dueOn)}` : null, r.doneOn ? `${cnDay(r.doneOn)}完成` : '未完成'])}）`
}

export function resolutionText(c: CaseRecord): string {
  return join([
    orNone(c.resolution),
    ...c.offers.map((o, i) => `补偿${c.offers.length > 1 ? i + 1 : ''}：${offerText(o)}`),
    ...c.rectifications.map((r, i) => `整改措施${c.rectifications.length > 1 ? i + 1 : ''}：${rectificationText(r)}`)
  ], '\n')
}

export function replyText(c: CaseRecord): string {
  const r = c.reply
  return join([
    r.at ? `${cnDateTime(r.at)} 以${r.method ? REPLY_METHOD_ZH[r.method] : '未记录的'}方式回复客户：${orNone(r.content)}` : '未记录回复客户情况',
    c.extension.reason ? `延期：${c.extension.reason}（${c.extension.notifiedAt ? `${cnDate(c.extension.notifiedAt)}告知客户` : '未记录告知'}）` : null,
    c.revisit.at ? `回访：${cnDate(c.revisit.at)}，${join([c.revisit.result, c.revisit.satisfaction ? `满意度：${SATISFACTION_ZH[c.revisit.satisfaction]}` : null])}` : '未记录回访',
    c.rereview.requested ? `复核：${join([cnDate(c.rereview.at), orNone(c.rereview.result)])}` : null
  ], '\n')
}

// Four columns: field name, value, field name, value; the long fields span the last three.
const COLUMNS = [1900, 2250, 1400, 3295]
const BOX = 1200 // twips: a free-text box at least three lines of 四号 high, as on the paper form

export function buildDossier(c: CaseRecord, meta: IssueMeta): Document {
  const table = closingTable({
    columns: COLUMNS,
    rows: [
      [label('客户姓名'), value(complainantName(c)), label('联系电话'), value(orNone(c.complainant.phone))],
      [label('地址'), value(orNone(c.complainant.address), 3)],
      [label('投诉方式'), value(CHANNEL_ZH[c.channel]), label('投诉时间'), value(cnDateTime(c.receivedAt))],
      [label('被投诉单位/\n人员/产品'), value(complainedText(c), 3)],
      [label('客户投诉摘要'), value(`${c.summary}\n\n客户诉求：${orNone(c.request)}`, 3)],
      [label('调查情况'), value(investigationText(c), 3)],
      [label('处理方案及\n整改措施'), value(resolutionText(c), 3)],
      [label('回复客户情况'), value(replyText(c), 3)],
      [label('经办人'), value(c.handler?.name ?? ''), label('审核人'), value('')]
    ],
    minHeights: { 4: BOX, 5: BOX, 6: BOX, 7: BOX }
  }, signature(c.issuingUnit, cnDate(meta.generatedAt)))
  return gbtDocument({
    title: `${DOC_TYPES.dossier.titleZh} ${c.caseNo}`,
    subject: DOC_TYPES.dossier.titleZh,
    creator: meta.generatedBy,
    children: [
      ...title(DOC_TYPES.dossier.titleZh),
      documentNumber(dossierNumber(c)),
      para([run(`填写时间：${cnDate(c.filledAt) || '未记录'}`)], { alignment: AlignmentType.RIGHT }),
      ...table
    ]
  })
}
