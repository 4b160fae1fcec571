import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * User administration in the app (issue 10 point 17):
 * - `users.must_change_password`: set when an administrator gives someone a password (a new account or a
 *   reset); while it is set the server lets that session only change its password, ask who it is, or sign
 *   out (src-main/transport/dispatch.ts). Cleared by the change of password.
 * - The archive keeps an administrator: deactivating the last active administrator, taking the role from them,
 *   or deleting them is refused here too, whoever writes (the handler says so first, users/admin.ts). An archive
 *   that never had one (a new team server) is not affected. Writers that take an administrator away serialise on
 *   one transaction-scoped advisory lock, so two administrators deactivating each other at once cannot both win.
 */
export class UserAdmin1764000000035 implements MigrationInterface {
  name = 'UserAdmin1764000000035'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
      CREATE FUNCTION dossier_users_keep_an_admin() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      BEGIN
        IF OLD.active AND 'admin' = ANY(OLD.roles)
           AND (TG_OP = 'DELETE' OR NOT (NEW.active AND 'admin' = ANY(NEW.roles))) THEN
          PERFORM pg_advisory_xact_lock(7310017);
          IF NOT EXISTS (SELECT 1 FROM users WHERE active AND 'admin' = ANY(roles)) THEN
            RAISE EXCEPTION '不能停用最后一名在用的管理员，也不能取消其管理员角色' USING ERRCODE = '23514';
          END IF;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER users_keep_an_admin AFTER UPDATE OR DELETE ON users
        FOR EACH ROW EXECUTE FUNCTION dossier_users_keep_an_admin();
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER users_keep_an_admin ON users;
      DROP FUNCTION dossier_users_keep_an_admin();
      ALTER TABLE users DROP COLUMN must_change_password;
    `)
  }
}
