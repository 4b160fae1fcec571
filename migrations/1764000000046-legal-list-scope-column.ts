import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The offers list's and the precedent's indexes usable under row security (issue 13: the list under 50 ms p95
 * with any filter, precedent under 200 ms p95 at 1,000,000 cases). Found by EXPLAIN as the app's login
 * (test/bench/legal-explain.ts); a superuser, as the explain tool ran before, passes every policy and sees none of it.
 *
 * 1. The policy on legal_offer_list (migration 33) reads `unit_id` and `case_id` for every row a reader passes,
 *    even a reader who sees every offer (the sees-all test is an InitPlan the planner cannot fold). The indexes
 *    carried the unit but not `case_id`: no walk of the list and no read of a filter's matches was index-only —
 *    every entry passed went to the table. Each index now carries `case_id`.
 * 2. Under a policy, PostgreSQL uses a condition as an index condition only when its operator is leakproof, which
 *    numeric and array comparisons are not: `amount >= x`, `failed @> {code}` and `reviewers @> {user}` were
 *    checked row by row after a scan of the whole list (a filter on the amount or on one check read all 289,000
 *    rows at 1,000,000 cases to count 2,000). So:
 *    - `amount_fen` (the amount in fen, bigint, generated from `amount`): the amount filters and sort compare it
 *      (bigint comparisons are leakproof);
 *    - one partial index per check, `WHERE '<code>' = ANY (failed)`: the list asks the same condition, which
 *      proves the index's predicate (a predicate needs no leakproof operator), and the index holds only the
 *      offers failing that check; the GIN index on `failed`, unusable under the policy, goes;
 *    - the offers someone signed (`reviewers <> '{}'`) as a partial index carrying `reviewers`, for 我已审; the
 *      GIN index on `reviewers` goes.
 * 3. The precedent index carries what precedent reads besides the amount and the root cause: the offer (never
 *    its own comparable), the product (precedent by product), and the policy's two columns; a group's 24 months
 *    (15,000 settled offers at 1,000,000 cases) are then read from the index alone.
 *
 * Rebuilt under the same names; nothing else reads them by name.
 */
export class LegalListScopeColumn1764000000046 implements MigrationInterface {
  name = 'LegalListScopeColumn1764000000046'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE legal_offer_list ADD COLUMN amount_fen bigint GENERATED ALWAYS AS ((amount * 100)::bigint) STORED;
      DROP INDEX legal_offer_list_failed_idx, legal_offer_list_reviewers_idx;
      ${rebuild(AFTER)}
      ${CHECKS.map((c) => `CREATE INDEX legal_offer_list_fail_${c}_idx ON legal_offer_list (at, offer_id) INCLUDE (${CARRIED_FEN}, case_id) WHERE '${c}' = ANY (failed);`).join('\n      ')}
      CREATE INDEX legal_offer_list_reviewed_idx ON legal_offer_list (at, offer_id) INCLUDE (reviewers, ${CARRIED_FEN}, case_id) WHERE reviewers <> '{}';
      ANALYZE legal_offer_list;
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX legal_offer_list_reviewed_idx, ${CHECKS.map((c) => `legal_offer_list_fail_${c}_idx`).join(', ')};
      ${rebuild(BEFORE)}
      ALTER TABLE legal_offer_list DROP COLUMN amount_fen;
      CREATE INDEX legal_offer_list_failed_idx ON legal_offer_list USING gin(failed);
      CREATE INDEX legal_offer_list_reviewers_idx ON legal_offer_list USING gin(reviewers);
      ANALYZE legal_offer_list;
    `)
  }
}

/** The checks an offer can fail (LEGAL_CHECK_CODES, shared/contract-legal.ts), each with its partial index. */
const CHECKS = ['authority', 'basis', 'acceptance', 'payment', 'caveat_emptor', 'precedent']

/** The filter columns a walk in sort order reads beside its key (migration 37). */
const COVER = 'unit_id, category, business_line, type, review_status'
/** What a one-column filter's index carries beside its own column (migration 38). */
const CARRIED = 'amount, case_no, unit_id, category, business_line, type, review_status'
const CARRIED_FEN = CARRIED.replace('amount', 'amount_fen')

/** Each index's definition as migrations 23, 37 and 38 left it. */
const BEFORE: [string, string][] = [
  ['legal_offer_list_at_idx', `(at, offer_id) INCLUDE (${COVER}, amount, case_no)`],
  ['legal_offer_list_amount_idx', `(amount, offer_id) INCLUDE (${COVER}, at, case_no)`],
  ['legal_offer_list_case_no_idx', `(case_no, offer_id) INCLUDE (${COVER}, at, amount)`],
  ['legal_offer_list_unit_idx', `(unit_id, at, offer_id) INCLUDE (${CARRIED})`],
  ['legal_offer_list_line_idx', `(business_line, at, offer_id) INCLUDE (${CARRIED})`],
  ['legal_offer_list_category_idx', `(category, at, offer_id) INCLUDE (${CARRIED})`],
  ['legal_offer_list_type_idx', `(type, at, offer_id) INCLUDE (${CARRIED})`],
  ['legal_offer_list_product_idx', `(product) INCLUDE (at, offer_id, ${CARRIED})`],
  ['legal_offer_list_root_idx', `(root_top, root_code) INCLUDE (at, offer_id, ${CARRIED})`],
  ['legal_offer_list_status_idx', `(review_status, at, offer_id) INCLUDE (${CARRIED}, signer_id) WHERE review_status <> 'none'`],
  ['legal_offer_list_failing_idx', `(at, offer_id) INCLUDE (${CARRIED}) WHERE failed <> '{}'`],
  ['legal_offer_list_precedent_idx', '(type, business_line, category, at) INCLUDE (amount, root_node_id) WHERE settled']
]

/** The same, the amount as fen and each also carrying case_id (the policy's other column); the precedent's, what precedent reads. */
const AFTER: [string, string][] = BEFORE.map(([name, def]) => [name, name === 'legal_offer_list_precedent_idx'
  ? '(type, business_line, category, at) INCLUDE (amount, root_node_id, offer_id, product, unit_id, case_id) WHERE settled'
  : def.replace(/\bamount\b/g, 'amount_fen').replace(/\)( WHERE .*)?$/, ', case_id)$1')])

const rebuild = (defs: [string, string][]): string =>
  defs.map(([name, def]) => `DROP INDEX ${name}; CREATE INDEX ${name} ON legal_offer_list ${def};`).join('\n      ')
