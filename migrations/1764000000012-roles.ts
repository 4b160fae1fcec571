import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The owner/app role model (issue 15, point 4). Runs as the owner (dossier_owner), who owns everything; the
 * app (dossier_app) gets row rights only: SELECT and INSERT on the audit trail and the documents register
 * (append-only), read-only on the migrations table. Tables the owner creates later, in migrations or in the
 * functions below, give the app the same row rights by default.
 *
 * What the app used to do as superuser with DDL goes through SECURITY DEFINER functions that do exactly
 * one job each and check their preconditions (src-main/db/privileged.ts names them for the callers):
 * - the whole-archive audit's staging table and its swap (audit/batch.ts);
 * - a bulk load's emptying of an empty archive (so COPY may FREEZE), its dropping and rebuilding of the
 *   loaded tables' indexes and foreign keys, and the ANALYZE after it (demo/loader.ts).
 */
export class Roles1764000000012 implements MigrationInterface {
  name = 'Roles1764000000012'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dossier_app') THEN
          RAISE EXCEPTION 'role dossier_app does not exist: run build/team-server-roles.sql as the server''s administrator first';
        END IF;
        IF current_user <> 'dossier_owner' THEN
          RAISE EXCEPTION 'migrations must run as dossier_owner (they run as %)', current_user;
        END IF;
      END $$;
      GRANT USAGE ON SCHEMA public TO dossier_app;
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO dossier_app;
      GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO dossier_app;
      ALTER DEFAULT PRIVILEGES FOR ROLE dossier_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO dossier_app;
      ALTER DEFAULT PRIVILEGES FOR ROLE dossier_owner IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO dossier_app;
      -- (EXECUTE on functions stays PUBLIC's by default: a schema's default privileges cannot take it away. The
      -- definer functions below revoke it one by one; the plain helpers they call do nothing an app could misuse.)
      ALTER DEFAULT PRIVILEGES FOR ROLE dossier_owner IN SCHEMA public REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
      REVOKE UPDATE, DELETE, TRUNCATE ON audit_trail, documents FROM dossier_app;
      REVOKE INSERT, UPDATE, DELETE ON migrations FROM dossier_app;

      -- What a bulk load dropped, to be rebuilt before its transaction ends; the app cannot read or write it.
      CREATE TABLE bulk_load_saved (txid bigint NOT NULL, kind text NOT NULL CHECK (kind IN ('index','key')), tbl text NOT NULL, name text NOT NULL, def text NOT NULL);
      REVOKE ALL ON bulk_load_saved FROM dossier_app;
    `)
    await q.query(AUDIT_FUNCTIONS)
    await q.query(LOAD_FUNCTIONS)
    await q.query(`
      REVOKE EXECUTE ON FUNCTION dossier_audit_results_stage(), dossier_audit_results_swap(), dossier_bulk_load_begin(boolean, boolean),
        dossier_bulk_load_restore(text), dossier_analyze_archive() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION dossier_audit_results_stage(), dossier_audit_results_swap(), dossier_bulk_load_begin(boolean, boolean),
        dossier_bulk_load_restore(text), dossier_analyze_archive() TO dossier_app;
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION IF EXISTS dossier_audit_results_stage(), dossier_audit_results_swap(), dossier_bulk_load_begin(boolean, boolean),
        dossier_bulk_load_restore(text), dossier_analyze_archive();
      DROP TABLE IF EXISTS bulk_load_saved;
      ALTER DEFAULT PRIVILEGES FOR ROLE dossier_owner IN SCHEMA public REVOKE ALL ON TABLES FROM dossier_app;
      ALTER DEFAULT PRIVILEGES FOR ROLE dossier_owner IN SCHEMA public REVOKE ALL ON SEQUENCES FROM dossier_app;
      REVOKE ALL ON ALL TABLES IN SCHEMA public FROM dossier_app;
      REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM dossier_app;
    `)
  }
}

// The swap as audit/batch.ts did it as superuser: keys NOT VALID (every row was just read from cases), the
// fresh table analysed before it is swapped in (without statistics the next joins were planned for an empty
// table). Only the staging table this transaction created can be swapped in.
const AUDIT_FUNCTIONS = `
  CREATE FUNCTION dossier_staged_here() RETURNS boolean LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT xmin::text = (txid_current() % 4294967296)::text FROM pg_class WHERE oid = to_regclass('public.audit_results_next')
  $$;

