// Value types of users, audit results and reviews as they cross the contract.
export const ROLES = ['reviewer', 'senior_reviewer', 'legal', 'leadership', 'admin', 'records'] as const
export type Role = (typeof ROLES)[number]
export const ROLE_ZH: Record<Role, string> = { reviewer: '审查员', senior_reviewer: '复核人', legal: '法务', leadership: '管理层', admin: '管理员', records: '档案管理员' }

export interface SessionUser {
  id: number; username: string; displayName: string; roles: Role[]
  /** An administrator gave this password: until it is changed, the session may only change it (or sign out). */
  mustChangePassword?: boolean
}
export interface UserSummary { id: number; username: string; displayName: string; roles: Role[] }

export type RuleStatusCode = 'pass' | 'fail' | 'not_applicable' | 'cannot_tell'
export const RULE_STATUS_ZH: Record<RuleStatusCode, string> = { pass: '通过', fail: '不通过', not_applicable: '不适用', cannot_tell: '无法判断' }

export interface RuleResultView { status: RuleStatusCode; reason: string; evidence: Record<string, string | number | boolean | null> }

/** One rule as the engine judges a case today (the case detail's 审查要点 section). */
export interface CaseAuditRuleView {
  code: string; titleZh: string; titleEn: string; source: string; regulatorySource: string | null
  internal: RuleResultView; regulatory: RuleResultView
}

/** A case's audit by the engine now: the policy sets in force on its day of receipt, and the 16 rules, failed first. */
export interface CaseAuditView { policySets: { internal: string | null; regulatory: string | null }; rules: CaseAuditRuleView[] }

export const REVIEW_STATUSES = ['pending', 'in_progress', 'submitted', 'returned', 'approved'] as const
export type ReviewStatus = (typeof REVIEW_STATUSES)[number]
export const REVIEW_STATUS_ZH: Record<ReviewStatus, string> = { pending: '待审查', in_progress: '审查中', submitted: '待复核', returned: '已退回', approved: '已批准' }

export const CONCLUSIONS = ['compliant', 'basically_compliant', 'non_compliant'] as const
export type Conclusion = (typeof CONCLUSIONS)[number]
export const CONCLUSION_ZH: Record<Conclusion, string> = { compliant: '合规', basically_compliant: '基本合规', non_compliant: '不合规' }

export const FINDING_SEVERITIES = ['low', 'medium', 'high'] as const
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number]
export const FINDING_SEVERITY_ZH: Record<FindingSeverity, string> = { low: '一般', medium: '较重', high: '严重' }

export const SELECTION_REASONS = ['major', 'group', 'flagged', 'sample'] as const
export type SelectionReason = (typeof SELECTION_REASONS)[number]
export const SELECTION_REASON_ZH: Record<SelectionReason, string> = { major: '重大投诉', group: '群体投诉', flagged: '系统预警', sample: '随机抽样' }

/** What a plan would create, before it is made: cases selected, how many are already in another open plan. */
export interface PlanPreview {
  selected: number
  /** Selected cases that already have a review in a plan with reviews not yet approved. */
  alreadyOpen: number
  /** Reviews created when those are left out (the default) … */
  createSkipping: number
  /** … and when they are reviewed again. */
  createIncluding: number
  byReason: Record<SelectionReason, number>
  /** The open plans the overlapping cases are in, with how many of them each holds. */
  openPlans: { id: number; name: string; cases: number }[]
}

export interface PlanSummary {
  id: number; name: string; receivedFrom: string; receivedTo: string; sampleRate: number; sampleSeed: number; includeFlagged: boolean
  createdBy: string; createdAt: string
  total: number; byStatus: Record<ReviewStatus, number>; byReason: Record<SelectionReason, number>
}

