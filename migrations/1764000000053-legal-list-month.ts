import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The offers list: a period sorted by case number, month by month (issue 13: the list under 50 ms p95 with any
 * filter and sort at 1,000,000 cases).
 *
 * Case numbers begin with the year of receipt, so a period and the case-number order are tied: walking the
 * case-number index for a period passes every offer on the far side of it first (`to 2024-06-30` by case number,
 * descending, walked about 110,000 entries at 1,000,000 cases before its first match), and the path taken
 * instead — read the period's offers by their day and sort them, when it holds 50,000 or fewer — read and sorted a
 * quarter's 13,000 offers or half a year's 26,000, after counting them, for each page.
 *
 * `at_month` (the first day of the month, China time, of the day the period filter reads) and an index on it, then
 * the case number in byte order (as migration 50's), carrying what the filters read: within one month the index
 * gives the period's offers in case-number order, so the list reads a period as one ordered stream per month it
 * spans, merged (legal/offer-list.ts): a page of 100 reads about 100 matches plus, per month, one descent and the
 * entries up to the page's last case number. A generated column, not an expression index: under row security only
 * a leakproof comparison bounds an index, and date's is; the timezone conversion inside an expression is not.
 *
 * The table is rewritten (a stored column); at 1,000,000 cases it holds about 290,000 offers, seconds.
 */
export class LegalListMonth1764000000053 implements MigrationInterface {
  name = 'LegalListMonth1764000000053'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE legal_offer_list ADD COLUMN at_month date GENERATED ALWAYS AS ((date_trunc('month', at AT TIME ZONE 'Asia/Shanghai'))::date) STORED;
      CREATE INDEX legal_offer_list_month_case_no_idx ON legal_offer_list (at_month, case_no COLLATE "C", offer_id) INCLUDE (${CARRIED});
      ANALYZE legal_offer_list;
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX legal_offer_list_month_case_no_idx; ALTER TABLE legal_offer_list DROP COLUMN at_month;')
  }
}

/** What the case-number index carries beside its key (migration 50), and so this one. */
const CARRIED = 'unit_id, category, business_line, type, review_status, at, amount_fen, case_id'
