import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The offers list counts its matches on a narrow index and walks its sort indexes without the table (issue 13: the
 * list under 50 ms p95 with any filter at 1,000,000 cases).
 *
 * Every request counts its matches up to 30,001 (legal/offer-paths.ts) to choose between sorting them and walking the
 * sort's index. For a broad filter — the whole list, a period, 无问题 (no check failed) — that count read 30,001
 * entries of a covering index made wide for the walks (about 190 bytes each: 1,500 pages), or the table itself
 * (无问题 has no index: a sequential read of 1,000–12,000 pages), before the page was even chosen: 50–90 ms p95 on
 * a quiet machine at 1,000,000 cases, the three filters over the target.
 *
 * - legal_offer_list_count_idx: the approval time (and the offer, its tie-break) and the columns row security reads
 *   (unit_id, case_id), ~32 bytes an entry: 30,001 entries are about 120 pages. legal_offer_list_passing_idx: the same for the offers that failed
 *   no check. The count reads the narrowest index that answers its filter (the planner's choice by size).
 * - The sort indexes (approval time, amount, case number, month and case number) carry `failed` as well, so a walk
 *   with a check filter — 无问题 by amount passed 7,000 offers that failed some check, each fetched from the table
 *   to read its checks — checks them in the index.
 */
export class LegalListCountIndex1764000000058 implements MigrationInterface {
  name = 'LegalListCountIndex1764000000058'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX legal_offer_list_count_idx ON legal_offer_list (at, offer_id) INCLUDE (unit_id, case_id);
      CREATE INDEX legal_offer_list_passing_idx ON legal_offer_list (at, offer_id) INCLUDE (unit_id, case_id) WHERE failed = '{}';
      ${SORT_INDEXES.map(([name, def]) => `DROP INDEX ${name}; CREATE INDEX ${name} ON legal_offer_list ${def(', failed')};`).join('\n      ')}
      ANALYZE legal_offer_list;
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX legal_offer_list_count_idx, legal_offer_list_passing_idx;
      ${SORT_INDEXES.map(([name, def]) => `DROP INDEX ${name}; CREATE INDEX ${name} ON legal_offer_list ${def('')};`).join('\n      ')}
    `)
  }
}

/** The sort indexes as migrations 37, 50 and 53 left them, with `more` carried after what they carry. */
const SORT_INDEXES: [string, (more: string) => string][] = [
  ['legal_offer_list_at_idx', (more) => `(at, offer_id) INCLUDE (unit_id, category, business_line, type, review_status, amount_fen, case_no, case_id${more})`],
  ['legal_offer_list_amount_idx', (more) => `(amount_fen, offer_id) INCLUDE (unit_id, category, business_line, type, review_status, at, case_no, case_id${more})`],
  ['legal_offer_list_case_no_idx', (more) => `(case_no COLLATE "C", offer_id) INCLUDE (unit_id, category, business_line, type, review_status, at, amount_fen, case_id${more})`],
  ['legal_offer_list_month_case_no_idx', (more) => `(at_month, case_no COLLATE "C", offer_id) INCLUDE (unit_id, category, business_line, type, review_status, at, amount_fen, case_id${more})`]
]
