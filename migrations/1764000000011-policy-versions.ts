import type { MigrationInterface, QueryRunner } from 'typeorm'
import { INTERNAL_SOURCE } from '../src-main/db/policy-defaults'

/**
 * Policy parameter sets become versioned: an administrator's change to a set in force from a day adds a new
 * version and marks the one it replaces superseded (kept, so results and reviews that name it stay readable).
 * Only sets not superseded govern the audit; one per kind and effective day.
 */
export class PolicyVersions1764000000011 implements MigrationInterface {
  name = 'PolicyVersions1764000000011'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE policy_sets
        ADD COLUMN version integer NOT NULL DEFAULT 1,
        ADD COLUMN superseded_at timestamptz,
        ADD COLUMN created_by text NOT NULL DEFAULT 'system',
        ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN note text;
      ALTER TABLE policy_sets DROP CONSTRAINT policy_sets_kind_effective_from_key;
      CREATE UNIQUE INDEX policy_sets_in_force_idx ON policy_sets(kind, effective_from) WHERE superseded_at IS NULL;
      CREATE UNIQUE INDEX policy_sets_code_idx ON policy_sets(code);
    `)
    // The parameter sets' sources are shown to administrators as 依据: say it in the policy texts' names.
    await q.query(`UPDATE policy_sets SET source = $1 WHERE code = 'internal-2020' AND source LIKE 'seeds %'`, [INTERNAL_SOURCE])
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM policy_sets WHERE superseded_at IS NOT NULL;
      DROP INDEX policy_sets_code_idx;
      DROP INDEX policy_sets_in_force_idx;
      ALTER TABLE policy_sets ADD CONSTRAINT policy_sets_kind_effective_from_key UNIQUE (kind, effective_from);
      ALTER TABLE policy_sets DROP COLUMN version, DROP COLUMN superseded_at, DROP COLUMN created_by, DROP COLUMN created_at, DROP COLUMN note;
    `)
  }
}
