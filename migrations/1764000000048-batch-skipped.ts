import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * A batch skips the cases whose document was already issued unless told to re-issue (issue 10 point 7), and
 * said how many only while the app that ran it kept it in memory: a reload, the next status from another
 * process, the CLI's batches and the audit trail lost it. The count is kept with the batch's other counts.
 */
export class BatchSkipped1764000000048 implements MigrationInterface {
  name = 'BatchSkipped1764000000048'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE document_batches ADD COLUMN skipped integer NOT NULL DEFAULT 0 CHECK (skipped >= 0)`)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE document_batches DROP COLUMN skipped')
  }
}
