// One case with everything the archive holds on it, personal data masked.
import type { DataSource } from 'typeorm'
import type { CaseDetail, PersonRef } from '../shared/contract'
import { maskAddress, maskIdNo, maskName, maskPhone } from './masking'

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null)
const person = (id: number | null, name: string | null, unit: string | null): PersonRef | null => (id && name ? { id, name, unitName: unit } : null)

export class NotFoundError extends Error {
  readonly code = 'not_found'
}

export async function getCase(ds: DataSource, id: number): Promise<CaseDetail> {
  const rows = (await ds.query(
    `SELECT c.*, u.name AS unit_name, ru.name AS responsible_unit_name,
            cs.name AS complained_name, cu.name AS complained_unit,
            fr.name AS first_receiver_name, fu.name AS first_receiver_unit,
            h.name AS handler_name, hu.name AS handler_unit,
            ap.name AS approver_name, au.name AS approver_unit,
            rp.case_no AS repeat_of_no,
            (SELECT array_agg(name ORDER BY name) FROM units WHERE id = ANY(c.assisting_unit_ids)) AS assisting_names
       FROM cases c
       JOIN units u ON u.id = c.unit_id
       LEFT JOIN units ru ON ru.id = c.responsible_unit_id
       LEFT JOIN staff cs ON cs.id = c.complained_staff_id LEFT JOIN units cu ON cu.id = cs.unit_id
       LEFT JOIN staff fr ON fr.id = c.first_receiver_id LEFT JOIN units fu ON fu.id = fr.unit_id
       LEFT JOIN staff h ON h.id = c.handler_id LEFT JOIN units hu ON hu.id = h.unit_id
       LEFT JOIN staff ap ON ap.id = c.approver_id LEFT JOIN units au ON au.id = ap.unit_id
       LEFT JOIN cases rp ON rp.id = c.repeat_of_id
      WHERE c.id = $1`, [id])) as Record<string, never>[]
  if (!rows.length) throw new NotFoundError(`案件 ${id} 不存在`)
  const c = rows[0] as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
  const [events, offers, rects] = await Promise.all([
    ds.query(`SELECT e.kind, e.at, s.name AS actor, u.name AS unit, e.note FROM case_events e
                LEFT JOIN staff s ON s.id = e.actor_id LEFT JOIN units u ON u.id = e.unit_id
               WHERE e.case_id = $1 ORDER BY e.at, e.seq`, [id]),
    ds.query(`SELECT o.*, s.name AS approver FROM remediation_offers o LEFT JOIN staff s ON s.id = o.approver_id
               WHERE o.case_id = $1 ORDER BY o.id`, [id]),
    ds.query(`SELECT r.*, u.name AS owner_unit FROM rectifications r LEFT JOIN units u ON u.id = r.owner_unit_id
               WHERE r.case_id = $1 ORDER BY r.id`, [id])
  ])
  return {
    id: c.id, caseNo: c.case_no, isDemo: c.is_demo,
    receivedAt: c.received_at.toISOString(), acceptedAt: iso(c.accepted_at), acceptanceNotifiedAt: iso(c.acceptance_notified_at),
    classifiedAt: iso(c.classified_at), closedAt: c.closed_at.toISOString(), filledAt: iso(c.filled_at),
    channel: c.channel, isDirect: c.is_direct, isAnonymous: c.is_anonymous,
    complainant: {
      name: c.complainant_name ? maskName(c.complainant_name) : '',
      phone: c.complainant_phone ? maskPhone(c.complainant_phone) : '',
      idNo: c.complainant_id_no ? maskIdNo(c.complainant_id_no) : '',
      address: c.complainant_address ? maskAddress(c.complainant_address) : ''
    },
    isGroup: c.is_group, groupSize: c.group_size,
    complainedObject: c.complained_object, complainedPerson: person(c.complained_staff_id, c.complained_name, c.complained_unit),
    product: c.product, unitName: c.unit_name, businessLine: c.business_line, category: c.category, severity: c.severity,
    isComplex: c.is_complex, amountInvolved: c.amount_involved,
    jrt: { channel: c.jrt_channel, business: c.jrt_business, cause: c.jrt_cause },
    summary: c.summary, request: c.request, evidence: c.evidence,
    firstReceiver: person(c.first_receiver_id, c.first_receiver_name, c.first_receiver_unit),
    handler: person(c.handler_id, c.handler_name, c.handler_unit),
    responsibleUnit: c.responsible_unit_name, assistingUnits: c.assisting_names ?? [],
    investigation: c.investigation, facts: c.facts, responsibility: c.responsibility, resolution: c.resolution,
    approval: { approver: person(c.approver_id, c.approver_name, c.approver_unit), level: c.approval_level, at: iso(c.approved_at) },
    escalatedAt: iso(c.escalated_at), escalationLevel: c.escalation_level,
    reply: { at: iso(c.reply_at), method: c.reply_method, content: c.reply_content },
    extension: { reason: c.extension_reason, notifiedAt: iso(c.extension_notified_at) },
    revisit: { at: iso(c.revisit_at), result: c.revisit_result, satisfaction: c.satisfaction },
    rereview: { requested: c.rereview_requested, at: iso(c.rereview_at), result: c.rereview_result },
    repeatOf: c.repeat_of_id ? { id: c.repeat_of_id, caseNo: c.repeat_of_no } : null,
    timeline: (events as Record<string, any>[]).map((e) => ({ kind: e.kind, at: e.at.toISOString(), actor: e.actor, unit: e.unit, note: e.note })), // eslint-disable-line @typescript-eslint/no-explicit-any
    offers: (offers as Record<string, any>[]).map((o) => ({ // eslint-disable-line @typescript-eslint/no-explicit-any
      id: o.id, type: o.type, amount: o.amount, basis: o.basis, approver: o.approver, approvalLevel: o.approval_level,
      approvedAt: iso(o.approved_at), customerAccepted: o.customer_accepted, acceptedAt: iso(o.accepted_at), dueAt: iso(o.due_at), paidAt: iso(o.paid_at)
    })),
    rectifications: (rects as Record<string, any>[]).map((r) => ({ id: r.id, measure: r.measure, ownerUnit: r.owner_unit, dueOn: r.due_on, doneOn: r.done_on })) // eslint-disable-line @typescript-eslint/no-explicit-any
  }
}
