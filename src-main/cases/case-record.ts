// A case with everything the archive holds on it, personal data NOT masked: the formal documents print it as
// it is (the 客户投诉档案 and the 客户投诉登记表 are the institution's official record of the
// complaint, and a records office needs the complainant's real name, address, phone and ID number on them),
// and cases/case-detail.ts masks it for the screens.
// Nothing here is sent to the renderer unmasked.
//
// One query reads any number of cases with their timeline, offers and rectifications (as JSON aggregates),
// so a batch of ten thousand dossiers costs a few dozen queries, not one per case.
import type { DataSource, EntityManager } from 'typeorm'
import type { CaseDetail, PersonRef } from '../shared/case-types'

/** The full archive record of one case, personal data unmasked. */
export interface CaseRecord extends Omit<CaseDetail, 'complainant'> {
  complainant: { name: string; phone: string; idNo: string; address: string }
  /** The unit that handled the case (responsible unit, else the receiving unit) with the institution's name: 华信银行上海分行. */
  issuingUnit: string
  institution: string
}

type Row = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const iso = (d: Date | string | null): string | null => (d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString())
const person = (id: number | null, name: string | null, unit: string | null): PersonRef | null => (id && name ? { id, name, unitName: unit } : null)

const SELECT = `
  SELECT c.*, u.name AS unit_name, ru.name AS responsible_unit_name,
         cs.name AS complained_name, cu.name AS complained_unit,
         fr.name AS first_receiver_name, fu.name AS first_receiver_unit,
         h.name AS handler_name, hu.name AS handler_unit,
         ap.name AS approver_name, au.name AS approver_unit,
         xa.name AS further_approver_name, xu.name AS further_approver_unit,
         rp.case_no AS repeat_of_no,
         (SELECT name FROM units WHERE kind = 'head_office' ORDER BY id LIMIT 1) AS head_office,
         (SELECT array_agg(name ORDER BY name) FROM units WHERE id = ANY(c.assisting_unit_ids)) AS assisting_names,
         (SELECT json_agg(json_build_object('kind', e.kind, 'at', e.at, 'actor', s.name, 'unit', eu.name, 'note', e.note) ORDER BY e.at, e.seq)
            FROM case_events e LEFT JOIN staff s ON s.id = e.actor_id LEFT JOIN units eu ON eu.id = e.unit_id
           WHERE e.case_id = c.id) AS events,
         (SELECT json_agg(json_build_object('id', o.id, 'type', o.type, 'amount', o.amount::text, 'basis', o.basis, 'approver', s.name,
                 'approval_level', o.approval_level, 'approved_at', o.approved_at, 'customer_accepted', o.customer_accepted,
                 'accepted_at', o.accepted_at, 'due_at', o.due_at, 'paid_at', o.paid_at) ORDER BY o.id)
            FROM remediation_offers o LEFT JOIN staff s ON s.id = o.approver_id WHERE o.case_id = c.id) AS offers,
         (SELECT json_agg(json_build_object('id', r.id, 'measure', r.measure, 'owner_unit', ou.name, 'due_on', r.due_on, 'done_on', r.done_on) ORDER BY r.id)
            FROM rectifications r LEFT JOIN units ou ON ou.id = r.owner_unit_id WHERE r.case_id = c.id) AS rects
    FROM cases c
    JOIN units u ON u.id = c.unit_id
    LEFT JOIN units ru ON ru.id = c.responsible_unit_id
    LEFT JOIN staff cs ON cs.id = c.complained_staff_id LEFT JOIN units cu ON cu.id = cs.unit_id
    LEFT JOIN staff fr ON fr.id = c.first_receiver_id LEFT JOIN units fu ON fu.id = fr.unit_id
    LEFT JOIN staff h ON h.id = c.handler_id LEFT JOIN units hu ON hu.id = h.unit_id
    LEFT JOIN staff ap ON ap.id = c.approver_id LEFT JOIN units au ON au.id = ap.unit_id
    LEFT JOIN staff xa ON xa.id = c.further_extension_approver_id LEFT JOIN units xu ON xu.id = xa.unit_id
    LEFT JOIN cases rp ON rp.id = c.repeat_of_id`

/** Reads the given cases (unmasked), in the order of `ids`; ids that do not exist are left out. */
export async function loadCaseRecords(em: DataSource | EntityManager, ids: number[]): Promise<CaseRecord[]> {
  if (!ids.length) return []
  const rows = (await em.query(`${SELECT} WHERE c.id = ANY($1::int[])`, [ids])) as Row[]
  const byId = new Map(rows.map((r) => [r.id as number, toRecord(r)]))
  return ids.map((id) => byId.get(id)).filter((r): r is CaseRecord => r !== undefined)
}

/** One case by its id or its case number (投诉编号). */
export async function loadCaseRecord(em: DataSource | EntityManager, ref: number | string): Promise<CaseRecord | null> {
  const rows = (await em.query(`${SELECT} WHERE ${typeof ref === 'number' ? 'c.id = $1' : 'c.case_no = $1'}`, [ref])) as Row[]
  return rows.length ? toRecord(rows[0]) : null
}

function toRecord(c: Row): CaseRecord {
  const institution = String(c.head_office ?? '').replace(/总行$/, '')
  const handlingUnit: string = c.responsible_unit_name ?? c.unit_name
  return {
    id: c.id, caseNo: c.case_no, isDemo: c.is_demo,
    receivedAt: iso(c.received_at)!, acceptedAt: iso(c.accepted_at), acceptanceNotifiedAt: iso(c.acceptance_notified_at),
    classifiedAt: iso(c.classified_at), closedAt: iso(c.closed_at)!, filledAt: iso(c.filled_at), handledAt: iso(c.handled_at),
    channel: c.channel, isDirect: c.is_direct, isAnonymous: c.is_anonymous,
    complainant: { name: c.complainant_name ?? '', phone: c.complainant_phone ?? '', idNo: c.complainant_id_no ?? '', address: c.complainant_address ?? '' },
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
    furtherExtension: c.further_extension_approver_id || c.further_extension_level || c.further_extension_approved_at || c.further_extension_notified_at
      ? {
          approver: person(c.further_extension_approver_id, c.further_approver_name, c.further_approver_unit), level: c.further_extension_level,
          approvedAt: iso(c.further_extension_approved_at), notifiedAt: iso(c.further_extension_notified_at)
        }
      : null,
    revisit: { at: iso(c.revisit_at), result: c.revisit_result, satisfaction: c.satisfaction },
    rereview: { requested: c.rereview_requested, at: iso(c.rereview_at), result: c.rereview_result },
    repeatOf: c.repeat_of_id ? { id: c.repeat_of_id, caseNo: c.repeat_of_no } : null,
    timeline: ((c.events ?? []) as Row[]).map((e) => ({ kind: e.kind, at: iso(e.at)!, actor: e.actor, unit: e.unit, note: e.note })),
    offers: ((c.offers ?? []) as Row[]).map((o) => ({
      id: o.id, type: o.type, amount: o.amount, basis: o.basis, approver: o.approver, approvalLevel: o.approval_level,
      approvedAt: iso(o.approved_at), customerAccepted: o.customer_accepted, acceptedAt: iso(o.accepted_at), dueAt: iso(o.due_at), paidAt: iso(o.paid_at)
    })),
    rectifications: ((c.rects ?? []) as Row[]).map((r) => ({ id: r.id, measure: r.measure, ownerUnit: r.owner_unit, dueOn: r.due_on, doneOn: r.done_on })),
    institution,
    issuingUnit: handlingUnit.startsWith(institution) ? handlingUnit : `${institution}${handlingUnit}`
  }
}
