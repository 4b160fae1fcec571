import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The offers list by amount within a category, a business line or an offer type (issue 13: the list under 50 ms p95
 * with any filter at 1,000,000 cases).
 *
 * A filter with many matches (over 30,000) is paged by walking the sort's index and checking the filter on the way.
 * That is quick when the matches are spread through the sort's order, and slow when they are tied to it, and these
 * three are tied to the amount: 产品 complaints are settled with larger offers than 服务质量 ones, 理财 with larger than
 * 零售, 积分/礼品 with smaller than 赔偿. Category product by amount ascending passed 90,610 offers of other categories
 * before its first 100 matches (1,689 buffers, ~43 ms; p95 56–74 ms).
 *
 * An index per dimension in amount order, carrying what the amount index carries, lets the walk start at the
 * filter's first match in amount order (legal/offer-paths.ts keeps the equality as the walk's bound). The other
 * dimensions are not tied this way (unit, product, root cause: within each, amounts spread as in the whole list).
 */
export class LegalListAmountByDimension1764000000060 implements MigrationInterface {
  name = 'LegalListAmountByDimension1764000000060'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ${DIMS.map((d) => `CREATE INDEX legal_offer_list_${d}_amount_idx ON legal_offer_list (${d}, amount_fen, offer_id) INCLUDE (${CARRIED});`).join('\n      ')}
      ANALYZE legal_offer_list;
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(DIMS.map((d) => `DROP INDEX legal_offer_list_${d}_amount_idx;`).join(' '))
  }
}

const DIMS = ['category', 'business_line', 'type'] as const
/** What legal_offer_list_amount_idx carries since migration 58, the row policy's columns among them. */
const CARRIED = 'unit_id, category, business_line, type, review_status, at, case_no, case_id, failed'
