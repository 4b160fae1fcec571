import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The case list's walk indexes carry the unit (INCLUDE (unit_id)), so that under row security (migrations 33
 * and 40) a page, a count and a text search's step edges stay index-only scans. The policy on cases reads
 * `unit_id` and `id`; an index without the unit sent every row the walk passed to the table: the edge 20,000
 * cases along one channel's index took 890 ms (cold) instead of 15 ms as the load bench's senior reviewer at
 * 1,000,000 cases (issue 16 point 9). The unit index already leads with the unit; the search index holds it.
 * Rebuilt under the same names, which the re-indexer and the bulk loader know (src-main/db/case-indexes.ts).
 */
export class WalkIndexesWithUnit1764000000044 implements MigrationInterface {
  name = 'WalkIndexesWithUnit1764000000044'

  async up(q: QueryRunner): Promise<void> {
    await q.query(rebuild(' INCLUDE (unit_id)'))
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(rebuild(''))
  }
}

const WALKS: [name: string, columns: string, where: string][] = [
  ['cases_received_idx', 'received_at, id', ''],
  ['cases_closed_idx', 'closed_at, id', ''],
  ['cases_channel_idx', 'channel, received_at, id', ''],
  ['cases_group_idx', 'received_at, id', ' WHERE is_group'],
  ['cases_repeat_idx', 'received_at, id', ' WHERE repeat_of_id IS NOT NULL']
]

const rebuild = (include: string): string => WALKS.map(([name, cols, where]) =>
  `DROP INDEX IF EXISTS ${name}; CREATE INDEX ${name} ON cases(${cols})${include}${where};`).join('\n')
