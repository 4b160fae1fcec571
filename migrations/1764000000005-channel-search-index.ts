import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The bigram search index gains the channel as its first column (btree_gin, a trusted contrib extension): a
 * text search filtered by channel then reads only that channel's matches. Searches without a channel use the
 * same index on its second column alone.
 */
export class ChannelSearchIndex1764000000005 implements MigrationInterface {
  name = 'ChannelSearchIndex1764000000005'

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS btree_gin')
    await q.query('DROP INDEX IF EXISTS cases_search_idx')
    await q.query('CREATE INDEX cases_search_idx ON cases USING gin(channel, search_vec)')
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS cases_search_idx')
    await q.query('CREATE INDEX cases_search_idx ON cases USING gin(search_vec)')
  }
}
