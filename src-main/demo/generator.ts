// The demo archive generator: deterministic for a given seed, realistic in its proportions, and with
// rule violations injected at known rates and recorded as ground truth (GenCase.truth).
import { EXTENSION_APPROVAL_LEVEL_ZH, INDIRECT_CHANNELS, REPLY_METHODS, type Channel } from '../shared/codes'
import type { InternalPolicyParams } from '../db/policy-defaults'
import { INITIAL_POLICY_SETS } from '../db/policy-defaults'
import { Rng } from './random'
import { buildOrganisation, type DemoOrganisation, type DemoUnit } from './organisation'
import { SCENARIOS, EXTENSION_REASONS, REVISIT_RESULTS, BRANCHES } from './vocab'
import { DEFAULT_VIOLATION_RATES, type RuleCode } from './rules'
import { caseTexts, complainant, dateZh, replyContent, thousands, writtenAgain, type Complainant } from './content'
import { DAY, HOUR, MIN, afterWorkdays, calendar, dayNumberOf, dayOf, officeTime, receiptTime } from './timeline'
import type { GenCase, GenEvent, GenOffer } from './case-types'
import { caveatEmptorTruth, marketLossOffer, offerFor, rectificationFor, suitabilityFor } from './remedies'
import { furtherExtensionFor } from './further-extension'
import { demoRootCause } from './rootcause-truth'

export interface GeneratorOptions {
  seed: number
  cases: number
  firstId?: number
  from?: string
  to?: string
  isDemo?: boolean
  rates?: Partial<Record<RuleCode, number>>
  /** Root causes (demo/rootcause-truth.ts): findings stating each case's cause, its truth, a share tagged. Off by default. */
  rootCauses?: boolean
}

const CHANNEL_LIST: Channel[] = ['phone', 'counter', 'online', 'letter', 'comment_book', 'media', 'regulator', 'head_office', 'petition']
const CHANNEL_WEIGHTS = [38, 20, 22, 3, 2, 1.5, 9, 3, 1.5]
const JRT_CHANNEL_BY_SCENARIO: Record<string, string[]> = {
  fee: ['0101', '010303'], wealth_loss: ['0101'], attitude: ['0101'], transfer_failed: ['010303', '010301'], collection: ['010302'],
  close_account: ['0101'], privacy: ['02'], loan_penalty: ['0101'], credit_report: ['02'], card_annual_fee: ['0101', '010303'],
  atm: ['0102'], malicious: ['0199'], brokerage: ['010301', '010303']
}
const policy = INITIAL_POLICY_SETS[0].params as InternalPolicyParams
const SCENARIO_INDEXES = SCENARIOS.map((_, k) => k)

interface Earlier { id: number; person: Complainant; cityIndex: number; scenario: number; outlet: DemoUnit; receivedAt: number }

export class CaseGenerator {
  readonly org: DemoOrganisation
  private readonly rng: Rng
  /** The further extension's own stream (demo/further-extension.ts): drawing from it changes no other field. */
  private readonly extensionRng: Rng
  /** Legal review's facts (issue 13): their own stream, so adding them left the rest of the archive as it was. */
  private readonly legalRng: Rng
  private readonly causeRng: Rng // root causes and their findings (rootcause-truth.ts): their own stream too
  private readonly rates: Record<RuleCode, number>
  private readonly from: number
  private readonly to: number
  private readonly recent: Earlier[] = []
  private readonly weights = SCENARIOS.map((s) => s.weight)

  constructor(readonly opts: GeneratorOptions) {
    this.rng = new Rng(opts.seed)
    this.extensionRng = new Rng(opts.seed ^ 0x18ec)
    this.legalRng = new Rng(opts.seed ^ 0x1e6a)
    this.causeRng = new Rng(opts.seed ^ 0x7c0a)
    this.org = buildOrganisation(new Rng(opts.seed ^ 0x5eed))
    this.rates = { ...DEFAULT_VIOLATION_RATES, ...opts.rates }
    this.from = Date.parse(`${opts.from ?? '2021-01-01'}T00:00:00+08:00`)
    this.to = Date.parse(`${opts.to ?? '2026-08-31'}T00:00:00+08:00`) + DAY
  }

  *cases(): Generator<GenCase> {
    for (let i = 0; i < this.opts.cases; i++) yield this.generate(i)
  }

