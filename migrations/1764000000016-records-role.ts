import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The 档案管理员 (`records`) role (issue 15, point 6): the records office may issue and open the documents with
 * personal data of any case, as administrators may; reviewers only for the cases of their own reviews.
 */
export class RecordsRole1764000000016 implements MigrationInterface {
  name = 'RecordsRole1764000000016'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users DROP CONSTRAINT users_roles_check;
      ALTER TABLE users ADD CONSTRAINT users_roles_check
        CHECK (roles <@ ARRAY['reviewer','senior_reviewer','legal','leadership','admin','records']::text[] AND cardinality(roles) > 0);
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE users SET roles = array_remove(roles, 'records') WHERE 'records' = ANY(roles) AND cardinality(roles) > 1;
      ALTER TABLE users DROP CONSTRAINT users_roles_check;
      ALTER TABLE users ADD CONSTRAINT users_roles_check
        CHECK (roles <@ ARRAY['reviewer','senior_reviewer','legal','leadership','admin']::text[] AND cardinality(roles) > 0);
    `)
  }
}
