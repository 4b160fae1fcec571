import type { MigrationInterface, QueryRunner } from 'typeorm'
import { TREND_DIMS, TREND_MEASURES, RULE_COLUMNS, ruleLetterExpr } from '../src-main/trends/summary-columns'

/**
 * Trend summaries (issue 12): monthly figures by the case list's filter dimensions, kept current by
 * statement-level triggers (transition tables) on every table a figure reads, in the writer's own transaction.
 *
 * - trend_case_facts: each case's current contribution (its dimensions and measures), as trend_facts_of
 *   computes it from the archive. A change to a case, its audit result, its primary root cause, its reviews
 *   or its remediation offers re-computes the facts of the cases touched, subtracts the old contribution
 *   from the summaries and adds the new one (trend_apply). Rows that fall to zero stay (a rebuild drops them).
 * - trend_summary: month × unit × category × channel × severity × business line × group × repeat, with the
 *   counts the charts and KPI cards need, and the 16 rules' pass/fail/cannot-tell counts under both policy sets.
 * - trend_axis: the same keys × a classification axis ('jrt' = JR/T 0169 axis C, 'rc' = first-level primary
 *   root cause) × its code.
 * The app role reads them; only the owner's functions below write them. The whole-archive audit's swap
 * (dossier_audit_results_swap) applies the difference itself, since the swapped-in table has no trigger yet;
 * a bulk load (dossier_bulk_load_begin with indexes dropped) skips the triggers and rebuilds at its end.
 */
export class TrendSummaries1764000000019 implements MigrationInterface {
  name = 'TrendSummaries1764000000019'

  async up(q: QueryRunner): Promise<void> {
    const dimDefs = TREND_DIMS.map((d) => `${d.name} ${d.type} NOT NULL`).join(',\n        ')
    const dimNames = TREND_DIMS.map((d) => d.name).join(', ')
    const measureDefs = [...TREND_MEASURES.map((m) => `${m.name} ${m.type} NOT NULL DEFAULT 0`), ...RULE_COLUMNS.map((r) => `${r.name} integer NOT NULL DEFAULT 0`)].join(',\n        ')
    await q.query(`
      CREATE TABLE trend_case_facts (
        case_id integer PRIMARY KEY,
        ${dimDefs},
        jrt_cause text NOT NULL,
        root_cause text,
        indirect boolean NOT NULL,
        satisfaction text,
        internal char(16),
        regulatory char(16),
        flagged boolean,
        waiting boolean,
        conclusion text,
        findings integer NOT NULL,
        offers integer NOT NULL,
        remediation numeric(16,2) NOT NULL
      );
      CREATE TABLE trend_summary (
        ${dimDefs},
        ${measureDefs},
        PRIMARY KEY (${dimNames})
      );
      CREATE TABLE trend_axis (
        ${dimDefs},
        axis text NOT NULL CHECK (axis IN ('jrt', 'rc')),
        code text NOT NULL,
        cases integer NOT NULL DEFAULT 0,
        PRIMARY KEY (${dimNames}, axis, code)
      );
      REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON trend_case_facts, trend_summary, trend_axis FROM dossier_app;
    `)
    await q.query(factsFunction())
    await q.query(applyFunction())
    await q.query(TRIGGERS)
    await q.query(auditSwap(true))
    await q.query(bulkRestore(true))
    await q.query(`
      REVOKE EXECUTE ON FUNCTION trend_apply(integer[]), dossier_trends_rebuild() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION dossier_trends_rebuild() TO dossier_app;
      SELECT dossier_trends_rebuild();
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ${TRIGGER_TABLES.map((t) => `SELECT trend_drop_triggers('${t}');`).join('\n')}
      DROP FUNCTION IF EXISTS trend_drop_triggers(text), trend_create_triggers(text), trend_on_new() CASCADE, trend_on_old() CASCADE, trend_on_both() CASCADE,
        trend_on_cases_update() CASCADE, trend_on_truncate() CASCADE, trend_apply(integer[]), dossier_trends_rebuild(), trend_bulk_loading();
      DROP FUNCTION IF EXISTS trend_facts_of(integer[]);
      DROP TABLE IF EXISTS trend_axis, trend_summary, trend_case_facts;
    `)
    // The swap and the restore as migration 12 left them.
    await q.query(auditSwap(false))
    await q.query(bulkRestore(false))
  }
}

