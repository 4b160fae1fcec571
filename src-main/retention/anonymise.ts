// Anonymising the personal data of cases past the institution's retention period (个人信息保护法 第十九条:
// kept no longer than the purpose needs; 第四十七条: deleted when the period has run out). A case is past it
// when closed_at + the period (calendar months, China time) is before now.
//
// What goes: the complainant's name, phone, ID number and address (each replaced by 「已匿名化」, so that a
// re-audit still finds the registration complete as it was), the identity key (a pseudonym from an HMAC whose
// key is thrown away after the run: the run's cases of one person stay linked for the repeat rule, nobody can
// compute it again), and in every free text of the case, its timeline notes, offers' bases, rectifications and
// the 整改 follow-ups' notes and evidence, the complainant's own name, phone, ID and address as written plus
// every identifier the detector finds (privacy/detect.ts) — as 〔已删除〕; the search index is rebuilt from the
// new texts; the case's trail entries (an import's before/after) and its follow-ups' entries (note, evidence)
// have those fields redacted by the owner's functions.
// What stays: codes, dates, amounts, units, staff, severity, channel, root causes, audit results, reviews,
// links — everything the trends, the quarterly figures and the documents register read.
// Issued 客户投诉档案 / 登记表 of those cases: their register entries stay (number, SHA-256, size: a copy the
// records office holds can still be verified), the app's own copies in the documents folder are deleted after
// the commit, as they print the personal data in full.
import { createHmac, randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { DataSource, EntityManager } from 'typeorm'
import { detectPersonalData } from '../privacy'
import { searchVector } from '../cases/search-terms'
import { identityKey } from '../text/identity'
import { recordChange } from '../trail/record'
import { readSetting } from '../settings/settings-store'
import { conflict, invalid } from '../transport/errors'
import type { AnonymiseResult, RetentionPreview } from '../shared/contract-settings'

export const MARKER = '已匿名化'
export const REMOVED = '〔已删除〕'
const PERSONAL = ['complainant_name', 'complainant_phone', 'complainant_id_no', 'complainant_address'] as const
const CASE_TEXTS = ['summary', 'request', 'evidence', 'investigation', 'facts', 'resolution', 'reply_content', 'extension_reason', 'revisit_result', 'rereview_result'] as const
/** Keys of a case's trail entries (an import's before/after, by column or import field) whose values are redacted. */
export const TRAIL_KEYS = [...PERSONAL, ...CASE_TEXTS, 'complainant_key', 'name', 'phone', 'idNo', 'address', 'complainant', 'timeline', 'offers', 'rectifications']

/** Keys of a follow-up's trail entry that hold its free text (redacted by dossier_trail_redact_rectification). */
const FOLLOW_UP_KEYS = ['note', 'evidence']

/** The cases past the period, as a SQL condition on `c` with $1 = the period in months. */
const PAST = `c.anonymised_at IS NULL AND c.closed_at < (now() AT TIME ZONE 'Asia/Shanghai' - make_interval(months => $1)) AT TIME ZONE 'Asia/Shanghai'`

/** The period in months and its setting's version (null, null: not set). */
export async function retentionMonths(q: Pick<DataSource, 'query'>): Promise<{ months: number | null; version: number | null }> {
  const { value, version } = await readSetting<{ months: number | null }>(q, 'retention')
  return { months: value?.months ?? null, version }
}

/** What anonymising now would touch: counts per field, nothing changed. */
export async function previewAnonymise(ds: Pick<DataSource, 'query'>): Promise<RetentionPreview> {
  const { months, version } = await retentionMonths(ds)
  const [{ done }] = (await ds.query('SELECT count(*)::int AS done FROM cases WHERE anonymised_at IS NOT NULL')) as { done: number }[]
  const empty: RetentionPreview = { months, version, cutoff: null, cases: 0, fields: [], events: 0, offers: 0, rectifications: 0, followUps: 0, trailEntries: 0, documents: 0, alreadyAnonymised: done }
  if (months === null) return empty
  const [r] = (await ds.query(`
    WITH past AS (SELECT c.* FROM cases c WHERE ${PAST}),
    -- The 整改 items of those cases (findings through their review, measures), with their follow-up track if any.
    items AS (SELECT 'finding:' || f.id AS entity_id, t.id AS track_id FROM findings f JOIN reviews r ON r.id = f.review_id JOIN past p ON p.id = r.case_id
                LEFT JOIN rectification_tracks t ON t.finding_id = f.id
              UNION ALL SELECT 'measure:' || x.id, t.id FROM rectifications x JOIN past p ON p.id = x.case_id LEFT JOIN rectification_tracks t ON t.rectification_id = x.id)
    SELECT (now() AT TIME ZONE 'Asia/Shanghai' - make_interval(months => $1)) AT TIME ZONE 'Asia/Shanghai' AS cutoff,
      (SELECT count(*)::int FROM past) AS cases,
      ${[...PERSONAL, ...CASE_TEXTS].map((f) => `(SELECT count(*)::int FROM past WHERE ${f} IS NOT NULL AND ${f} <> '') AS "${f}"`).join(', ')},
      (SELECT count(*)::int FROM case_events e JOIN past p ON p.id = e.case_id WHERE e.note IS NOT NULL) AS events,
      (SELECT count(*)::int FROM remediation_offers o JOIN past p ON p.id = o.case_id WHERE o.basis IS NOT NULL) AS offers,
      (SELECT count(*)::int FROM rectifications x JOIN past p ON p.id = x.case_id) AS rectifications,
      -- The 整改 follow-ups' notes and evidence: free text a reviewer types, rewritten like the case's (rewriteFollowUps).
      (SELECT count(*)::int FROM rectification_updates u JOIN items i ON i.track_id = u.track_id WHERE u.note <> '' OR u.evidence <> '') AS follow_ups,
      (SELECT count(*)::int FROM audit_trail t WHERE t.entity = 'case' AND t.entity_id IN (SELECT id::text FROM past) AND (t.before ?| $2 OR t.after ?| $2))
        -- and their trail entries that hold a note or evidence (dossier_trail_redact_rectification, migration 39)
        + (SELECT count(*)::int FROM audit_trail t JOIN items i ON i.entity_id = t.entity_id
            WHERE t.entity = 'rectification' AND t.hash IS NOT NULL AND (t.before ?| $3 OR t.after ?| $3)) AS trail,
      (SELECT count(*)::int FROM documents d JOIN past p ON p.id = d.case_id WHERE d.doc_type IN ('dossier', 'registration')) AS documents`,
  [months, TRAIL_KEYS, FOLLOW_UP_KEYS])) as Record<string, number | Date>[]
  return {
    ...empty, cutoff: (r.cutoff as Date).toISOString(), cases: r.cases as number,
    fields: [...PERSONAL, ...CASE_TEXTS].map((f) => ({ field: f, cases: r[f] as number })),
    events: r.events as number, offers: r.offers as number, rectifications: r.rectifications as number, followUps: r.follow_ups as number, trailEntries: r.trail as number, documents: r.documents as number
  }
}

/** A text with the person's own values (as written) and every detected identifier replaced by 〔已删除〕. */
export function anonymiseText(text: string | null, own: readonly (string | null)[]): string | null {
  if (!text) return text
  let out = text
  for (const v of own) if (v && v.trim().length >= 2 && v !== MARKER) out = out.split(v.trim()).join(REMOVED)
  const spans = detectPersonalData(out)
  for (const s of [...spans].sort((a, b) => b.start - a.start)) out = out.slice(0, s.start) + REMOVED + out.slice(s.end)
  return out
}

interface CaseRow { id: number; complainant_name: string | null; complainant_phone: string | null; complainant_id_no: string | null; complainant_address: string | null; [k: string]: unknown }

/**
 * Anonymises every case past the period in one transaction (see the file's comment), recorded in the trail
 * (entity 'retention', action 'anonymise', with the counts and the redacted trail entries' ids).
 * @param expectCases the preview's count: refused (conflict) when the archive has changed since
 * @throws ApiFailure invalid_request when no period is set; conflict when the count differs
 */
export async function anonymiseBeyondRetention(ds: DataSource, actor: string, expectCases: number | null, documentsDir?: string): Promise<AnonymiseResult> {
  const pseudonymKey = randomBytes(32)
  const removed: string[] = []
  const result = await ds.transaction(async (em) => {
    // One run at a time; cases stay still while they are read and rewritten.
    await em.query('LOCK TABLE cases IN SHARE ROW EXCLUSIVE MODE')
    const { months } = await retentionMonths(em)
    if (months === null) throw invalid('尚未设置个人信息保存期限：请先设置')
    const past = (await em.query(`SELECT c.id, c.case_no FROM cases c WHERE ${PAST} ORDER BY c.id`, [months])) as { id: number; case_no: string }[]
    if (expectCases !== null && past.length !== expectCases) throw conflict(`预览后案件已变化：现有 ${past.length} 件超过保存期限（预览为 ${expectCases} 件），请重新预览`)
    const [{ cutoff }] = (await em.query(`SELECT (now() AT TIME ZONE 'Asia/Shanghai' - make_interval(months => $1)) AT TIME ZONE 'Asia/Shanghai' AS cutoff`, [months])) as { cutoff: Date }[]
    const ids = past.map((c) => c.id)
    // A thousand cases at a time: an archive's worth of texts is never in memory at once.
    for (let i = 0; i < ids.length; i += 1000) {
      const slice = ids.slice(i, i + 1000)
      const cases = (await em.query('SELECT * FROM cases WHERE id = ANY($1) ORDER BY id', [slice])) as CaseRow[]
      await rewriteCases(em, cases, pseudonymKey)
      await rewriteChildren(em, slice, new Map(cases.map((c) => [c.id, [c.complainant_name, c.complainant_phone, c.complainant_id_no, c.complainant_address]])))
    }
    const [{ caseEntries }] = (await em.query('SELECT dossier_trail_redact($1::int[], $2::text[]) AS "caseEntries"', [ids, TRAIL_KEYS])) as { caseEntries: string[] }[]
    // The 整改 follow-ups' trail entries (their note and evidence), by the owner's function (migration 39).
    const [{ followUps }] = (await em.query('SELECT dossier_trail_redact_rectification($1::int[]) AS "followUps"', [ids])) as { followUps: string[] }[]
    const redacted = [...caseEntries, ...followUps]
    const docs = (await em.query(`SELECT file_name FROM documents WHERE case_id = ANY($1) AND doc_type IN ('dossier', 'registration')`, [ids])) as { file_name: string }[]
    removed.push(...docs.map((d) => d.file_name))
    const out: AnonymiseResult = { cases: ids.length, trailEntries: redacted.length, documentsRemoved: docs.length, cutoff: cutoff.toISOString() }
    await recordChange(em, { actor, entity: 'retention', entityId: 'cases', action: 'anonymise', before: null,
      after: { months, ...out, caseNos: past.map((c) => c.case_no), redactedTrailIds: redacted.map(String), documents: removed } })
    return out
  })
  // After the commit: a file removed before a rollback would be lost while its case kept its data.
  if (documentsDir) for (const f of removed) await rm(join(documentsDir, f), { force: true })
  return result
}

async function rewriteCases(em: EntityManager, rows: CaseRow[], key: Buffer): Promise<void> {
  const cols: Record<string, unknown[]> = { id: [], search_vec: [], complainant_key: [] }
  for (const t of CASE_TEXTS) cols[t] = []
  for (const c of rows) {
    const own = [c.complainant_name, c.complainant_phone, c.complainant_id_no, c.complainant_address]
    const texts = Object.fromEntries(CASE_TEXTS.map((t) => [t, anonymiseText(c[t] as string | null, own)]))
    const identity = identityKey(c.complainant_name, c.complainant_id_no)
    cols.id.push(c.id)
    for (const t of CASE_TEXTS) cols[t].push(texts[t])
    cols.search_vec.push(searchVector(texts.summary, texts.request))
    cols.complainant_key.push(identity ? `anon:${createHmac('sha256', key).update(identity).digest('base64url')}` : null)
  }
  const names = Object.keys(cols)
  await em.query(`
    UPDATE cases c SET ${PERSONAL.map((p) => `${p} = CASE WHEN c.${p} IS NULL OR c.${p} = '' THEN c.${p} ELSE '${MARKER}' END`).join(', ')},
      ${names.filter((n) => n !== 'id').map((n) => `${n} = u.${n}${n === 'search_vec' ? '::tsvector' : ''}`).join(', ')},
      anonymised_at = now(), version = c.version + 1, updated_at = now()
    FROM unnest(${names.map((n, i) => `$${i + 1}::${n === 'id' ? 'int[]' : 'text[]'}`).join(', ')}) AS u(${names.join(', ')})
    WHERE c.id = u.id`, names.map((n) => cols[n]))
}

async function rewriteChildren(em: EntityManager, ids: number[], own: Map<number, (string | null)[]>): Promise<void> {
  // (table, text column, the row's key beside case_id). A changed offer basis or case fact marks a legal
  // opinion on it for review again (migration 20's triggers), as any change of them does.
  const jobs = [['case_events', 'note', 'seq'], ['remediation_offers', 'basis', 'id'], ['rectifications', 'measure', 'id']] as const
  for (const [table, col, key] of jobs) {
    const rows = (await em.query(`SELECT case_id, ${key} AS k, ${col} AS text FROM ${table} WHERE case_id = ANY($1) AND ${col} IS NOT NULL`, [ids])) as
      { case_id: number; k: number; text: string }[]
    const changed = rows.map((r) => ({ ...r, next: anonymiseText(r.text, own.get(r.case_id) ?? []) })).filter((r) => r.next !== r.text)
    if (!changed.length) continue
    await em.query(`UPDATE ${table} t SET ${col} = u.next FROM unnest($1::int[], $2::int[], $3::text[]) AS u(case_id, k, next)
      WHERE t.case_id = u.case_id AND t.${key} = u.k`, [changed.map((r) => r.case_id), changed.map((r) => r.k), changed.map((r) => r.next)])
  }
  await rewriteFollowUps(em, ids, own)
}

/**
 * The notes and evidence of the 整改 follow-ups of these cases (their findings' and measures'), rewritten as the
 * case's texts are. Follow-up updates are append-only; the owner's function (migration 39) rewrites only these
 * two columns, and only of cases already marked anonymised in this transaction.
 */
async function rewriteFollowUps(em: EntityManager, ids: number[], own: Map<number, (string | null)[]>): Promise<void> {
  const rows = (await em.query(`
    SELECT u.id, coalesce(r.case_id, x.case_id) AS case_id, u.note, u.evidence
      FROM rectification_updates u JOIN rectification_tracks t ON t.id = u.track_id
      LEFT JOIN findings f ON f.id = t.finding_id LEFT JOIN reviews r ON r.id = f.review_id
      LEFT JOIN rectifications x ON x.id = t.rectification_id
     WHERE coalesce(r.case_id, x.case_id) = ANY($1)`, [ids])) as { id: number; case_id: number; note: string; evidence: string | null }[]
  const changed = rows.map((r) => ({ ...r, note2: anonymiseText(r.note, own.get(r.case_id) ?? []) ?? r.note, evidence2: anonymiseText(r.evidence, own.get(r.case_id) ?? []) }))
    .filter((r) => r.note2 !== r.note || r.evidence2 !== r.evidence)
  if (!changed.length) return
  await em.query('SELECT dossier_rectification_updates_redact($1::int[], $2::text[], $3::text[])',
    [changed.map((r) => r.id), changed.map((r) => r.note2), changed.map((r) => r.evidence2)])
}
