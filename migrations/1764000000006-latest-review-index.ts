import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * A case's latest review ("ORDER BY id DESC LIMIT 1" per case, on every row of the case list) read from one
 * index. With the case id alone the planner walked the reviews' primary key backwards and filtered by case:
 * 1.3 ms per row, 140 ms for a page of 100, once a quarter's plan of 7,000 reviews existed.
 */
export class LatestReviewIndex1764000000006 implements MigrationInterface {
  name = 'LatestReviewIndex1764000000006'

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX reviews_case_latest_idx ON reviews(case_id, id)')
    await q.query('DROP INDEX reviews_case_idx')
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX reviews_case_idx ON reviews(case_id)')
    await q.query('DROP INDEX reviews_case_latest_idx')
  }
}
