import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The rest of an archive by import (issue 14): units, staff, remediation offers, rectification measures and
 * timeline events each come as an import of their own kind, keyed by code or by case number.
 *
 * - imports.kind: what a file held (cases, events, units, staff, offers, rectifications).
 * - remediation_offers.source_ref / rectifications.source_ref: the source's own number of the offer or measure
 *   within its case (or its position among the case's rows when the source numbers none), so a re-import of
 *   the same file finds the same rows; unique per case where given. Offers and measures entered in Dossier
 *   have none.
 * - case_post_review_changes: the 「审查后案卷有变更」 mark now names the trail entry that recorded the change
 *   (its before/after are the trail's), and what changed (the case's fields, its timeline, an offer or a
 *   rectification measure).
 */
export class ArchiveImports1764000000026 implements MigrationInterface {
  name = 'ArchiveImports1764000000026'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE imports ADD COLUMN kind text NOT NULL DEFAULT 'cases'
        CHECK (kind IN ('cases','events','units','staff','offers','rectifications'));
      ALTER TABLE remediation_offers ADD COLUMN source_ref text CHECK (source_ref <> '');
      CREATE UNIQUE INDEX remediation_offers_source_ref_idx ON remediation_offers(case_id, source_ref) WHERE source_ref IS NOT NULL;
      ALTER TABLE rectifications ADD COLUMN source_ref text CHECK (source_ref <> '');
      CREATE UNIQUE INDEX rectifications_source_ref_idx ON rectifications(case_id, source_ref) WHERE source_ref IS NOT NULL;
      ALTER TABLE case_post_review_changes
        ADD COLUMN trail_id bigint REFERENCES audit_trail(id) ON DELETE SET NULL,
        ADD COLUMN entity text NOT NULL DEFAULT 'case' CHECK (entity IN ('case','timeline','offer','rectification'));
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE case_post_review_changes DROP COLUMN IF EXISTS entity, DROP COLUMN IF EXISTS trail_id;
      DROP INDEX IF EXISTS rectifications_source_ref_idx;
      ALTER TABLE rectifications DROP COLUMN IF EXISTS source_ref;
      DROP INDEX IF EXISTS remediation_offers_source_ref_idx;
      ALTER TABLE remediation_offers DROP COLUMN IF EXISTS source_ref;
      ALTER TABLE imports DROP COLUMN IF EXISTS kind;
    `)
  }
}
