import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Row-level security (issue 15 point 11): what a signed-in user may read of the archive is decided by
 * PostgreSQL, not only by the handlers, so that a handler that forgets a filter, or SQL typed by hand through
 * the app's login, shows a reviewer only their own cases.
 *
 * Who is asking: every transaction the app opens sets `dossier.session` (SET LOCAL) to a token the database
 * itself issued (dossier_session_open) and keeps only as a SHA-256 in db_sessions, which the app role cannot
 * read. A bare user id set by hand (`set_config('dossier.user_id', …)`), a made-up or expired token, or no
 * setting at all names nobody, and nobody sees no rows. Work outside a user (start-up recovery, audits at
 * start, the CLI's maintenance) holds a system session of its own (user null): it sees every row.
 *
 * What a session sees: senior reviewers, legal, records, administrators and leadership every case (leadership
 * reads the case list masked, as the handlers allow); anyone else the cases of the units assigned to them
 * (user_units, kept by administrators; a unit brings its sub-branches) and the cases of the reviews assigned
 * to them. The tables hanging off a case follow the case; the trend summaries follow their unit.
 *
 * The owner (migrations, backups, the SECURITY DEFINER functions and triggers) passes through its own policy
 * that lets every row by: FORCE makes that explicit instead of a side effect of owning the tables. Every
 * writer of a summary table (trend_apply, dossier_trends_rebuild, legal_offer_list_apply, quarter_note,
 * quarter_note_audit, quarter_close_snapshot) is such a function, so a reviewer's save still keeps every
 * unit's summaries whole while reading back only their own.
 *
 * Tables added after the first policies (migrations 21–32), decided one by one:
 * - follow their unit (or, like the case, the reviewer's own reviews): legal_offer_list (one row per offer, with
 *   the case's unit), trend_month and trend_month_axis (narrow trend summaries, keyed by unit);
 * - follow their case: quarter_changes and quarter_case_audit (case numbers and audit letters of cases changed
 *   after a quarter closed; a deleted case's row is then seen only by those who see every case),
 *   case_post_review_changes (a case's before/after values), rectification_tracks (through its finding or
 *   measure) and rectification_updates (through its track);
 * - seen only by those who see every case (the records office and administrators run imports):
 *   imports, import_errors (source lines with personal data), import_cases;
 * - global, no policy: quarter_closes (one frozen institution-wide report of counts, read whole by every trend
 *   reader, not divisible by unit), unit_customers (the institution's customer counts per unit, business
 *   figures kept by administrators, no case in them), import_presets (column mappings), document_batches (the
 *   records office's batch jobs: a period or case ids, a folder and counters, no case content; the documents
 *   they issue are checked per case by need-to-know).
 */
export class RowSecurity1764000000033 implements MigrationInterface {
  name = 'RowSecurity1764000000033'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE db_sessions (
        token_hash bytea PRIMARY KEY,
        -- No key to users: emptying users must not end the system session (user null); a deleted user's
        -- session names nobody (dossier_scope_user checks the user exists and is active).
        user_id integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      );
      REVOKE ALL ON db_sessions FROM dossier_app;

      CREATE TABLE user_units (
        user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        unit_id integer NOT NULL REFERENCES units(id),
        assigned_by text NOT NULL,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, unit_id)
      );
      REVOKE UPDATE ON user_units FROM dossier_app;

      -- A reviewer's own reviews, found by the policy's helper.
      CREATE INDEX IF NOT EXISTS reviews_reviewer_case_idx ON reviews(reviewer_id, case_id);
    `)
    await q.query(SESSION_FUNCTIONS)
    await q.query(SUSPEND_FUNCTIONS)
    await q.query(policies())
  }

  async down(q: QueryRunner): Promise<void> {
    const off = [...CASE_TABLES, ...CHILD_TABLES.map((t) => t.table), ...REVIEW_CHILD_TABLES, ...UNIT_TABLES,
      ...Object.keys(LATER_TABLES)]
      .map((t) => `DROP POLICY IF EXISTS owner_all ON ${t}; DROP POLICY IF EXISTS app_scope ON ${t};
        ALTER TABLE ${t} NO FORCE ROW LEVEL SECURITY; ALTER TABLE ${t} DISABLE ROW LEVEL SECURITY;`).join('\n')
    await q.query(`${off}
      DROP TABLE IF EXISTS rls_suspended;
      DROP FUNCTION IF EXISTS dossier_rls_resume(), dossier_bulk_rls_suspend(), dossier_session_open(integer), dossier_session_close(text),
        dossier_scope_user(), dossier_scope_all(), dossier_scope_units(), dossier_scope_cases();
      DROP INDEX IF EXISTS reviews_reviewer_case_idx;
      DROP TABLE IF EXISTS user_units, db_sessions;`)
  }
}

/** Tables with a unit_id of their own. */
const CASE_TABLES = ['cases']
/** Tables that belong to one case (`case_id`). */
const CHILD_TABLES = [
  { table: 'case_events' }, { table: 'remediation_offers' }, { table: 'rectifications' }, { table: 'case_root_causes' }, { table: 'reviews' }
]
/** Tables that belong to one review (`review_id`). */
const REVIEW_CHILD_TABLES = ['review_rules', 'findings']
/** Summary tables, filtered by their unit. */
const UNIT_TABLES = ['trend_case_facts', 'trend_summary', 'trend_axis']
/** Tables added after the first policies (see the class's comment): each with the rows it shows a session that does not see every case. */
const LATER_TABLES: Record<string, string> = {
  legal_offer_list: 'unit_id = ANY ((SELECT dossier_scope_units())::integer[]) OR case_id = ANY ((SELECT dossier_scope_cases())::integer[])',
  trend_month: 'unit_id = ANY ((SELECT dossier_scope_units())::integer[])',
  trend_month_axis: 'unit_id = ANY ((SELECT dossier_scope_units())::integer[])',
  quarter_changes: 'EXISTS (SELECT 1 FROM cases v WHERE v.id = quarter_changes.case_id)',
  quarter_case_audit: 'EXISTS (SELECT 1 FROM cases v WHERE v.id = quarter_case_audit.case_id)',
  case_post_review_changes: 'EXISTS (SELECT 1 FROM cases v WHERE v.id = case_post_review_changes.case_id)',
  rectification_tracks: `EXISTS (SELECT 1 FROM findings v WHERE v.id = rectification_tracks.finding_id)
    OR EXISTS (SELECT 1 FROM rectifications v WHERE v.id = rectification_tracks.rectification_id)`,
  rectification_updates: 'EXISTS (SELECT 1 FROM rectification_tracks v WHERE v.id = rectification_updates.track_id)',
  imports: 'false',
  import_errors: 'false',
  import_cases: 'false'
}
/** The loaded tables (dossier_loaded_tables) that have row security: a load into an empty archive suspends it. */
const LOADED_WITH_RLS = ['cases', 'case_events', 'remediation_offers', 'rectifications']

// The token: 244 random bits from two v4 UUIDs (pg_strong_random), given to the app once, kept as a hash.
// Sessions of users last 12 hours (the app's absolute limit); the app closes them earlier at sign-out,
// expiry and deactivation, and the scope functions also check that the user is still active.
const SESSION_FUNCTIONS = `
  CREATE FUNCTION dossier_session_open(p_user_id integer) RETURNS text LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  DECLARE t text := replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
  BEGIN
    IF p_user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users WHERE id = p_user_id AND active) THEN
      RAISE EXCEPTION 'no active user %', p_user_id USING ERRCODE = '42501';
    END IF;
    DELETE FROM db_sessions WHERE expires_at < now();
    INSERT INTO db_sessions (token_hash, user_id, expires_at)
      VALUES (sha256(convert_to(t, 'UTF8')), p_user_id, CASE WHEN p_user_id IS NULL THEN 'infinity'::timestamptz ELSE now() + interval '12 hours' END);
    RETURN t;
  END $$;

  CREATE FUNCTION dossier_session_close(p_token text) RETURNS void LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DELETE FROM db_sessions WHERE token_hash = sha256(convert_to(p_token, 'UTF8'))
  $$;

  -- The session's row: -1 for the system session, the user's id, or null (nobody).
  CREATE FUNCTION dossier_scope_user() RETURNS integer LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coalesce(s.user_id, -1) FROM db_sessions s
     WHERE s.token_hash = sha256(convert_to(nullif(current_setting('dossier.session', true), ''), 'UTF8')) AND s.expires_at > now()
       AND (s.user_id IS NULL OR EXISTS (SELECT 1 FROM users u WHERE u.id = s.user_id AND u.active))
  $$;

  CREATE FUNCTION dossier_scope_all() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coalesce((SELECT me = -1 OR EXISTS (SELECT 1 FROM users u WHERE u.id = me
        AND u.roles && ARRAY['senior_reviewer','legal','records','admin','leadership']::text[])
      FROM dossier_scope_user() me), false)
  $$;

  CREATE FUNCTION dossier_scope_units() RETURNS integer[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coalesce(array_agg(DISTINCT un.id), '{}') FROM user_units uu JOIN units un ON un.id = uu.unit_id OR un.parent_id = uu.unit_id
     WHERE uu.user_id = dossier_scope_user()
  $$;

  CREATE FUNCTION dossier_scope_cases() RETURNS integer[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coalesce(array_agg(DISTINCT r.case_id), '{}') FROM reviews r WHERE r.reviewer_id = dossier_scope_user()
  $$;

  REVOKE EXECUTE ON FUNCTION dossier_session_open(integer), dossier_session_close(text), dossier_scope_user(), dossier_scope_all(),
    dossier_scope_units(), dossier_scope_cases() FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION dossier_session_open(integer), dossier_session_close(text), dossier_scope_user(), dossier_scope_all(),
    dossier_scope_units(), dossier_scope_cases() TO dossier_app;
`

// COPY FROM is refused on a table with row security: a demo load into an EMPTY archive (nothing to read)
// suspends it for its own transaction, and a deferred trigger turns it back on before that transaction
// commits, so no other session ever sees it off. A load into an archive with cases inserts through the policies.
const SUSPEND_FUNCTIONS = `
  CREATE TABLE rls_suspended (txid bigint NOT NULL DEFAULT txid_current());
  REVOKE ALL ON rls_suspended FROM dossier_app;

  CREATE FUNCTION dossier_rls_resume() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  BEGIN
    ${LOADED_WITH_RLS.map((t) => `ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;`).join(' ')}
    DELETE FROM rls_suspended WHERE txid = txid_current();
    RETURN NULL;
  END $$;
  CREATE CONSTRAINT TRIGGER rls_suspended_resume AFTER INSERT ON rls_suspended DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION dossier_rls_resume();

  CREATE FUNCTION dossier_bulk_rls_suspend() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  BEGIN
    LOCK TABLE ${LOADED_WITH_RLS.join(', ')} IN ACCESS EXCLUSIVE MODE;
    IF EXISTS (SELECT 1 FROM cases) THEN
      RAISE EXCEPTION 'row security is suspended only to load an empty archive' USING ERRCODE = '55000';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM rls_suspended WHERE txid = txid_current()) THEN INSERT INTO rls_suspended DEFAULT VALUES; END IF;
    ${LOADED_WITH_RLS.map((t) => `ALTER TABLE ${t} DISABLE ROW LEVEL SECURITY;`).join(' ')}
  END $$;
  REVOKE EXECUTE ON FUNCTION dossier_bulk_rls_suspend(), dossier_rls_resume() FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION dossier_bulk_rls_suspend() TO dossier_app;
`

// Each helper in a sub-select: an InitPlan evaluated once per query, not once per row; the columns compared
// (cases.unit_id, cases.id, case_id, review_id, unit_id) are indexed.
const ALL = '(SELECT dossier_scope_all())'

function policies(): string {
  const on = (t: string, using: string): string => `
    ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;
    ALTER TABLE ${t} FORCE ROW LEVEL SECURITY;
    CREATE POLICY owner_all ON ${t} TO dossier_owner USING (true) WITH CHECK (true);
    CREATE POLICY app_scope ON ${t} TO dossier_app USING (${using}) WITH CHECK (${using});`
  return [
    ...CASE_TABLES.map((t) => on(t, `${ALL} OR unit_id = ANY ((SELECT dossier_scope_units())::integer[]) OR id = ANY ((SELECT dossier_scope_cases())::integer[])`)),
    // EXISTS, not IN (SELECT id FROM cases): IN became a hashed sub-plan of every visible case id, built even
    // when the sees-all test before it answers (≈ 300 ms per case-list page at 150,000 cases, measured).
    ...CHILD_TABLES.map(({ table }) => on(table, `${ALL} OR EXISTS (SELECT 1 FROM cases v WHERE v.id = ${table}.case_id)`)),
    ...REVIEW_CHILD_TABLES.map((t) => on(t, `${ALL} OR EXISTS (SELECT 1 FROM reviews v WHERE v.id = ${t}.review_id)`)),
    ...UNIT_TABLES.map((t) => on(t, `${ALL} OR unit_id = ANY ((SELECT dossier_scope_units())::integer[])`)),
    ...Object.entries(LATER_TABLES).map(([t, using]) => on(t, `${ALL} OR ${using}`)),
    `CREATE INDEX IF NOT EXISTS trend_summary_unit_idx ON trend_summary(unit_id);`
  ].join('\n')
}
