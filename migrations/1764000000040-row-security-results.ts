import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Row security for the last four tables that say something about one case (issue 15 point 11), decided as
 * migration 33 decided the others:
 * - audit_results (a case's rule letters and evidence) follows its case. The whole-archive audit swaps in a
 *   freshly built table (dossier_audit_results_swap), which comes without policies: the swap now gives the new
 *   table its row security before the rename, so there is no moment in which a committed audit_results has none;
 * - documents (the register: file names carry case numbers, and a dossier is personal data in full) follows its
 *   case or its review; a period's documents (the quarterly report, the legal summary) hold institution-wide
 *   figures only and stay visible to every session that names someone (never to a forged or expired one);
 * - offer_checks (a check's evidence names the offer's amounts and basis) and offer_legal_reviews (legal's
 *   reasoning may quote the customer) follow their offer, which follows its case.
 *
 * Two things a scoped session must still be told about the whole register, each through a SECURITY DEFINER
 * function that answers exactly that and nothing else:
 * - the next serial of a numbered document type in a year (dossier_document_next_serial): a reviewer who sees
 *   only their units would otherwise count only their units' numbers and issue a duplicate;
 * - whether some document has these bytes (dossier_document_registered): the register's verification then says
 *   "registered, outside your units" instead of a false "unknown".
 */
export class RowSecurityResults1764000000040 implements MigrationInterface {
  name = 'RowSecurityResults1764000000040'

  async up(q: QueryRunner): Promise<void> {
    await q.query(Object.entries(TABLES).map(([t, using]) => secure(t, using)).join('\n'))
    await q.query(swap(true))
    await q.query(`
      CREATE FUNCTION dossier_document_next_serial(p_doc_type text, p_year integer) RETURNS integer LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT coalesce(max(serial), 0)::int + 1 FROM documents WHERE doc_type = p_doc_type AND serial_year = p_year
      $$;
      CREATE FUNCTION dossier_document_registered(p_sha256 text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT EXISTS (SELECT 1 FROM documents WHERE sha256 = p_sha256)
      $$;
      REVOKE EXECUTE ON FUNCTION dossier_document_next_serial(text, integer), dossier_document_registered(text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION dossier_document_next_serial(text, integer), dossier_document_registered(text) TO dossier_app;
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS dossier_document_next_serial(text, integer), dossier_document_registered(text);`)
    await q.query(swap(false))
    await q.query(Object.keys(TABLES).map((t) => `DROP POLICY IF EXISTS owner_all ON ${t}; DROP POLICY IF EXISTS app_scope ON ${t};
      ALTER TABLE ${t} NO FORCE ROW LEVEL SECURITY; ALTER TABLE ${t} DISABLE ROW LEVEL SECURITY;`).join('\n'))
  }
}

// As in migration 33: the sees-all test first, as an InitPlan evaluated once per query.
const ALL = '(SELECT dossier_scope_all())'

/** Each table with the rows it shows a session that does not see every case (the parent's own policy applies inside EXISTS). */
const TABLES: Record<string, string> = {
  audit_results: 'EXISTS (SELECT 1 FROM cases v WHERE v.id = audit_results.case_id)',
  documents: `(documents.case_id IS NOT NULL AND EXISTS (SELECT 1 FROM cases v WHERE v.id = documents.case_id))
    OR (documents.review_id IS NOT NULL AND EXISTS (SELECT 1 FROM reviews v WHERE v.id = documents.review_id))
    OR (documents.period IS NOT NULL AND (SELECT dossier_scope_user()) IS NOT NULL)`,
  offer_checks: 'EXISTS (SELECT 1 FROM remediation_offers v WHERE v.id = offer_checks.offer_id)',
  offer_legal_reviews: 'EXISTS (SELECT 1 FROM remediation_offers v WHERE v.id = offer_legal_reviews.offer_id)'
}

const secure = (t: string, using: string): string => `
  ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;
  ALTER TABLE ${t} FORCE ROW LEVEL SECURITY;
  CREATE POLICY owner_all ON ${t} TO dossier_owner USING (true) WITH CHECK (true);
  CREATE POLICY app_scope ON ${t} TO dossier_app USING (${ALL} OR ${using}) WITH CHECK (${ALL} OR ${using});`

// Migration 19's swap (with the trend summaries), plus, when `rls`, the new table's row security before the
// rename. The policies' expression names the table, so they are created once the fresh table has its name.
const swap = (rls: boolean): string => `
  CREATE OR REPLACE FUNCTION dossier_audit_results_swap() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  DECLARE changed integer[]; total bigint;
  BEGIN
    IF to_regclass('public.audit_results_next') IS NULL OR NOT dossier_staged_here() THEN
      RAISE EXCEPTION 'no audit results were staged in this transaction' USING ERRCODE = '55000';
    END IF;
    ALTER TABLE audit_results_next ADD CONSTRAINT audit_results_next_pkey PRIMARY KEY (case_id);
    CREATE INDEX audit_results_next_flagged_idx ON audit_results_next(case_id) WHERE flagged;
    CREATE INDEX audit_results_next_calendar_idx ON audit_results_next(calendar_missing_year) WHERE calendar_missing_year IS NOT NULL;
    ANALYZE audit_results_next;
    -- What a figure reads of a result: its letters, the flag and whether it waits on a calendar year.
    SELECT array_agg(coalesce(n.case_id, o.case_id)) INTO changed
      FROM audit_results_next n FULL JOIN audit_results o ON o.case_id = n.case_id
      WHERE n.case_id IS NULL OR o.case_id IS NULL OR n.internal IS DISTINCT FROM o.internal OR n.regulatory IS DISTINCT FROM o.regulatory
        OR n.flagged IS DISTINCT FROM o.flagged OR (n.calendar_missing_year IS NULL) <> (o.calendar_missing_year IS NULL);
    DROP TABLE audit_results;
    ALTER TABLE audit_results_next RENAME TO audit_results;
    ALTER TABLE audit_results RENAME CONSTRAINT audit_results_next_pkey TO audit_results_pkey;
    ALTER INDEX audit_results_next_flagged_idx RENAME TO audit_results_flagged_idx;
    ALTER INDEX audit_results_next_calendar_idx RENAME TO audit_results_calendar_idx;
    ALTER TABLE audit_results ADD CONSTRAINT audit_results_case_id_fkey FOREIGN KEY (case_id) REFERENCES cases(id) ON DELETE CASCADE NOT VALID;
    ALTER TABLE audit_results ADD CONSTRAINT audit_results_run_id_fkey FOREIGN KEY (run_id) REFERENCES audit_runs(id) NOT VALID;
    REVOKE ALL ON audit_results FROM dossier_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON audit_results TO dossier_app;
    ${rls ? secure('audit_results', TABLES.audit_results) : ''}
    PERFORM trend_create_triggers('audit_results');
    IF changed IS NOT NULL THEN
      SELECT count(*) INTO total FROM trend_case_facts;
      IF cardinality(changed) * 3 > total THEN PERFORM dossier_trends_rebuild(); ELSE PERFORM trend_apply(changed); END IF;
    END IF;
  END $$;
`
