import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Who deactivated an account (`users.deactivated_by`, null while active): 'admin' (the administrators' screen or
 * `dossier user deactivate`) or 'directory' (a directory account found in no mapped group at sign-in). A directory
 * sign-in re-activates only what the directory itself deactivated; an administrator's deactivation sticks until
 * an administrator re-activates the account (src-main/auth/directory-sign-in.ts).
 *
 * Accounts already inactive are read from the audit trail: the latest of their activation entries decides, and
 * one with no such entry (deactivated by hand in SQL) counts as an administrator's, which is the safe side.
 */
export class DeactivatedBy1764000000043 implements MigrationInterface {
  name = 'DeactivatedBy1764000000043'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users ADD COLUMN deactivated_by text CHECK (deactivated_by IN ('admin', 'directory'));
      UPDATE users u SET deactivated_by = CASE (
          SELECT t.action FROM audit_trail t
           WHERE t.entity = 'user' AND t.entity_id = u.id::text
             AND t.action IN ('deactivate', 'activate', 'directory_deactivate', 'directory_update', 'directory_create')
           ORDER BY t.id DESC LIMIT 1)
        WHEN 'directory_deactivate' THEN 'directory' ELSE 'admin' END
       WHERE NOT u.active;
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users DROP COLUMN deactivated_by')
  }
}
