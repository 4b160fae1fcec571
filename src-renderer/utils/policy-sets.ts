// The policy parameter sets (制度参数) as the screen shows them: grouped by kind and effective day, which one
// governs which days, what changed between versions, and the form's checks. The limits come from the shared
// zod schemas (@shared/contract-policy), so the screen checks exactly what the server will.
import type { z } from 'zod'
import { internalParamsSchema, regulatoryParamsSchema, type PolicySetView } from '@shared/contract-policy'

export type PolicyKind = PolicySetView['kind']
export const POLICY_KINDS: readonly PolicyKind[] = ['internal', 'regulatory']

/** Hours, working days (the 节假日 calendar), calendar days (第十八条), people, 元. */
export type ParamUnit = 'hours' | 'workdays' | 'days' | 'people' | 'yuan'

export interface ParamSpec { key: string; unit: ParamUnit; min: number; max: number; integer: boolean }

const SCHEMAS = { internal: internalParamsSchema, regulatory: regulatoryParamsSchema } as const

/** Every editable parameter of a kind, in the order the policy states them (src-main/db/policy-defaults.ts). */
const ORDER: Record<PolicyKind, [string, ParamUnit][]> = {
  internal: [
    ['acceptHours', 'hours'], ['classifyHours', 'hours'], ['handleWorkdays', 'workdays'], ['complexHandleWorkdays', 'workdays'],
    ['replyWorkdays', 'workdays'], ['groupMinPeople', 'people'], ['escalationHours', 'hours'], ['escalateAtOncePeople', 'people'],
    ['massGatheringReportHours', 'hours'], ['branchApprovalLimit', 'yuan']
  ],
  regulatory: [['decisionDays', 'days'], ['complexDecisionDays', 'days'], ['especiallyComplexExtraDays', 'days'], ['reviewRequestDays', 'days']]
}

function spec(kind: PolicyKind, key: string, unit: ParamUnit): ParamSpec {
  const shape = SCHEMAS[kind].shape as Record<string, z.ZodNumber>
  const n = shape[key]
  return { key, unit, min: n.minValue ?? 0, max: n.maxValue ?? Number.MAX_SAFE_INTEGER, integer: n.isInt }
}

export const PARAMS: Record<PolicyKind, ParamSpec[]> = {
  internal: ORDER.internal.map(([k, u]) => spec('internal', k, u)),
  regulatory: ORDER.regulatory.map(([k, u]) => spec('regulatory', k, u))
}

/** Parameters no one edits: the regulation counts calendar days, always. */
export const FIXED_PARAMS: Record<PolicyKind, Record<string, string>> = { internal: {}, regulatory: { dayKind: 'calendar' } }

/** One effective day of one kind: the version that governs it and the versions it replaced, newest first. */
export interface PolicyGroup {
  kind: PolicyKind
  effectiveFrom: string
  current: PolicySetView
  earlier: PolicySetView[]
  /** The last day it governs (the day before the next set of its kind), or null: open-ended. */
  until: string | null
  /** in_force: governs today; future: from a later day; past: a later set replaced it. */
  state: 'in_force' | 'future' | 'past'
}

/** `2025-01-01` → `2024-12-31` (date-only, no zone involved). */
export function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() - 1)
  return d.toISOString().slice(0, 10)
}

/** Sets grouped by kind and effective day, newest day first. `today` is a China-time `YYYY-MM-DD`. */
export function groupSets(sets: readonly PolicySetView[], today: string): Record<PolicyKind, PolicyGroup[]> {
  const out: Record<PolicyKind, PolicyGroup[]> = { internal: [], regulatory: [] }
  for (const kind of POLICY_KINDS) {
    const days = new Map<string, PolicySetView[]>()
    for (const s of sets) if (s.kind === kind) days.set(s.effectiveFrom, [...(days.get(s.effectiveFrom) ?? []), s])
    const ordered = [...days.keys()].sort().reverse()
    const inForce = ordered.find((d) => d <= today) ?? null
    ordered.forEach((day, i) => {
      const versions = [...days.get(day)!].sort((a, b) => b.version - a.version)
      const current = versions.find((v) => v.supersededAt === null) ?? versions[0]
      out[kind].push({
        kind, effectiveFrom: day, current, earlier: versions.filter((v) => v !== current),
        until: i > 0 ? dayBefore(ordered[i - 1]) : null,
        state: day === inForce ? 'in_force' : day > today ? 'future' : 'past'
      })
    })
  }
  return out
}

