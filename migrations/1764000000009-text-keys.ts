import type { MigrationInterface, QueryRunner } from 'typeorm'
import type { PoolClient } from 'pg'
import { reindexArchive } from '../src-main/cases/reindex'

/**
 * One normalisation for search and identity keys (src-main/text/): every case's search vector is recomputed
 * with it (full-width, invisible characters, 繁→简, 〇 and 々 as letters, Latin and digits as bigrams), and
 * cases gain complainant_key, the same person however written (R15), with its index.
 *
 * Not in a transaction of TypeORM's: the re-indexer makes its changes (and rewrites the table compactly) in
 * one transaction of its own and then runs VACUUM ANALYZE, which PostgreSQL refuses inside a transaction.
 * Run again after a failure, it finds what is already done unchanged. It uses the normalisation of the code that runs it: a
 * later change of the normalisation brings a migration of its own that runs the re-indexer again.
 */
export class TextKeys1764000000009 implements MigrationInterface {
  name = 'TextKeys1764000000009'
  transaction = false as const

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE cases ADD COLUMN IF NOT EXISTS complainant_key text')
    const client = (await q.connect()) as PoolClient
    await reindexArchive(client)
  }

  async down(q: QueryRunner): Promise<void> {
    // The search vectors stay as re-indexed: the old normalisation is gone with its code.
    await q.query('DROP INDEX IF EXISTS cases_complainant_idx')
    await q.query('ALTER TABLE cases DROP COLUMN IF EXISTS complainant_key')
  }
}
