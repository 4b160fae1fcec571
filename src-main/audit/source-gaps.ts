// Facts a case's source never had. An imported archive (the CFPB's, say) may not publish who handled a
// case or when it was accepted, and may stand something in for a field the archive requires (the CFPB's
// date sent to the company for the closing date, 一般投诉 for the severity): the import records both in
// cases.source_note. A rule that reads such a field cannot tell — it must not fail a case for what the
// source never recorded, nor pass it on a stand-in.
import type { RuleOutcome } from './engine'
import { FIELD_ZH } from './source-gap-fields'
import { cannotTell } from './time'

/** The case fields (import field keys) each rule reads, per policy set (the rules in rules/ are the source of truth). */
export const RULE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  R01: ['accepted_at', 'acceptance_notified_at'],
  R02: ['classified_at', 'severity', 'category'],
  R03: ['complainant_name', 'complainant_phone', 'complainant_address', 'complained_object', 'request', 'evidence'],
  R04: ['handled_at', 'reply_at', 'closed_at', 'extension_notified_at'],
  R05: ['handled_at', 'reply_at', 'reply_method', 'reply_content'],
  R06: ['handler', 'complained_staff'],
  R07: ['first_receiver'],
  R08: ['approver', 'approval_level', 'approved_at', 'severity'],
  R09: ['escalated_at', 'severity'],
  R10: ['is_group', 'group_size', 'severity'],
  R11: ['severity'],
  R12: ['revisit_at', 'satisfaction'],
  R15: ['complainant_id_no', 'complainant_name'],
  R16: ['complainant_name', 'complainant_phone', 'complainant_address', 'investigation', 'resolution', 'reply_content', 'filled_at']
}

/**
 * Turns pass/fail results of rules that read a field the source lacks (`gaps`: missing or stood-in field
 * keys) into cannot_tell, naming the fields (evidence key `sourceGaps`).
 */
export function applySourceGaps(rules: RuleOutcome[], gaps: readonly string[]): void {
  for (const r of rules) {
    const hit = (RULE_FIELDS[r.code] ?? []).filter((f) => gaps.includes(f))
    if (!hit.length) continue
    const names = hit.map((f) => FIELD_ZH[f] ?? f).join('、')
    for (const kind of ['internal', 'regulatory'] as const) {
      const result = r[kind]
      if (result.status !== 'pass' && result.status !== 'fail') continue
      r[kind] = cannotTell(`来源数据未提供${names}，无法判断`, { ...result.evidence, sourceGaps: names })
    }
  }
}
