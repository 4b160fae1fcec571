import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The narrow count indexes carry the review status (issue 13: the list under 50 ms p95 with any filter at 1,000,000
 * cases).
 *
 * 未审 (review status none) and the 待审 queue (none or stale) match nine offers in ten. Their count had no narrow
 * index to read: the status is carried only by the wide sort indexes, and its own index (migration 23) leaves out
 * `none`. So the count read the table — 30,001 rows, 1,800–2,200 buffers, 23–59 ms (EXPLAIN at 1,000,000 cases,
 * 2026-12-02) — and 未审 was the bench's slowest filter (p95 36–46 ms, median ~40).
 *
 * legal_offer_list_count_idx and legal_offer_list_passing_idx (migration 58) now include review_status, a few bytes an
 * entry, so those counts are index-only on ~130 pages (legal/offer-paths.ts: countsNarrow takes status conditions).
 * The status is already in every sort index, so a status change was not a HOT update before either.
 */
export class LegalListCountIndexStatus1764000000062 implements MigrationInterface {
  name = 'LegalListCountIndexStatus1764000000062'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX legal_offer_list_count_idx, legal_offer_list_passing_idx;
      CREATE INDEX legal_offer_list_count_idx ON legal_offer_list (at, offer_id) INCLUDE (unit_id, case_id, review_status);
      CREATE INDEX legal_offer_list_passing_idx ON legal_offer_list (at, offer_id) INCLUDE (unit_id, case_id, review_status) WHERE failed = '{}';
      ANALYZE legal_offer_list;
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX legal_offer_list_count_idx, legal_offer_list_passing_idx;
      CREATE INDEX legal_offer_list_count_idx ON legal_offer_list (at, offer_id) INCLUDE (unit_id, case_id);
      CREATE INDEX legal_offer_list_passing_idx ON legal_offer_list (at, offer_id) INCLUDE (unit_id, case_id) WHERE failed = '{}';
    `)
  }
}