/** The group that governs cases received on `day`, or null when no set of the kind starts that early. */
export function groupInForce(groups: readonly PolicyGroup[], day: string): PolicyGroup | null {
  return groups.find((g) => g.effectiveFrom <= day) ?? null
}

export interface ParamChange { key: string; before: number | string | undefined; after: number | string | undefined }

/** The editable parameters whose value differs, in the policy's order. */
export function diffParams(kind: PolicyKind, before: Record<string, unknown>, after: Record<string, unknown>): ParamChange[] {
  return PARAMS[kind]
    .filter((p) => before[p.key] !== after[p.key])
    .map((p) => ({ key: p.key, before: before[p.key] as number | undefined, after: after[p.key] as number | undefined }))
}

/** A problem with one field, as the shared schema reports it (messages are made by the screen, per language). */
export interface ParamIssue {
  key: string; code: string; min?: number; max?: number; expected?: string; message: string
  /** On the other field of a cross-check, the field the schema named: shown on both, counted once. */
  echo?: string
}

/** The schema's cross-checks name the longer limit; the shorter one, often the field just typed, is the other half. */
const CROSS_CHECKED: Record<string, string> = { complexHandleWorkdays: 'handleWorkdays', escalateAtOncePeople: 'groupMinPeople', complexDecisionDays: 'decisionDays' }

/**
 * Checks the form's values with the server's schema. Empty inputs arrive as null (not a number).
 * @returns the problems by parameter (the first per field; a cross-check on both its fields), empty when the
 *   set would be accepted
 */
export function checkParams(kind: PolicyKind, values: Record<string, number | null>): Record<string, ParamIssue> {
  const input: Record<string, unknown> = { ...values, ...FIXED_PARAMS[kind] }
  for (const k of Object.keys(input)) if (input[k] === null) input[k] = undefined
  const res = SCHEMAS[kind].safeParse(input)
  const out: Record<string, ParamIssue> = {}
  if (res.success) return out
  for (const i of res.error.issues) {
    const key = String(i.path[0] ?? '')
    if (out[key]) continue
    const raw = i as unknown as { minimum?: number | bigint; maximum?: number | bigint; expected?: string }
    out[key] = {
      key, code: i.code, message: i.message, expected: raw.expected,
      min: raw.minimum === undefined ? undefined : Number(raw.minimum), max: raw.maximum === undefined ? undefined : Number(raw.maximum)
    }
  }
  for (const issue of Object.values(out)) {
    const other = CROSS_CHECKED[issue.key]
    if (issue.code === 'custom' && other && !out[other]) out[other] = { ...issue, key: other, echo: issue.key }
  }
  return out
}

/** The editable values of a set, as the form holds them. */
export function formValues(kind: PolicyKind, params: Record<string, unknown>): Record<string, number | null> {
  return Object.fromEntries(PARAMS[kind].map((p) => [p.key, typeof params[p.key] === 'number' ? (params[p.key] as number) : null]))
}

/** The server's invalid_request text (`params.handleWorkdays: …; note: …`) split by field; `''` holds the rest. */
export function splitServerProblems(message: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of message.split('; ')) {
    const m = /^(?:params\.)?([A-Za-z]+): (.*)$/s.exec(part)
    const key = m && m[1] !== 'request' ? m[1] : ''
    const text = m && key ? m[2] : part
    out[key] = out[key] ? `${out[key]}；${text}` : text
  }
  return out
}

/** Today in China (the day a case's set is chosen by), `YYYY-MM-DD`. */
export function chinaToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}
