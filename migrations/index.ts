import { InitialSchema1764000000000 } from './1764000000000-initial-schema'
import { ReferenceData1764000000001 } from './1764000000001-reference-data'
import { AuditResults1764000000002 } from './1764000000002-audit-results'
import { UsersAndReviews1764000000003 } from './1764000000003-users-and-reviews'
import { Documents1764000000004 } from './1764000000004-documents'
import { ChannelSearchIndex1764000000005 } from './1764000000005-channel-search-index'
import { LatestReviewIndex1764000000006 } from './1764000000006-latest-review-index'
import { SearchIndexFilters1764000000007 } from './1764000000007-search-index-filters'
import { CalendarYears1764000000008 } from './1764000000008-calendar-years'
import { TextKeys1764000000009 } from './1764000000009-text-keys'
import { FurtherExtension1764000000010 } from './1764000000010-further-extension'
import { PolicyVersions1764000000011 } from './1764000000011-policy-versions'
import { Roles1764000000012 } from './1764000000012-roles'
import { TrailChain1764000000013 } from './1764000000013-trail-chain'
import { RootCauses1764000000015 } from './1764000000015-root-causes'
import { RecordsRole1764000000016 } from './1764000000016-records-role'
import { RunLeases1764000000018 } from './1764000000018-run-leases'
import { TrendSummaries1764000000019 } from './1764000000019-trend-summaries'
import { LegalReview1764000000020 } from './1764000000020-legal-review'
import { Imports1764000000021 } from './1764000000021-imports'
import { DocumentBatches1764000000022 } from './1764000000022-document-batches'
import { LegalOfferList1764000000023 } from './1764000000023-legal-offer-list'
import { QuarterCloses1764000000024 } from './1764000000024-quarter-closes'
import { UnitCustomers1764000000025 } from './1764000000025-unit-customers'
import { ArchiveImports1764000000026 } from './1764000000026-archive-imports'
import { DirectoryRetention1764000000028 } from './1764000000028-directory-retention'
import { TrendFactsById1764000000029 } from './1764000000029-trend-facts-by-id'
import { TrendMonths1764000000031 } from './1764000000031-trend-months'
import { RectificationTracking1764000000032 } from './1764000000032-rectification-tracking'
import { RowSecurity1764000000033 } from './1764000000033-row-security'
import { DocumentSerials1764000000034 } from './1764000000034-document-serials'
import { UserAdmin1764000000035 } from './1764000000035-user-admin'
import { RectificationItems1764000000036 } from './1764000000036-rectification-items'
import { LegalListPaths1764000000037 } from './1764000000037-legal-list-paths'
import { LegalUnchecked1764000000038 } from './1764000000038-legal-unchecked'
import { RectificationReach1764000000039 } from './1764000000039-rectification-reach'
import { RowSecurityResults1764000000040 } from './1764000000040-row-security-results'
import { TrendMonthDims1764000000041 } from './1764000000041-trend-month-dims'
import { ImportLinkKeys1764000000042 } from './1764000000042-import-link-keys'
import { DeactivatedBy1764000000043 } from './1764000000043-deactivated-by'
import { WalkIndexesWithUnit1764000000044 } from './1764000000044-walk-indexes-with-unit'
import { RectificationWordSearch1764000000045 } from './1764000000045-rectification-word-search'
import { LegalListScopeColumn1764000000046 } from './1764000000046-legal-list-scope-column'
import { LegalOpinionPerOffer1764000000047 } from './1764000000047-legal-opinion-per-offer'
import { BatchSkipped1764000000048 } from './1764000000048-batch-skipped'
import { RootCauseFactsPerStatement1764000000049 } from './1764000000049-root-cause-facts-per-statement'
import { LegalCaseNoOrder1764000000050 } from './1764000000050-legal-case-no-order'
import { SparseTrendApply1764000000052 } from './1764000000052-sparse-trend-apply'
import { LegalListMonth1764000000053 } from './1764000000053-legal-list-month'
import { RootCauseSecondLevelAxis1764000000054 } from './1764000000054-root-cause-second-level-axis'
import { TrendApplyAtCommit1764000000055 } from './1764000000055-trend-apply-at-commit'
import { TrendCatchUp1764000000056 } from './1764000000056-trend-catch-up'
import { TrailChainPerStatement1764000000057 } from './1764000000057-trail-chain-per-statement'
import { LegalListCountIndex1764000000058 } from './1764000000058-legal-list-count-index'
import { LegalListCatchUp1764000000059 } from './1764000000059-legal-list-catch-up'
import { LegalListAmountByDimension1764000000060 } from './1764000000060-legal-list-amount-by-dimension'
import { LegalListAmountCountIndex1764000000061 } from './1764000000061-legal-list-amount-count-index'
import { LegalListCountIndexStatus1764000000062 } from './1764000000062-legal-list-count-index-status'
// Listed explicitly: a glob stops working once the main process is bundled.

// One per line, in order: branches that each add a migration then merge without touching each other's line.
export const migrations = [
  InitialSchema1764000000000,
  ReferenceData1764000000001,
  AuditResults1764000000002,
  UsersAndReviews1764000000003,
  Documents1764000000004,
  ChannelSearchIndex1764000000005,
  LatestReviewIndex1764000000006,
  SearchIndexFilters1764000000007,
  CalendarYears1764000000008,
  TextKeys1764000000009,
  FurtherExtension1764000000010,
  PolicyVersions1764000000011,
  Roles1764000000012,
  TrailChain1764000000013,
  RootCauses1764000000015,
  RecordsRole1764000000016,
  RunLeases1764000000018,
  TrendSummaries1764000000019,
  LegalReview1764000000020,
  Imports1764000000021,
  DocumentBatches1764000000022,
  LegalOfferList1764000000023,
  QuarterCloses1764000000024,
  UnitCustomers1764000000025,
  ArchiveImports1764000000026,
  DirectoryRetention1764000000028,
  TrendFactsById1764000000029,
  TrendMonths1764000000031,
  RectificationTracking1764000000032,
  RowSecurity1764000000033,
  DocumentSerials1764000000034,
  UserAdmin1764000000035,
  RectificationItems1764000000036,
  LegalListPaths1764000000037,
  LegalUnchecked1764000000038,
  RectificationReach1764000000039,
  RowSecurityResults1764000000040,
  TrendMonthDims1764000000041,
  ImportLinkKeys1764000000042,
  DeactivatedBy1764000000043,
  WalkIndexesWithUnit1764000000044,
  RectificationWordSearch1764000000045,
  LegalListScopeColumn1764000000046,
  LegalOpinionPerOffer1764000000047,
  BatchSkipped1764000000048,
  RootCauseFactsPerStatement1764000000049,
  LegalCaseNoOrder1764000000050,
  SparseTrendApply1764000000052,
  LegalListMonth1764000000053,
  RootCauseSecondLevelAxis1764000000054,
  TrendApplyAtCommit1764000000055,
  TrendCatchUp1764000000056,
  TrailChainPerStatement1764000000057,
  LegalListCountIndex1764000000058,
  LegalListCatchUp1764000000059,
  LegalListAmountByDimension1764000000060,
  LegalListAmountCountIndex1764000000061,
  LegalListCountIndexStatus1764000000062
]
