import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The further extension of an especially complex case (银保监会令2020年第3号 第十八条) as a fact of its own:
 * who approved it, at what level relative to the unit complained about, when, and when the complainant was
 * told. Before this the audit took any resolution approval plus an extension notice as the extension. Columns
 * on cases (at most one per case; nullable, so adding them rewrites nothing).
 *
 * demo_truth gains the policy set a recorded violation breaks, so the generator can record the regulatory
 * floor's R04 (decision told in 15/30/60 days) beside the internal rules and scoring can check both.
 */
export class FurtherExtension1764000000010 implements MigrationInterface {
  name = 'FurtherExtension1764000000010'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN further_extension_approver_id integer REFERENCES staff(id),
        ADD COLUMN further_extension_level text
          CHECK (further_extension_level IS NULL OR further_extension_level IN ('sub_branch','higher_branch','head_office_senior')),
        ADD COLUMN further_extension_approved_at timestamptz,
        ADD COLUMN further_extension_notified_at timestamptz;
      ALTER TABLE demo_truth
        ADD COLUMN policy text NOT NULL DEFAULT 'internal' CHECK (policy IN ('internal','regulatory')),
        DROP CONSTRAINT demo_truth_pkey,
        ADD PRIMARY KEY (case_id, rule, policy);
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM demo_truth WHERE policy <> 'internal';
      ALTER TABLE demo_truth DROP CONSTRAINT demo_truth_pkey, DROP COLUMN policy, ADD PRIMARY KEY (case_id, rule);
      ALTER TABLE cases DROP COLUMN further_extension_approver_id, DROP COLUMN further_extension_level,
        DROP COLUMN further_extension_approved_at, DROP COLUMN further_extension_notified_at;
    `)
  }
}