  private readonly staffCache = new Map<string, number[]>()

  private staffAt(unitId: number, title?: string, rng: Rng = this.rng): number {
    const key = `${unitId}/${title ?? ''}`
    let ids = this.staffCache.get(key)
    if (!ids) {
      const list = this.org.staffByUnit.get(unitId)!
      const matching = title ? list.filter((s) => s.title === title) : list
      ids = (matching.length ? matching : list).map((s) => s.id)
      this.staffCache.set(key, ids)
    }
    return rng.pick(ids)
  }

  generate(i: number): GenCase {
    const r = this.rng
    const id = (this.opts.firstId ?? 1) + i
    const truth: GenCase['truth'] = []
    const breaks = (rule: RuleCode, detail: string): boolean => {
      if (!r.chance(this.rates[rule])) return false
      truth.push({ rule, detail })
      return true
    }
    const channel = r.weighted(CHANNEL_LIST, CHANNEL_WEIGHTS)
    const receivedAt = receiptTime(r, i, this.opts.cases, this.from, this.to, channel === 'online' || channel === 'phone')

    // Who complains, about what, where: a repeat complaint reuses an earlier case's complainant and matter.
    // A repeat needs an earlier case that came in before it and whose complainant can be identified.
    const picked = this.recent.length > 50 && r.chance(0.04) ? r.pick(this.recent) : null
    const earlier = picked && picked.receivedAt < receivedAt ? picked : null
    const scenarioIndex = earlier ? earlier.scenario : r.weighted(SCENARIO_INDEXES, this.weights)
    const sc = SCENARIOS[scenarioIndex]
    const outlet = earlier ? earlier.outlet : r.pick(this.org.outlets)
    const branch = this.org.branchOf.get(outlet.id)!
    const cityIndex = earlier ? earlier.cityIndex : BRANCHES.findIndex((b) => branch.name.startsWith(b.city))
    const isAnonymous = !earlier && ['phone', 'online', 'letter', 'comment_book'].includes(channel) && r.chance(0.03)
    const person = earlier ? writtenAgain(r, earlier.person) : complainant(r, cityIndex)
    const businessLine = r.pick(sc.lines)
    const product = r.pick(sc.products)

    // Group complaints and severity.
    const groupSize = r.chance(0.015) ? 5 + Math.floor(r.next() ** 3 * 36) : null
    let isGroup = groupSize !== null
    if (isGroup && breaks('R10', '群体投诉未标记')) isGroup = false
    const transferred = channel === 'regulator' || channel === 'media'
    let severity = groupSize !== null || transferred ? 'major' : r.weighted(['general', 'serious', 'major'], [90, 8, 2])
    if (transferred && groupSize === null && breaks('R11', '监管/媒体转办未定为重大')) severity = r.pick(['general', 'serious'])
    const isComplex = r.chance(groupSize !== null || severity === 'major' ? 0.6 : 0.12)

    const amount = r.int(sc.offer?.min ?? 100, (sc.offer?.max ?? 5000) * 2)
    const slots = { product, unit: outlet.name, amount: thousands(amount), date: dateZh(receivedAt - r.int(1, 40) * DAY), n: String(r.int(2, 12)), rate: (r.int(35, 65) / 10).toFixed(1), days: String(r.int(3, 30)) }
    const internal = r.chance(sc.internalShare)

    // People.
    const ho = this.org.departments[0]
    const firstReceiverUnit = ['counter', 'letter', 'comment_book'].includes(channel) ? outlet.id : ho.id
    let firstReceiverId: number | null = this.staffAt(firstReceiverUnit)
    if (breaks('R07', '未记录首问人')) firstReceiverId = null
    const complainedStaffId = ['attitude', 'fee', 'wealth_loss', 'close_account', 'card_annual_fee', 'loan_penalty'].includes(sc.key) && r.chance(0.6) ? this.staffAt(outlet.id) : null
    let handlerId = this.staffAt(branch.id, '投诉处理专员')
    if (complainedStaffId !== null && breaks('R06', '被投诉人承办本案')) handlerId = complainedStaffId
    const assistingUnitIds = isComplex ? [r.pick(this.org.departments.slice(1)).id] : []

    // Acceptance and classification.
    let acceptedAt = receivedAt + r.int(10, 20 * 60) * MIN
    let acceptanceNotifiedAt: number | null = acceptedAt + r.int(1, 30) * MIN
    if (breaks('R01', '受理超时或未告知')) {
      if (r.chance(0.5)) acceptedAt = receivedAt + 24 * HOUR + r.int(1, 16 * 60) * MIN
      else acceptanceNotifiedAt = null
      if (acceptanceNotifiedAt !== null) acceptanceNotifiedAt = acceptedAt + r.int(1, 30) * MIN
    }
    let classifiedAt = acceptedAt + r.int(5, Math.max(6, Math.floor((receivedAt + 47 * HOUR - acceptedAt) / MIN))) * MIN
    if (breaks('R02', '分类定级超过48小时')) classifiedAt = receivedAt + 48 * HOUR + r.int(1, 72 * 60) * MIN

    // Escalation, where the rules ask for it.
    let escalatedAt: number | null = null
    let escalationLevel: string | null = null
    if (severity === 'major' || transferred || groupSize !== null) {
      const atOnce = (groupSize ?? 0) >= policy.escalateAtOncePeople
      escalatedAt = receivedAt + (atOnce ? r.int(5, 55) * MIN : r.int(60, 23 * 60) * MIN)
      escalationLevel = atOnce || severity === 'major' ? '总行' : '分行'
      if (breaks('R09', '未按时向上级报告')) {
        if (r.chance(0.5)) { escalatedAt = null; escalationLevel = null }
        else escalatedAt = receivedAt + (atOnce ? r.int(2 * 60, 20 * 60) : r.int(25 * 60, 72 * 60)) * MIN
      }
    }

    // Handling within the working-day limit, or later with an extension told to the customer.
    const limit = isComplex ? policy.complexHandleWorkdays : policy.handleWorkdays
    let extensionReason: string | null = null
    let extensionNotifiedAt: number | null = null
    let handledAt: number
    if (breaks('R04', '超过处理时限且未延期')) {
      handledAt = afterWorkdays(r, receivedAt, limit + r.int(1, 10))
    } else if (isComplex && r.chance(0.08)) {
      extensionReason = r.pick(EXTENSION_REASONS)
      extensionNotifiedAt = afterWorkdays(r, receivedAt, limit - 1)
      handledAt = afterWorkdays(r, receivedAt, limit + r.int(1, 5))
    } else {
      handledAt = afterWorkdays(r, receivedAt, r.int(3, limit))
    }
    handledAt = Math.max(handledAt, classifiedAt + HOUR)

    // Internal approval of 严重/重大 cases.
    let approverId: number | null = null
    let approvalLevel: string | null = null
    let approvedAt: number | null = null
    if (severity !== 'general' || r.chance(0.2)) {
      approvalLevel = severity === 'major' ? '总行' : '分行'
      approverId = severity === 'major' ? this.staffAt(ho.id, '总行高级管理人员') : this.staffAt(branch.id, '分行行长助理')
      approvedAt = Math.max(classifiedAt + 30 * MIN, handledAt - r.int(2, 40) * HOUR)
      if (severity !== 'general' && breaks('R08', '严重/重大投诉未经审批')) { approverId = null; approvalLevel = null; approvedAt = null }
    }

    // Reply, revisit, re-review.
    const replyMethod = r.pick(REPLY_METHODS)
    const replyAt = breaks('R05', '结果反馈超过10个工作日') ? afterWorkdays(r, handledAt, policy.replyWorkdays + r.int(1, 10)) : afterWorkdays(r, handledAt, r.weighted([0, 1, 2, 3, 4, 7], [30, 30, 15, 10, 10, 5]))
    const further = furtherExtensionFor(this.extensionRng, { receivedAt, classifiedAt, replyAt, isComplex }, {
      branch: () => this.staffAt(branch.id, '分行行长助理', this.extensionRng),
      headOffice: () => this.staffAt(ho.id, '总行高级管理人员', this.extensionRng),
      subBranch: () => this.staffAt(outlet.id, '网点负责人', this.extensionRng)
    })
    if (further.regulatoryR04) truth.push({ rule: 'R04', policy: 'regulatory', detail: further.regulatoryR04 })
    const ext = further.extension
    const recordTruth = (t: GenCase['truth'][number]): void => {
      if (!truth.some((x) => x.rule === t.rule && (x.policy ?? 'internal') === (t.policy ?? 'internal'))) truth.push(t)
    }
    const offer = offerFor(r, sc, internal, branch, this.org, (rule, d) => breaks(rule, d), handledAt, replyAt, (u, t) => this.staffAt(u, t), this.legalRng, recordTruth)
      ?? marketLossOffer(this.legalRng, sc, businessLine, internal, handledAt, replyAt, () => this.staffAt(branch.id, '分行行长助理', this.legalRng))
    const texts = caseTexts(r, sc, slots, internal, offer ? { type: offer.type as never, amount: offer.amount } : null)
    // The root cause the generator knows, its findings in the case's texts (its own stream: nothing else moves).
    const cause = this.opts.rootCauses ? demoRootCause(this.causeRng, sc.key, internal, slots) : null
    if (cause) Object.assign(texts, { investigation: cause.investigation, facts: cause.facts })
    if (cause) truth.push({ rule: cause.tagged ? 'tagged' : 'held_out', detail: cause.code, policy: 'rootcause' })
    let revisitAt: number | null = replyAt + r.int(1, 5) * DAY
    let satisfaction: string | null = r.weighted(['satisfied', 'basically', 'dissatisfied'], [72, 20, 8])
    let revisitResult: string | null = satisfaction === 'dissatisfied' ? REVISIT_RESULTS[3] : satisfaction === 'satisfied' ? REVISIT_RESULTS[0] : r.pick(REVISIT_RESULTS.slice(1, 3))
    let rereviewAt: number | null = satisfaction === 'dissatisfied' ? revisitAt + r.int(1, 10) * DAY : null
    if (breaks('R12', '未回访或不满意未复核')) {
      if (satisfaction === 'dissatisfied') rereviewAt = null
      else { revisitAt = null; satisfaction = null; revisitResult = null }
    }
    const rereviewRequested = satisfaction === 'dissatisfied'
    const rereviewResult = rereviewAt ? r.pick(['维持原处理意见', '补充解释后客户接受', '调整处理方案']) : null

    const responsibility = internal ? 'internal' : 'external'
    const rectifications = internal && !breaks('R14', '内部原因未制定整改措施') ? [rectificationFor(r, sc, outlet, handledAt)] : []

    let repeatOfId: number | null = null
    if (earlier) {
      repeatOfId = earlier.id
      if (breaks('R15', '重复投诉未关联前案')) repeatOfId = null
    }

    let evidence: string | null = r.pick(['客户提供交易流水截图', '客户提供通话录音', '客户提供合同复印件', '无书面证据，已记录客户口述情况', '客户提供短信截图'])
    if (breaks('R03', '登记信息不全（证据材料未记录）')) evidence = null
    let investigation: string | null = texts.investigation
    let filledAt: number | null = 0
    let address: string | null = isAnonymous ? null : person.address
    if (breaks('R16', '投诉档案要素不全')) {
      const which = r.int(0, isAnonymous ? 1 : 2)
      if (which === 0) filledAt = null
      else if (which === 1) investigation = null
      else address = null
    }
    const lastStep = Math.max(replyAt, revisitAt ?? 0, rereviewAt ?? 0, ...(offer?.paidAt ? [offer.paidAt] : []))
    const closedAt = Math.max(officeTime(r, dayNumberOf(lastStep + r.int(0, 3) * DAY)), lastStep + r.int(30, 120) * MIN)
    if (filledAt !== null) filledAt = closedAt + r.int(0, 5) * DAY + r.int(0, 300) * MIN

    const c: GenCase = {
      id, caseNo: `TS${dayOf(receivedAt).slice(0, 4)}${String(id).padStart(8, '0')}`, isDemo: this.opts.isDemo ?? true,
      receivedAt, acceptedAt, acceptanceNotifiedAt, classifiedAt, closedAt, filledAt,
      channel, isDirect: !INDIRECT_CHANNELS.includes(channel), isAnonymous,
      complainantName: isAnonymous ? null : person.name, complainantPhone: isAnonymous && r.chance(0.5) ? null : person.phone,
      complainantIdNo: isAnonymous ? null : person.idNo, complainantAddress: address,
      isGroup, groupSize, complainedObject: `${outlet.name} / ${product}`, complainedStaffId, product,
      unitId: outlet.id, businessLine, category: sc.category, severity, isComplex,
      amountInvolved: ['fee', 'wealth_loss', 'transfer_failed', 'loan_penalty', 'atm', 'brokerage', 'card_annual_fee'].includes(sc.key) ? amount : null,
      jrtChannel: r.pick(JRT_CHANNEL_BY_SCENARIO[sc.key]), jrtBusiness: sc.jrtBusiness, jrtCause: sc.jrtCause,
      summary: groupSize !== null ? `${texts.summary}（共${groupSize}名客户联名投诉）` : texts.summary, request: texts.request, evidence,
      firstReceiverId, handlerId, responsibleUnitId: branch.id, assistingUnitIds,
      investigation, facts: texts.facts, responsibility, resolution: texts.resolution,
      approverId, approvalLevel, approvedAt, handledAt, escalatedAt, escalationLevel,
      replyAt, replyMethod, replyContent: replyContent(replyMethod, internal),
      extensionReason, extensionNotifiedAt,
      furtherExtensionApproverId: ext?.approverId ?? null, furtherExtensionLevel: ext?.level ?? null,
      furtherExtensionApprovedAt: ext?.approvedAt ?? null, furtherExtensionNotifiedAt: ext?.notifiedAt ?? null, revisitAt, revisitResult, satisfaction,
      rereviewRequested, rereviewAt, rereviewResult, repeatOfId,
      ...suitabilityFor(this.legalRng, businessLine, internal),
      events: [], offers: offer ? [offer] : [], rectifications, truth
    }
    if (offer && caveatEmptorTruth(c, offer)) recordTruth({ rule: 'caveat_emptor', detail: '投资产品市场损失在无机构过错下获补偿', policy: 'legal' })
    c.events = timelineOf(c, outlet.id, branch.id)
    if (!isAnonymous) this.remember({ id, person, cityIndex, scenario: scenarioIndex, outlet, receivedAt })
    return c
  }