/**
 * Each case's contribution as it stands now: the one definition of what a case adds to the summaries. A
 * function, not a view: a view would tie audit_results to it, and the audit's swap drops that table.
 * All cases when `p_ids` is null.
 */
function factsFunction(): string {
  return `
    CREATE FUNCTION trend_facts_of(p_ids integer[]) RETURNS SETOF trend_case_facts LANGUAGE sql STABLE SET search_path = public, pg_temp AS $f$
    SELECT c.id AS case_id,
      date_trunc('month', c.received_at AT TIME ZONE 'Asia/Shanghai')::date AS month,
      c.unit_id, c.category, c.channel, c.severity, c.business_line, c.is_group, (c.repeat_of_id IS NOT NULL) AS is_repeat,
      coalesce(c.jrt_cause, '') AS jrt_cause, rc.code AS root_cause, NOT c.is_direct AS indirect, c.satisfaction,
      a.internal, a.regulatory, a.flagged, (a.calendar_missing_year IS NOT NULL) AS waiting,
      rv.conclusion, coalesce(rv.findings, 0)::int AS findings, coalesce(o.offers, 0)::int AS offers, coalesce(o.amount, 0)::numeric(16,2) AS remediation
    FROM cases c
    LEFT JOIN audit_results a ON a.case_id = c.id
    LEFT JOIN LATERAL (SELECT r.conclusion, (SELECT count(*) FROM findings f WHERE f.review_id = r.id) AS findings
      FROM reviews r WHERE r.case_id = c.id AND r.status = 'approved' ORDER BY r.id DESC LIMIT 1) rv ON true
    LEFT JOIN LATERAL (SELECT coalesce(pn.code, n.code) AS code FROM case_root_causes t JOIN rc_nodes n ON n.id = t.node_id
      LEFT JOIN rc_nodes pn ON pn.id = n.parent_id WHERE t.case_id = c.id AND t.role = 'primary' LIMIT 1) rc ON true
    LEFT JOIN LATERAL (SELECT count(*) AS offers, sum(x.amount) AS amount FROM remediation_offers x WHERE x.case_id = c.id) o ON true
    WHERE p_ids IS NULL OR c.id = ANY (p_ids)
    $f$;
    REVOKE EXECUTE ON FUNCTION trend_facts_of(integer[]) FROM PUBLIC;
  `
}

/**
 * trend_apply(ids): re-computes the facts of these cases and moves the summaries by the difference. One
 * statement: the old facts and the new are read from the same snapshot, the facts and both summaries written
 * by its data-modifying parts (summary keys in order, so two writers lock them in the same order).
 */
