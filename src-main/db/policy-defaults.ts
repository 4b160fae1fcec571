// The policy parameter sets Dossier starts with (domain.md, "Review rules"). Later sets are added with a
// new effective_from date; a case is judged by the set in force on the day it was received.

export interface InternalPolicyParams {
  acceptHours: number
  classifyHours: number
  handleWorkdays: number
  complexHandleWorkdays: number
  replyWorkdays: number
  groupMinPeople: number
  /** 重大, regulator/media-transferred and group cases are reported upward within this many hours… */
  escalationHours: number
  /** …and at once (within massGatheringReportHours) when this many people or more are involved. */
  escalateAtOncePeople: number
  massGatheringReportHours: number
  /** Remediation amount (CNY) a branch may approve alone; above it the head office approves. */
  branchApprovalLimit: number
}

export interface RegulatoryPolicyParams {
  decisionDays: number
  complexDecisionDays: number
  especiallyComplexExtraDays: number
  reviewRequestDays: number
  dayKind: 'calendar'
}

export interface PolicySetSeed {
  code: string
  kind: 'internal' | 'regulatory'
  title: string
  effectiveFrom: string
  params: InternalPolicyParams | RegulatoryPolicyParams
  source: string
}

/** Where the internal limits come from (domain.md; seeds 000–004), as the 制度参数 screen shows it. */
export const INTERNAL_SOURCE = '《金融服务投诉处理流程规范》《银行客户投诉处理管理办法》《客户投诉管理办法》《到期理财产品客户投诉处理应急方案》《金融客户服务规范与投诉处理指南》§3.1–3.3'

export const INITIAL_POLICY_SETS: PolicySetSeed[] = [
  {
    code: 'internal-2020',
    kind: 'internal',
    title: '内部投诉处理制度',
    effectiveFrom: '2020-01-01',
    params: {
      acceptHours: 24, classifyHours: 48, handleWorkdays: 7, complexHandleWorkdays: 15, replyWorkdays: 10,
      groupMinPeople: 5, escalationHours: 24, escalateAtOncePeople: 10, massGatheringReportHours: 1, branchApprovalLimit: 50000
    },
    source: INTERNAL_SOURCE
  },
  {
    code: 'cbirc-2020-3',
    kind: 'regulatory',
    title: '银行业保险业消费投诉处理管理办法（银保监会令2020年第3号）',
    effectiveFrom: '2020-03-01',
    params: { decisionDays: 15, complexDecisionDays: 30, especiallyComplexExtraDays: 30, reviewRequestDays: 30, dayKind: 'calendar' },
    source: '银保监会令2020年第3号'
  }
]
