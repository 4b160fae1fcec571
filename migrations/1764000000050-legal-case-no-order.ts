import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The offers list sorted by case number, in byte order (issue 13: the list under 50 ms p95 with any filter; at
 * 1,000,000 cases every sort by case number was 55–425 ms p95, the other sorts mostly 7–50 ms).
 *
 * The team's server (PostgreSQL 15, libc locale C.UTF-8) compares text under the database's default collation
 * by strcoll on NUL-terminated copies of both strings; only the "C" collation compares by memcmp. A list sorting
 * up to 10,000 matches, or a period's 50,000 offers, by case number spent its time in those comparisons. So the
 * list orders by `case_no COLLATE "C"` (legal/offer-list.ts), and the index it walks for that sort is keyed the
 * same way — an index under another collation cannot give that order, and the walk would become a sort.
 *
 * Byte order is the case numbers' natural order: the generator writes `TS<year><id, 8 digits>` (demo/generator.ts:
 * ASCII, one length, so byte order is the year's and then the id's order). An import takes the case number as the
 * file gives it (import/row.ts trims it, no other rule), so an imported number may differ in length, prefix or
 * script; "C" orders UTF-8 by bytes, which is code point order — the order C.UTF-8 (the team server's libc locale,
 * and the embedded cluster's builtin one) already gave, so no list changes order on those servers. A server
 * initialised under another locale (zh_CN.UTF-8, en_US.UTF-8) sorted case numbers by that locale's rules (which
 * skip '-' and fold case); the list now gives them in byte order there too, the same on every server.
 *
 * Only this index is keyed on case_no; the others carry it as an INCLUDE column, whose collation plays no part.
 * Rebuilt under the same name with the same columns (migration 46): key, then what the filters read, the amount
 * in fen and the policy's case_id. Not CONCURRENTLY (migrations run in a transaction); at 1,000,000 cases the list
 * holds about 290,000 offers, a build of a few seconds.
 */
export class LegalCaseNoOrder1764000000050 implements MigrationInterface {
  name = 'LegalCaseNoOrder1764000000050'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX legal_offer_list_case_no_idx;
      CREATE INDEX legal_offer_list_case_no_idx ON legal_offer_list (case_no COLLATE "C", offer_id) INCLUDE (${CARRIED});
      ANALYZE legal_offer_list;
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX legal_offer_list_case_no_idx;
      CREATE INDEX legal_offer_list_case_no_idx ON legal_offer_list (case_no, offer_id) INCLUDE (${CARRIED});
    `)
  }
}

/** What the case-number index carries beside its key (migration 46: migration 37's columns, the amount in fen, case_id). */
const CARRIED = 'unit_id, category, business_line, type, review_status, at, amount_fen, case_id'