function applyFunction(): string {
  const dims = TREND_DIMS.map((d) => d.name)
  const dimList = dims.join(', ')
  const factCols = ['case_id', ...dims, 'jrt_cause', 'root_cause', 'indirect', 'satisfaction', 'internal', 'regulatory', 'flagged', 'waiting', 'conclusion', 'findings', 'offers', 'remediation']
  const measures = [...TREND_MEASURES.map((m) => ({ name: m.name, expr: m.fact })), ...RULE_COLUMNS.map((r) => ({ name: r.name, expr: ruleLetterExpr(r) }))]
  const adds = measures.map((m) => `${m.name} = trend_summary.${m.name} + EXCLUDED.${m.name}`).join(', ')
  const sumOf = (from: string): string =>
    `SELECT ${dimList}, ${measures.map((m) => `sum(sign * (${m.expr}))::${TREND_MEASURES.find((x) => x.name === m.name)?.type ?? 'integer'} AS ${m.name}`).join(', ')} FROM ${from} GROUP BY ${dimList}`
  return `
    CREATE FUNCTION trend_apply(p_ids integer[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE n bigint;
    BEGIN
      WITH ids AS (SELECT DISTINCT unnest(p_ids) AS id),
      old AS (SELECT f.* FROM trend_case_facts f JOIN ids ON ids.id = f.case_id),
      new AS (SELECT v.* FROM trend_facts_of(p_ids) v),
      gone AS (DELETE FROM trend_case_facts f USING ids WHERE f.case_id = ids.id AND NOT EXISTS (SELECT 1 FROM new WHERE new.case_id = ids.id) RETURNING 1),
      kept AS (INSERT INTO trend_case_facts (${factCols.join(', ')}) SELECT ${factCols.join(', ')} FROM new
        ON CONFLICT (case_id) DO UPDATE SET ${factCols.slice(1).map((c) => `${c} = EXCLUDED.${c}`).join(', ')} RETURNING 1),
      d AS (SELECT -1 AS sign, * FROM old UNION ALL SELECT 1 AS sign, * FROM new),
      s AS (INSERT INTO trend_summary (${dimList}, ${measures.map((m) => m.name).join(', ')})
        SELECT * FROM (${sumOf('d')}) x ORDER BY ${dimList}
        ON CONFLICT (${dimList}) DO UPDATE SET ${adds} RETURNING 1),
      ax AS (INSERT INTO trend_axis (${dimList}, axis, code, cases)
        SELECT ${dimList}, axis, code, sum(sign)::int FROM (
          SELECT ${dimList}, sign, 'jrt' AS axis, jrt_cause AS code FROM d
          UNION ALL SELECT ${dimList}, sign, 'rc', root_cause FROM d WHERE root_cause IS NOT NULL) y
        GROUP BY ${dimList}, axis, code HAVING sum(sign) <> 0 ORDER BY ${dimList}, axis, code
        ON CONFLICT (${dimList}, axis, code) DO UPDATE SET cases = trend_axis.cases + EXCLUDED.cases RETURNING 1)
      SELECT count(*) INTO n FROM (SELECT 1 FROM gone UNION ALL SELECT 1 FROM kept UNION ALL SELECT 1 FROM s UNION ALL SELECT 1 FROM ax) z;
    END $$;

    -- Everything from scratch: after a bulk load, an audit that changed most of the archive, or a TRUNCATE.
    CREATE FUNCTION dossier_trends_rebuild() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      TRUNCATE trend_case_facts, trend_summary, trend_axis;
      INSERT INTO trend_case_facts (${factCols.join(', ')}) SELECT ${factCols.join(', ')} FROM trend_facts_of(NULL);
      INSERT INTO trend_summary (${dimList}, ${measures.map((m) => m.name).join(', ')}) ${sumOf('(SELECT 1 AS sign, * FROM trend_case_facts) d')};
      INSERT INTO trend_axis (${dimList}, axis, code, cases)
        SELECT ${dimList}, 'jrt', jrt_cause, count(*) FROM trend_case_facts GROUP BY ${dimList}, jrt_cause
        UNION ALL SELECT ${dimList}, 'rc', root_cause, count(*) FROM trend_case_facts WHERE root_cause IS NOT NULL GROUP BY ${dimList}, root_cause;
      -- Fresh statistics: the app role cannot analyse, and a freshly filled table is planned as if empty.
      ANALYZE trend_case_facts; ANALYZE trend_summary; ANALYZE trend_axis;
    END $$;
  `
}

// The tables whose rows a figure reads, each with its case id column.
const TRIGGER_TABLES = ['cases', 'audit_results', 'case_root_causes', 'reviews', 'remediation_offers'] as const

