import type { MigrationInterface, QueryRunner } from 'typeorm'
import { replaceTrendFunctions } from '../src-main/trends/summary-sql'

/**
 * trend_apply moves the summaries only by what changed (issue 11: bulk tagging 10,000 cases under 5 s).
 *
 * Every statement on a table a figure reads calls trend_apply with the ids it touched, and it re-summed all of
 * them: minus each case's old facts, plus its new ones, upserting every summary row of their keys — even when the
 * facts read the same (a re-judge that kept a case's letters, a second-level tag under the same first-level cause)
 * or when the sums cancel (a re-tag moves only the root-cause axis; trend_month_dim takes five rows per case).
 * A bulk tag of 10,000 cases wrote some 100,000 summary rows of ~150 columns per statement, and it makes three
 * such statements (the tags' delete and insert, the re-judge's update of the results).
 *
 * Now (src-main/trends/summary-sql.ts, `sparse`): a case whose facts are equal before and after is left out of
 * both sides (its facts row is not rewritten either), and a summary row whose deltas are all zero is not written.
 * The figures are the same sums; a summary row that would have been created holding only zeros is not created
 * (rows that fall to zero already stayed until a rebuild, so readers and tests count rows with cases <> 0).
 */
export class SparseTrendApply1764000000052 implements MigrationInterface {
  name = 'SparseTrendApply1764000000052'

  async up(q: QueryRunner): Promise<void> {
    await replaceTrendFunctions(q, { narrow: true, dims: true, sparse: true })
  }

  async down(q: QueryRunner): Promise<void> {
    await replaceTrendFunctions(q, { narrow: true, dims: true })
  }
}
