// The case list's indexes as the schema has them now (the migrations build them; the bulk loader drops and
// rebuilds them around a large COPY). Category, severity and business line have none of their own: each
// value is a few percent of the archive or more, so walking the date index and testing them finds a page
// sooner than a separate index would (measured with npm run bench:list).
// The search index holds the channel, severity, category, business line and unit beside the bigrams
// (btree_gin): a text search with those filters reads only the cases matching all of them, not every case
// with the term. The complainant index finds a case's earlier cases by the same person (R15) for one case
// that was never audited (audit/archive-reader.ts). The walk indexes INCLUDE the unit: row security's policy
// reads unit_id and id, and without the unit every case a walk passed was read from the table (migration 44).
export const CASE_INDEXES = `
  CREATE INDEX IF NOT EXISTS cases_received_idx ON cases(received_at, id) INCLUDE (unit_id);
  CREATE INDEX IF NOT EXISTS cases_closed_idx ON cases(closed_at, id) INCLUDE (unit_id);
  CREATE INDEX IF NOT EXISTS cases_channel_idx ON cases(channel, received_at, id) INCLUDE (unit_id);
  CREATE INDEX IF NOT EXISTS cases_unit_idx ON cases(unit_id, received_at, id);
  CREATE INDEX IF NOT EXISTS cases_group_idx ON cases(received_at, id) INCLUDE (unit_id) WHERE is_group;
  CREATE INDEX IF NOT EXISTS cases_repeat_idx ON cases(received_at, id) INCLUDE (unit_id) WHERE repeat_of_id IS NOT NULL;
  CREATE INDEX IF NOT EXISTS cases_search_idx ON cases USING gin(channel, severity, category, business_line, unit_id, search_vec);
  CREATE INDEX IF NOT EXISTS cases_complainant_idx ON cases(complainant_key, received_at, id) WHERE complainant_key IS NOT NULL;
  CREATE INDEX IF NOT EXISTS offers_case_idx ON remediation_offers(case_id);
  CREATE INDEX IF NOT EXISTS rectifications_case_idx ON rectifications(case_id);
  CREATE INDEX IF NOT EXISTS case_links_linked_idx ON case_links(linked_case_id);
`
export const CASE_INDEX_NAMES = [...CASE_INDEXES.matchAll(/INDEX IF NOT EXISTS (\w+)/g)].map((m) => m[1])
/** The statements and names of the indexes on the cases table itself (the re-indexer rebuilds only those). */
export const CASES_TABLE_INDEXES = CASE_INDEXES.split(';').map((x) => x.trim()).filter((x) => / ON cases[ (]/.test(x)).map((x) => `${x};`).join('\n')
export const CASES_TABLE_INDEX_NAMES = [...CASES_TABLE_INDEXES.matchAll(/INDEX IF NOT EXISTS (\w+)/g)].map((m) => m[1])