const TRIGGERS = `
  -- A bulk load (indexes dropped) skips the per-statement work: the restore at its end rebuilds everything.
  CREATE FUNCTION trend_bulk_loading() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM bulk_load_saved WHERE txid = txid_current())
  $$;
  REVOKE EXECUTE ON FUNCTION trend_bulk_loading() FROM PUBLIC;

  CREATE FUNCTION trend_on_new() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  DECLARE ids integer[];
  BEGIN
    IF trend_bulk_loading() THEN RETURN NULL; END IF;
    EXECUTE format('SELECT array_agg(%I) FROM trend_new', TG_ARGV[0]) INTO ids;
    IF ids IS NOT NULL THEN PERFORM trend_apply(ids); END IF;
    RETURN NULL;
  END $$;
  CREATE FUNCTION trend_on_old() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  DECLARE ids integer[];
  BEGIN
    IF trend_bulk_loading() THEN RETURN NULL; END IF;
    EXECUTE format('SELECT array_agg(%I) FROM trend_old', TG_ARGV[0]) INTO ids;
    IF ids IS NOT NULL THEN PERFORM trend_apply(ids); END IF;
    RETURN NULL;
  END $$;
  CREATE FUNCTION trend_on_both() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  DECLARE ids integer[];
  BEGIN
    IF trend_bulk_loading() THEN RETURN NULL; END IF;
    EXECUTE format('SELECT array_agg(x) FROM (SELECT %1$I AS x FROM trend_old UNION SELECT %1$I FROM trend_new) u', TG_ARGV[0]) INTO ids;
    IF ids IS NOT NULL THEN PERFORM trend_apply(ids); END IF;
    RETURN NULL;
  END $$;
  -- A case's update matters only when a column a figure reads changed (a re-index rewrites every row's search text).
  CREATE FUNCTION trend_on_cases_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  DECLARE ids integer[];
  BEGIN
    IF trend_bulk_loading() THEN RETURN NULL; END IF;
    SELECT array_agg(coalesce(n.id, o.id)) INTO ids FROM trend_new n FULL JOIN trend_old o ON o.id = n.id
      WHERE n.id IS NULL OR o.id IS NULL OR (n.received_at, n.unit_id, n.category, n.channel, n.severity, n.business_line, n.is_group, n.repeat_of_id, n.jrt_cause, n.is_direct, n.satisfaction)
        IS DISTINCT FROM (o.received_at, o.unit_id, o.category, o.channel, o.severity, o.business_line, o.is_group, o.repeat_of_id, o.jrt_cause, o.is_direct, o.satisfaction);
    IF ids IS NOT NULL THEN PERFORM trend_apply(ids); END IF;
    RETURN NULL;
  END $$;
  CREATE FUNCTION trend_on_truncate() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  BEGIN
    IF TG_TABLE_NAME = 'cases' THEN TRUNCATE trend_case_facts, trend_summary, trend_axis;
    ELSE PERFORM dossier_trends_rebuild();
    END IF;
    RETURN NULL;
  END $$;

  CREATE FUNCTION trend_create_triggers(p_table text) RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
  DECLARE col text := CASE WHEN p_table = 'cases' THEN 'id' ELSE 'case_id' END;
  BEGIN
    EXECUTE format('CREATE TRIGGER trend_%1$s_ins AFTER INSERT ON %1$I REFERENCING NEW TABLE AS trend_new FOR EACH STATEMENT EXECUTE FUNCTION trend_on_new(%2$L)', p_table, col);
    EXECUTE format('CREATE TRIGGER trend_%1$s_upd AFTER UPDATE ON %1$I REFERENCING OLD TABLE AS trend_old NEW TABLE AS trend_new FOR EACH STATEMENT EXECUTE FUNCTION %3$I(%2$L)', p_table, col,
      CASE WHEN p_table = 'cases' THEN 'trend_on_cases_update' ELSE 'trend_on_both' END);
    EXECUTE format('CREATE TRIGGER trend_%1$s_del AFTER DELETE ON %1$I REFERENCING OLD TABLE AS trend_old FOR EACH STATEMENT EXECUTE FUNCTION trend_on_old(%2$L)', p_table, col);
    EXECUTE format('CREATE TRIGGER trend_%1$s_trunc AFTER TRUNCATE ON %1$I FOR EACH STATEMENT EXECUTE FUNCTION trend_on_truncate()', p_table);
  END $$;
  CREATE FUNCTION trend_drop_triggers(p_table text) RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
  BEGIN
    EXECUTE format('DROP TRIGGER IF EXISTS trend_%1$s_ins ON %1$I; DROP TRIGGER IF EXISTS trend_%1$s_upd ON %1$I; DROP TRIGGER IF EXISTS trend_%1$s_del ON %1$I; DROP TRIGGER IF EXISTS trend_%1$s_trunc ON %1$I', p_table);
  END $$;
  REVOKE EXECUTE ON FUNCTION trend_create_triggers(text), trend_drop_triggers(text) FROM PUBLIC;
  ${TRIGGER_TABLES.map((t) => `SELECT trend_create_triggers('${t}');`).join('\n  ')}
`

