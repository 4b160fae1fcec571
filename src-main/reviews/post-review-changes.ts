// 「审查后案卷有变更」: what an import changed in a case after this review was approved (the marks written by
// every import kind, import/post-review.ts), as the review screen and the 审查意见书 print it — one reader,
// so the two cannot disagree. Values are written as a reader reads them: times in China time, yes/no, the
// label of a code; personal data (the complainant's name, phone, ID number, address) is never printed, only
// that it changed (README, Personal data rule).
import type { DataSource, EntityManager } from 'typeorm'
import { chinaWallTime } from '../shared/china-time'
import { EVENT_ZH, OFFER_TYPE_ZH, type EventKind } from '../shared/codes'
import { FIELD_BY_KEY } from '../shared/import-fields'
import { RECORD_FIELDS } from '../shared/import-record-fields'
import type { PostReviewChange } from '../shared/review-types'
import { codeLabel } from '../import/code-values'

const ENTITY_ZH: Record<PostReviewChange['entity'], string> = { case: '案件信息', timeline: '处理环节', offer: '补偿/赔偿方案', rectification: '整改措施' }
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/

/** A field's name as a reader knows it: the case field's, the offer's or measure's, or the timeline step's. */
function fieldLabel(entity: PostReviewChange['entity'], key: string): string {
  if (entity === 'timeline') return EVENT_ZH[key as EventKind] ?? key
  if (entity === 'offer' || entity === 'rectification') return RECORD_FIELDS[entity === 'offer' ? 'offers' : 'rectifications'].find((d) => d.key === key)?.zh ?? key
  if (key === 'timeline') return '处理环节时间'
  const field = key.replace(/_ids?$/, '')
  return FIELD_BY_KEY.get(key)?.zh ?? FIELD_BY_KEY.get(field)?.zh ?? key
}

/** A stored value as text: null → （空）, times in China time, booleans 是/否, codes by their label. */
export function valueText(entity: PostReviewChange['entity'], key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '（空）'
  if (Array.isArray(v)) return v.length ? v.map((x) => valueText(entity, key, x)).join('、') : '（空）'
  if (typeof v === 'boolean') return v ? '是' : '否'
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${fieldLabel('timeline', k)}：${valueText(entity, k, x)}`).join('；')
  if (typeof v === 'string' && ISO.test(v)) return v.length === 10 ? v : chinaWallTime(Date.parse(v))
  if (key === 'amount' || key === 'amount_involved') return `${Number(v).toFixed(2)} 元`
  if (entity === 'offer' && key === 'type') return OFFER_TYPE_ZH[v as keyof typeof OFFER_TYPE_ZH] ?? String(v)
  if (entity === 'case' && FIELD_BY_KEY.get(key)?.kind === 'code') return codeLabel(key, String(v))
  return String(v)
}

const personal = (entity: PostReviewChange['entity'], key: string): boolean => entity === 'case' && FIELD_BY_KEY.get(key)?.personal === true

/** A case import's compared timeline (`kind@UTC time,…`, import/write.ts) → step → China time. */
function timelineSteps(v: unknown): Map<string, string> {
  const out = new Map<string, string>()
  if (typeof v !== 'string') return out
  for (const part of v.split(',')) {
    const [kind, at] = part.split('@')
    if (kind && at) out.set(kind, chinaWallTime(Date.parse(`${at}Z`)))
  }
  return out
}

type FieldChange = PostReviewChange['fields'][number]

/** A field's change as printed; a case's timeline becomes one change per step that differs. */
function fieldChanges(entity: PostReviewChange['entity'], key: string, before: unknown, after: unknown): FieldChange[] {
  if (personal(entity, key)) return [{ key, label: fieldLabel(entity, key), before: '（个人信息，不显示）', after: '（个人信息，已变更）' }]
  if (entity === 'case' && key === 'timeline') {
    const b = timelineSteps(before)
    const a = timelineSteps(after)
    return [...new Set([...b.keys(), ...a.keys()])].filter((k) => b.get(k) !== a.get(k))
      .map((k) => ({ key: `timeline:${k}`, label: `${fieldLabel('timeline', k)}环节`, before: b.get(k) ?? '（空）', after: a.get(k) ?? '（空）' }))
  }
  return [{ key, label: fieldLabel(entity, key), before: valueText(entity, key, before), after: valueText(entity, key, after) }]
}

/** The marks of review `reviewId`, oldest first. */
export async function postReviewChanges(em: EntityManager | DataSource, reviewId: number): Promise<PostReviewChange[]> {
  const rows = (await em.query(`
    SELECT m.at, m.import_id, i.file_name, m.trail_id::text AS trail_id, m.entity, m.fields, m.before, m.after
      FROM case_post_review_changes m LEFT JOIN imports i ON i.id = m.import_id
     WHERE m.review_id = $1 ORDER BY m.at, m.id`, [reviewId])) as { at: Date; import_id: number | null; file_name: string | null; trail_id: string | null; entity: PostReviewChange['entity']; fields: string[]; before: Record<string, unknown>; after: Record<string, unknown> }[]
  return rows.map((r) => ({
    at: r.at.toISOString(), importId: r.import_id, fileName: r.file_name, trailId: r.trail_id, entity: r.entity, entityZh: ENTITY_ZH[r.entity],
    fields: r.fields.flatMap((key) => fieldChanges(r.entity, key, r.before[key], r.after[key]))
  }))
}

/** One line per mark, as the document prints it: 「2025-03-09 14:05 导入 #12（a.csv）变更补偿/赔偿方案：金额 1200 → 1500」. */
export function changeLine(c: PostReviewChange): string {
  const what = c.fields.map((f) => `${f.label} ${f.before} → ${f.after}`).join('；')
  return `${chinaWallTime(Date.parse(c.at))} ${c.importId ? `导入 #${c.importId}${c.fileName ? `（${c.fileName}）` : ''}` : '导入'}变更${c.entityZh}：${what}`
}
