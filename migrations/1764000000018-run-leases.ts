import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Audit runs carry who runs them and a heartbeat lease (issue 16, point 3): a run whose process was killed
 * stayed `running` for ever. Now a run names its host and process, and renews heartbeat_at while it works; at
 * start and in the status, a run whose lease expired (or whose process on this host is gone) is marked
 * failed — its results were never swapped in — while a live run of another desktop on a team server is left alone.
 */
export class RunLeases1764000000018 implements MigrationInterface {
  name = 'RunLeases1764000000018'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_runs ADD COLUMN host text, ADD COLUMN pid integer, ADD COLUMN heartbeat_at timestamptz;
      CREATE INDEX audit_runs_running_idx ON audit_runs(id) WHERE status = 'running';
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_runs_running_idx; ALTER TABLE audit_runs DROP COLUMN host, DROP COLUMN pid, DROP COLUMN heartbeat_at`)
  }
}