// Migration 12's swap, plus: the cases whose result changed are applied to the summaries (or, when most of
// the archive changed, everything is rebuilt), and the new table gets the trend triggers.
const auditSwap = (trends: boolean): string => `
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
    ${trends ? `-- What a figure reads of a result: its letters, the flag and whether it waits on a calendar year.
    SELECT array_agg(coalesce(n.case_id, o.case_id)) INTO changed
      FROM audit_results_next n FULL JOIN audit_results o ON o.case_id = n.case_id
      WHERE n.case_id IS NULL OR o.case_id IS NULL OR n.internal IS DISTINCT FROM o.internal OR n.regulatory IS DISTINCT FROM o.regulatory
        OR n.flagged IS DISTINCT FROM o.flagged OR (n.calendar_missing_year IS NULL) <> (o.calendar_missing_year IS NULL);` : ''}
    DROP TABLE audit_results;
    ALTER TABLE audit_results_next RENAME TO audit_results;
    ALTER TABLE audit_results RENAME CONSTRAINT audit_results_next_pkey TO audit_results_pkey;
    ALTER INDEX audit_results_next_flagged_idx RENAME TO audit_results_flagged_idx;
    ALTER INDEX audit_results_next_calendar_idx RENAME TO audit_results_calendar_idx;
    ALTER TABLE audit_results ADD CONSTRAINT audit_results_case_id_fkey FOREIGN KEY (case_id) REFERENCES cases(id) ON DELETE CASCADE NOT VALID;
    ALTER TABLE audit_results ADD CONSTRAINT audit_results_run_id_fkey FOREIGN KEY (run_id) REFERENCES audit_runs(id) NOT VALID;
    REVOKE ALL ON audit_results FROM dossier_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON audit_results TO dossier_app;
    ${trends ? `PERFORM trend_create_triggers('audit_results');
    IF changed IS NOT NULL THEN
      SELECT count(*) INTO total FROM trend_case_facts;
      IF cardinality(changed) * 3 > total THEN PERFORM dossier_trends_rebuild(); ELSE PERFORM trend_apply(changed); END IF;
    END IF;` : ''}
  END $$;
`

// Migration 12's restore, plus: once the keys are back (the load's last step), the summaries are rebuilt.
const bulkRestore = (trends: boolean): string => `
  CREATE OR REPLACE FUNCTION dossier_bulk_load_restore(p_kind text) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  DECLARE r record; n integer := 0;
  BEGIN
    IF p_kind NOT IN ('index', 'key') THEN RAISE EXCEPTION 'unknown kind %', p_kind USING ERRCODE = '22023'; END IF;
    FOR r IN DELETE FROM bulk_load_saved WHERE txid = txid_current() AND kind = p_kind RETURNING * LOOP
      IF p_kind = 'index' THEN EXECUTE r.def;
      ELSE EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tbl, r.name, r.def);
      END IF;
      n := n + 1;
    END LOOP;
    ${trends ? "IF p_kind = 'key' AND NOT EXISTS (SELECT 1 FROM bulk_load_saved WHERE txid = txid_current()) THEN PERFORM dossier_trends_rebuild(); END IF;" : ''}
    RETURN n;
  END $$;
`