  private remember(e: Earlier): void {
    if (this.recent.length < 2000) this.recent.push(e)
    else this.recent[this.rng.int(0, 1999)] = e
  }
}

function timelineOf(c: GenCase, outletId: number, branchId: number): GenEvent[] {
  const ev: GenEvent[] = []
  const add = (kind: string, at: number | null, actorId: number | null, unitId: number | null, note: string | null = null): void => {
    if (at !== null) ev.push({ kind, at, actorId, unitId, note })
  }
  add('received', c.receivedAt, c.firstReceiverId, outletId)
  add('accepted', c.acceptedAt, c.firstReceiverId, null, `受理编号 ${c.caseNo}`)
  add('acceptance_notified', c.acceptanceNotifiedAt, c.firstReceiverId, null)
  add('classified', c.classifiedAt, c.handlerId, branchId)
  add('escalated', c.escalatedAt, c.handlerId, branchId, c.escalationLevel ? `报告${c.escalationLevel}` : null)
  add('extension_notified', c.extensionNotifiedAt, c.handlerId, branchId, c.extensionReason)
  add('further_extension_approved', c.furtherExtensionApprovedAt, c.furtherExtensionApproverId, null, c.furtherExtensionLevel ? `${EXTENSION_APPROVAL_LEVEL_ZH[c.furtherExtensionLevel]}审批再延长30日` : null)
  add('further_extension_notified', c.furtherExtensionNotifiedAt, c.handlerId, branchId)
  add('resolution_approved', c.approvedAt, c.approverId, null)
  add('handled', c.handledAt, c.handlerId, branchId)
  for (const o of c.offers) { add('offer_approved', o.approvedAt, o.approverId, null); add('offer_accepted', o.acceptedAt, null, null); add('offer_paid', o.paidAt, null, branchId) }
  add('replied', c.replyAt, c.handlerId, branchId)
  add('revisited', c.revisitAt, c.handlerId, branchId, c.revisitResult)
  add('rereview', c.rereviewAt, null, branchId, c.rereviewResult)
  add('closed', c.closedAt, c.handlerId, branchId)
  return ev.sort((a, b) => a.at - b.at)
}

export type { GenOffer }
export { calendar }