  CREATE FUNCTION dossier_audit_results_stage() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  BEGIN
    -- A staging table some transaction left committed (it can only be stale) is dropped first.
    IF to_regclass('public.audit_results_next') IS NOT NULL AND NOT dossier_staged_here() THEN DROP TABLE audit_results_next; END IF;
    CREATE TABLE audit_results_next (LIKE audit_results INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
    GRANT SELECT, INSERT ON audit_results_next TO dossier_app;
  END $$;

  CREATE FUNCTION dossier_audit_results_swap() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  BEGIN
    IF to_regclass('public.audit_results_next') IS NULL OR NOT dossier_staged_here() THEN
      RAISE EXCEPTION 'no audit results were staged in this transaction' USING ERRCODE = '55000';
    END IF;
    ALTER TABLE audit_results_next ADD CONSTRAINT audit_results_next_pkey PRIMARY KEY (case_id);
    CREATE INDEX audit_results_next_flagged_idx ON audit_results_next(case_id) WHERE flagged;
    CREATE INDEX audit_results_next_calendar_idx ON audit_results_next(calendar_missing_year) WHERE calendar_missing_year IS NOT NULL;
    ANALYZE audit_results_next;
    DROP TABLE audit_results;
    ALTER TABLE audit_results_next RENAME TO audit_results;
    ALTER TABLE audit_results RENAME CONSTRAINT audit_results_next_pkey TO audit_results_pkey;
    ALTER INDEX audit_results_next_flagged_idx RENAME TO audit_results_flagged_idx;
    ALTER INDEX audit_results_next_calendar_idx RENAME TO audit_results_calendar_idx;
    ALTER TABLE audit_results ADD CONSTRAINT audit_results_case_id_fkey FOREIGN KEY (case_id) REFERENCES cases(id) ON DELETE CASCADE NOT VALID;
    ALTER TABLE audit_results ADD CONSTRAINT audit_results_run_id_fkey FOREIGN KEY (run_id) REFERENCES audit_runs(id) NOT VALID;
    REVOKE ALL ON audit_results FROM dossier_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON audit_results TO dossier_app;
  END $$;
`

// A bulk load into the archive's tables (cases and what hangs off them). Emptying is allowed only when the
// archive holds no case and nothing outside these tables refers to them (a quarterly report in the register
// stays); then COPY may write frozen rows. Indexes and foreign keys are dropped around a large load and
// rebuilt from their saved definitions before the transaction ends.
const LOAD_FUNCTIONS = `
  CREATE FUNCTION dossier_loaded_tables() RETURNS regclass[] LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT ARRAY['cases','case_events','remediation_offers','rectifications','case_links','demo_truth']::regclass[]
  $$;

  CREATE FUNCTION dossier_bulk_load_begin(p_empty boolean, p_drop boolean) RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  DECLARE
    loaded regclass[] := dossier_loaded_tables();
    closure regclass[] := loaded;
    grown boolean := true;
    t regclass;
    busy boolean;
    emptied boolean := false;
    r record;
  BEGIN
    LOCK TABLE cases IN SHARE ROW EXCLUSIVE MODE;
    IF p_empty AND NOT EXISTS (SELECT 1 FROM cases) THEN
      -- Every table that refers to the loaded ones, however indirectly, must be empty too.
      WHILE grown LOOP
        grown := false;
        FOR t IN SELECT DISTINCT conrelid::regclass FROM pg_constraint WHERE contype = 'f' AND confrelid = ANY (closure) AND NOT conrelid = ANY (closure) LOOP
          closure := closure || t; grown := true;
        END LOOP;
      END LOOP;
      busy := false;
      FOREACH t IN ARRAY closure LOOP
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s)', t) INTO busy;
        EXIT WHEN busy;
      END LOOP;
      IF NOT busy THEN
        EXECUTE 'TRUNCATE ' || array_to_string(closure::text[], ', ');
        emptied := true;
      END IF;
    END IF;
    IF p_drop THEN
      FOR r IN SELECT conrelid::regclass AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY (loaded) LOOP
        INSERT INTO bulk_load_saved VALUES (txid_current(), 'key', r.tbl::text, r.conname, r.def);
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);
      END LOOP;
      FOR r IN SELECT i.indrelid::regclass AS tbl, i.indexrelid::regclass AS idx, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
                WHERE i.indrelid = ANY (loaded) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) LOOP
        INSERT INTO bulk_load_saved VALUES (txid_current(), 'index', r.tbl::text, r.idx::text, r.def);
        EXECUTE format('DROP INDEX %s', r.idx);
      END LOOP;
    END IF;
    RETURN emptied;
  END $$;

  CREATE FUNCTION dossier_bulk_load_restore(p_kind text) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  DECLARE r record; n integer := 0;
  BEGIN
    IF p_kind NOT IN ('index', 'key') THEN RAISE EXCEPTION 'unknown kind %', p_kind USING ERRCODE = '22023'; END IF;
    FOR r IN DELETE FROM bulk_load_saved WHERE txid = txid_current() AND kind = p_kind RETURNING * LOOP
      IF p_kind = 'index' THEN EXECUTE r.def;
      ELSE EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tbl, r.name, r.def);
      END IF;
      n := n + 1;
    END LOOP;
    RETURN n;
  END $$;

  CREATE FUNCTION dossier_analyze_archive() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  BEGIN
    ANALYZE cases;
    ANALYZE case_events;
  END $$;
`
