import { EntitySchema } from 'typeorm'

export interface PolicySet {
  id: number; code: string; kind: 'internal' | 'regulatory'; title: string; effectiveFrom: string; effectiveTo: string | null; params: Record<string, unknown>; source: string | null
  version: number; supersededAt: Date | null; createdBy: string; createdAt: Date; note: string | null
}
export const PolicySetEntity = new EntitySchema<PolicySet>({
  name: 'PolicySet',
  tableName: 'policy_sets',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    code: { type: 'text' }, kind: { type: 'text' }, title: { type: 'text' },
    effectiveFrom: { type: 'date', name: 'effective_from' },
    effectiveTo: { type: 'date', name: 'effective_to', nullable: true },
    params: { type: 'jsonb' }, source: { type: 'text', nullable: true },
    version: { type: 'integer' }, supersededAt: { type: 'timestamptz', name: 'superseded_at', nullable: true },
    createdBy: { type: 'text', name: 'created_by' }, createdAt: { type: 'timestamptz', name: 'created_at' }, note: { type: 'text', nullable: true }
  }
})

export interface CalendarDay { day: string; kind: 'holiday' | 'workday'; name: string; noticeYear: number }
export const CalendarDayEntity = new EntitySchema<CalendarDay>({
  name: 'CalendarDay',
  tableName: 'calendar_days',
  columns: { day: { type: 'date', primary: true }, kind: { type: 'text' }, name: { type: 'text' }, noticeYear: { type: 'smallint', name: 'notice_year' } }
})

export interface CalendarYear { year: number; source: string; sha256: string | null; days: number; loadedBy: string; loadedAt: Date }
export const CalendarYearEntity = new EntitySchema<CalendarYear>({
  name: 'CalendarYear',
  tableName: 'calendar_years',
  columns: {
    year: { type: 'smallint', primary: true }, source: { type: 'text' }, sha256: { type: 'text', nullable: true }, days: { type: 'integer' },
    loadedBy: { type: 'text', name: 'loaded_by' }, loadedAt: { type: 'timestamptz', name: 'loaded_at' }
  }
})

export interface AuditEntry { id: string; at: Date; actor: string; entity: string; entityId: string; action: string; before: unknown; after: unknown }
export const AuditEntryEntity = new EntitySchema<AuditEntry>({
  name: 'AuditEntry',
  tableName: 'audit_trail',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    at: { type: 'timestamptz', createDate: true }, actor: { type: 'text' }, entity: { type: 'text' },
    entityId: { type: 'text', name: 'entity_id' }, action: { type: 'text' },
    before: { type: 'jsonb', nullable: true }, after: { type: 'jsonb', nullable: true }
  }
})

/** A violation the demo generator injected: the rule, and the policy set it breaks (migration 1764000000010). */
export interface DemoTruth { caseId: number; rule: string; policy: 'internal' | 'regulatory'; detail: string | null }
export const DemoTruthEntity = new EntitySchema<DemoTruth>({
  name: 'DemoTruth',
  tableName: 'demo_truth',
  columns: {
    caseId: { type: 'integer', name: 'case_id', primary: true }, rule: { type: 'text', primary: true },
    policy: { type: 'text', primary: true },
    detail: { type: 'text', nullable: true }
  }
})

export interface AppMeta { key: string; value: unknown; updatedAt: Date }
export const AppMetaEntity = new EntitySchema<AppMeta>({
  name: 'AppMeta',
  tableName: 'app_meta',
  columns: { key: { type: 'text', primary: true }, value: { type: 'jsonb' }, updatedAt: { type: 'timestamptz', name: 'updated_at', updateDate: true } }
})
