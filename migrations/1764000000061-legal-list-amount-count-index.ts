import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * An amount range is counted on a narrow index too (issue 13: the list under 50 ms p95 with any filter at 1,000,000
 * cases).
 *
 * Migration 58 gave the count of a period (and of the whole list, and of 无问题) a narrow index; an amount range was
 * still counted on legal_offer_list_amount_idx, the covering index of the walk by amount (about 190 bytes an entry).
 * A broad range — 200 元 or less matches about a third of the offers — read 30,001 of those entries, ~2,200 buffers,
 * before choosing its path: median 40 ms, p95 44 ms at 1,000,000 cases (`bench:legal --trace`, 2026-12-02), the
 * slowest filter of the bench and the nearest to the target.
 *
 * legal_offer_list_amount_count_idx: the amount in fen (and the offer, its tie-break) and the columns row security
 * reads (unit_id, case_id), ~32 bytes an entry, as legal_offer_list_count_idx is for the approval time. A filter of
 * amount bounds only is counted on it (legal/offer-paths.ts, countsNarrow); its matches are read only when few.
 */
export class LegalListAmountCountIndex1764000000061 implements MigrationInterface {
  name = 'LegalListAmountCountIndex1764000000061'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX legal_offer_list_amount_count_idx ON legal_offer_list (amount_fen, offer_id) INCLUDE (unit_id, case_id);
      ANALYZE legal_offer_list;
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX legal_offer_list_amount_count_idx')
  }
}
