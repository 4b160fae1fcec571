import { UnitEntity, StaffEntity } from './organisation'
import { CaseEntity, CaseEventEntity, RemediationOfferEntity, RectificationEntity, CaseLinkEntity } from './case'
import { PolicySetEntity, CalendarDayEntity, AuditEntryEntity, DemoTruthEntity, AppMetaEntity } from './system'

export * from './organisation'
export * from './case'
export * from './system'

export const entities = [
  UnitEntity, StaffEntity, CaseEntity, CaseEventEntity, RemediationOfferEntity, RectificationEntity, CaseLinkEntity,
  PolicySetEntity, CalendarDayEntity, AuditEntryEntity, DemoTruthEntity, AppMetaEntity
]
