import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The links of an import to its cases (import_cases) keep their two keys — every case_id names a case, every
 * import_id an import, and a link goes when either goes — by statement triggers instead of foreign keys (issue 14:
 * `npm run bench:import`).
 *
 * A foreign key checks each inserted row on its own: a lookup and a FOR KEY SHARE lock of the case and of the
 * import, run per row through SPI. Linking 100,000 cases cost 9–12 s of a 12 s statement on the bench machine,
 * both keys about alike; without them the INSERT took 2.4 s. PostgreSQL 15 has no set-based key check, so:
 * - After each INSERT or UPDATE of links, one statement locks the rows they name (FOR KEY SHARE, the lock the
 *   key's own check takes, so a case or import being deleted meanwhile either waits for this transaction or is
 *   seen gone) and one anti-join finds a link to nothing: SQLSTATE 23503, as the key said, naming it. Where the
 *   transaction already holds a table lock that keeps every deleter out (a bulk import holds SHARE ROW EXCLUSIVE on
 *   cases: dossier_bulk_load_begin), the row locks are redundant and skipped; the anti-join still runs. With
 *   links as many as a tenth of the archive, it is a hash join over the cases (0.5 s for 100,000 links into
 *   100,000 cases; the planner, knowing nothing of a transition table, chose 100,000 key lookups: 2.9 s); with
 *   fewer, a lookup per link. The imports of a statement are nearly always one: one row found by its key.
 * - Deleting cases or imports deletes their links (ON DELETE CASCADE did), as the owner, under no row policy,
 *   whoever deletes; a TRUNCATE of either empties the links (a TRUNCATE … CASCADE did; a bulk load or a test reset
 *   that empties the cases then leaves no link to a reused id).
 * Every writer goes through the same triggers (the case import, the records and events imports, SQL by hand).
 * What no longer holds: a restore with user triggers off (src-main/backup/restore.ts) loads the links unchecked,
 * as it loads the trail unchained; the file's checksums stand for what it holds.
 */
export class ImportLinkKeys1764000000042 implements MigrationInterface {
  name = 'ImportLinkKeys1764000000042'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE import_cases DROP CONSTRAINT import_cases_case_id_fkey, DROP CONSTRAINT import_cases_import_id_fkey;

      CREATE FUNCTION import_cases_keys_check() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        cnt bigint; lo integer; hi integer; bad integer; nestloop text;
        -- A table lock of this transaction's that conflicts with DELETE (ROW EXCLUSIVE): no case can go meanwhile.
        kept_out boolean := EXISTS (SELECT 1 FROM pg_locks WHERE pid = pg_backend_pid() AND granted AND locktype = 'relation'
          AND relation = 'cases'::regclass AND mode IN ('ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'));
        -- Many links against the archive's size: one hash anti-join over the cases beats a key lookup per link (the
        -- planner, with no statistics for the transition table, would choose the lookups: 2.9 s for 100,000).
        many boolean;
      BEGIN
        SELECT count(*), min(import_id), max(import_id) INTO cnt, lo, hi FROM ic_rows;
        IF cnt = 0 THEN RETURN NULL; END IF;
        many := cnt * 10 >= (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'cases'::regclass);
        -- The imports: almost always one, its row found by key.
        IF lo = hi THEN
          PERFORM 1 FROM imports WHERE id = lo FOR KEY SHARE;
          IF NOT FOUND THEN bad := lo; END IF;
        ELSE
          PERFORM 1 FROM imports i WHERE i.id IN (SELECT import_id FROM ic_rows) FOR KEY SHARE;
          SELECT l.import_id INTO bad FROM ic_rows l WHERE NOT EXISTS (SELECT 1 FROM imports i WHERE i.id = l.import_id) LIMIT 1;
        END IF;
        IF bad IS NOT NULL THEN
          RAISE EXCEPTION 'import_cases: import % does not exist', bad USING ERRCODE = '23503', TABLE = 'import_cases', COLUMN = 'import_id';
        END IF;
        IF many THEN nestloop := current_setting('enable_nestloop'); PERFORM set_config('enable_nestloop', 'off', true); END IF;
        IF NOT kept_out THEN
          PERFORM 1 FROM cases c WHERE c.id IN (SELECT case_id FROM ic_rows) FOR KEY SHARE;
        END IF;
        SELECT l.case_id INTO bad FROM ic_rows l WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = l.case_id) LIMIT 1;
        IF many THEN PERFORM set_config('enable_nestloop', nestloop, true); END IF;
        IF bad IS NOT NULL THEN
          RAISE EXCEPTION 'import_cases: case % does not exist', bad USING ERRCODE = '23503', TABLE = 'import_cases', COLUMN = 'case_id';
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER import_cases_keys_ins AFTER INSERT ON import_cases REFERENCING NEW TABLE AS ic_rows FOR EACH STATEMENT EXECUTE FUNCTION import_cases_keys_check();
      CREATE TRIGGER import_cases_keys_upd AFTER UPDATE ON import_cases REFERENCING NEW TABLE AS ic_rows FOR EACH STATEMENT EXECUTE FUNCTION import_cases_keys_check();

      CREATE FUNCTION import_cases_on_delete() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          -- Not TRUNCATE: the same statement may be emptying import_cases too (it is then in use, and empty).
          DELETE FROM import_cases;
        ELSIF TG_TABLE_NAME = 'cases' THEN
          DELETE FROM import_cases l WHERE l.case_id IN (SELECT id FROM ic_gone);
        ELSE
          DELETE FROM import_cases l WHERE l.import_id IN (SELECT id FROM ic_gone);
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER import_cases_cases_del AFTER DELETE ON cases REFERENCING OLD TABLE AS ic_gone FOR EACH STATEMENT EXECUTE FUNCTION import_cases_on_delete();
      CREATE TRIGGER import_cases_cases_trunc AFTER TRUNCATE ON cases FOR EACH STATEMENT EXECUTE FUNCTION import_cases_on_delete();
      CREATE TRIGGER import_cases_imports_del AFTER DELETE ON imports REFERENCING OLD TABLE AS ic_gone FOR EACH STATEMENT EXECUTE FUNCTION import_cases_on_delete();
      CREATE TRIGGER import_cases_imports_trunc AFTER TRUNCATE ON imports FOR EACH STATEMENT EXECUTE FUNCTION import_cases_on_delete();
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER import_cases_keys_ins ON import_cases; DROP TRIGGER import_cases_keys_upd ON import_cases;
      DROP TRIGGER import_cases_cases_del ON cases; DROP TRIGGER import_cases_cases_trunc ON cases;
      DROP TRIGGER import_cases_imports_del ON imports; DROP TRIGGER import_cases_imports_trunc ON imports;
      DROP FUNCTION import_cases_on_delete(); DROP FUNCTION import_cases_keys_check();
      ALTER TABLE import_cases ADD FOREIGN KEY (case_id) REFERENCES cases(id) ON DELETE CASCADE,
        ADD FOREIGN KEY (import_id) REFERENCES imports(id) ON DELETE CASCADE;
    `)
  }
}