export interface ReviewRow {
  id: number; planId: number; planName: string; caseId: number; caseNo: string; receivedAt: string; severity: string; unitName: string
  reasons: SelectionReason[]; reviewer: string; senior: string | null; status: ReviewStatus; conclusion: Conclusion | null
  engineFails: string[]; updatedAt: string
  /** 「审查后案卷有变更」: an import changed the case after this review was approved. */
  changedAfterReview: boolean
}

/** A work queue: its first rows in working order, and how many reviews it holds in all. */
export interface ReviewQueue { rows: ReviewRow[]; total: number }

export interface ReviewRuleView {
  code: string; titleZh: string; titleEn: string; source: string; regulatorySource: string | null
  internal: RuleResultView; regulatory: RuleResultView
  decision: 'confirmed' | 'overridden' | null; finalStatus: RuleStatusCode | null; note: string | null
}

export interface FindingView {
  id: number; rule: string | null; severity: FindingSeverity; description: string; requiredAction: string | null
  ownerUnitId: number | null; ownerUnit: string | null; dueOn: string | null; createdBy: string; createdAt: string
}

/** `actor` is the username the trail holds; `actorName` the person's name (the actor itself when no user has it: 'system'). */
export interface TrailView { at: string; actor: string; actorName: string; action: string; before: unknown; after: unknown }

export interface ReviewDetail {
  id: number; version: number; planId: number; planName: string; caseId: number; caseNo: string
  /** The case's responsible unit: a new finding's 责任单位 starts as it. */
  caseUnitId: number | null
  reasons: SelectionReason[]; status: ReviewStatus
  reviewer: { id: number; name: string }; senior: { id: number; name: string } | null
  conclusion: Conclusion | null; opinion: string | null; returnComment: string | null
  policySets: { internal: string | null; regulatory: string | null }
  auditedAt: string; submittedAt: string | null; decidedAt: string | null; updatedAt: string; updatedBy: string | null
  rules: ReviewRuleView[]; findings: FindingView[]; trail: TrailView[]
  /** Rules the engine now judges differently from the results this review froze (e.g. after a calendar year was loaded). */
  engineChanges: { code: string; kind: 'internal' | 'regulatory'; frozen: RuleStatusCode; now: RuleStatusCode }[]
  /** 「审查后案卷有变更」: what imports changed in the case after this review was approved (empty when nothing did). */
  changedAfterReview: PostReviewChange[]
  /** What the signed-in user may do now (the handlers check the same rules). */
  can: { edit: boolean; submit: boolean; decide: boolean }
}

/** One change an import made to a reviewed case after the review's approval, its values as a reader reads them (personal data not shown). */
export interface PostReviewChange {
  at: string; importId: number | null; fileName: string | null; trailId: string | null
  entity: 'case' | 'timeline' | 'offer' | 'rectification'; entityZh: string
  fields: { key: string; label: string; before: string; after: string }[]
}

export interface AuditRunSummary { id: number; finishedAt: string | null; cases: number | null; flagged: number | null; reason: string; status: string; scopeFrom: string | null; scopeTo: string | null }

export interface AuditStatus {
  /** The latest run; `scopeFrom` set when it re-audited only the cases received from that day (a calendar re-audit, a CLI range). */
  lastRun: AuditRunSummary | null
  /** The latest whole-archive run that finished well: the one that applied the policy sets in force (a later calendar re-audit covers only some cases). */
  lastWholeRun: AuditRunSummary | null
  /** Cases of the whole archive whose stored result has a failed internal rule (whatever run judged them). */
  flaggedNow: number
  policyChanged: boolean; unaudited: number
  /** A calendar import changed working days from this day and the re-audit of the cases it reaches has not finished. */
  calendarPendingFrom: string | null
  /** Cases with a limit that could not be judged because a year's 节假日安排 is not loaded, per year. */
  calendarWaiting: { year: number; cases: number }[]
  /** The run going now: its progress, and why it runs (a calendar re-audit covers only the cases it can change). */
  running: { done: number; total: number; reason: 'on_demand' | 'policy_changed' | 'engine_changed' | 'new_cases' | 'calendar_changed' } | null
}
