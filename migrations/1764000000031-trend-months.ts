import type { MigrationInterface, QueryRunner } from 'typeorm'
import { ALL_MEASURES, DIM_COUNTS, NARROW_DIMS, TREND_DIMS, TREND_MEASURES } from '../src-main/trends/summary-columns'

/**
 * Narrow trend summaries (issue 12 point 8): trend_month (month × unit × category, every measure of
 * trend_summary plus the case counts per channel, per severity, group and repeat) and trend_month_axis (the
 * same keys × axis × code). At 1,000,000 cases trend_summary holds about half a million rows — its eight keys
 * barely group — so a year's view scans a sixth of that four times; the narrow tables hold about 25,000 rows in
 * all and answer every filter that names only dates, a unit and a category.
 *
 * They are kept by the same writers as migration 19's summaries: trend_apply (every trigger and the audit's swap)
 * and dossier_trends_rebuild (bulk loads, a large re-audit, TRUNCATE) are replaced by versions that write them
 * in the same statement. Sums are built from trend_case_facts with migration 19's expressions.
 */
export class TrendMonths1764000000031 implements MigrationInterface {
  name = 'TrendMonths1764000000031'

  async up(q: QueryRunner): Promise<void> {
    const keyDefs = NARROW_DIMS.map((d) => `${d} ${TREND_DIMS.find((x) => x.name === d)!.type} NOT NULL`).join(', ')
    const measureDefs = [...ALL_MEASURES, ...DIM_COUNTS].map((m) => `${m.name} ${typeOf(m.name)} NOT NULL DEFAULT 0`).join(',\n        ')
    await q.query(`
      CREATE TABLE trend_month (
        ${keyDefs},
        ${measureDefs},
        PRIMARY KEY (${NARROW_DIMS.join(', ')})
      );
      CREATE TABLE trend_month_axis (
        ${keyDefs},
        axis text NOT NULL CHECK (axis IN ('jrt', 'rc')),
        code text NOT NULL,
        cases integer NOT NULL DEFAULT 0,
        PRIMARY KEY (${NARROW_DIMS.join(', ')}, axis, code)
      );
      REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON trend_month, trend_month_axis FROM dossier_app;
      GRANT SELECT ON trend_month, trend_month_axis TO dossier_app;
    `)
    await q.query(`DROP FUNCTION trend_apply(integer[]); DROP FUNCTION dossier_trends_rebuild();`)
    await q.query(functions(true))
    await q.query(truncateTrigger(true))
    await q.query(`
      REVOKE EXECUTE ON FUNCTION trend_apply(integer[]), dossier_trends_rebuild() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION dossier_trends_rebuild() TO dossier_app;
      ${fillNarrow()}
      ANALYZE trend_month; ANALYZE trend_month_axis;
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION trend_apply(integer[]); DROP FUNCTION dossier_trends_rebuild();`)
    await q.query(functions(false))
    await q.query(truncateTrigger(false))
    await q.query(`
      REVOKE EXECUTE ON FUNCTION trend_apply(integer[]), dossier_trends_rebuild() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION dossier_trends_rebuild() TO dossier_app;
      DROP TABLE trend_month_axis, trend_month;
    `)
  }
}

const typeOf = (name: string): string => TREND_MEASURES.find((m) => m.name === name)?.type ?? 'integer'
const WIDE = TREND_DIMS.map((d) => d.name).join(', ')
const NARROW = NARROW_DIMS.join(', ')
const FACT_COLS = ['case_id', ...TREND_DIMS.map((d) => d.name), 'jrt_cause', 'root_cause', 'indirect', 'satisfaction', 'internal', 'regulatory', 'flagged', 'waiting', 'conclusion', 'findings', 'offers', 'remediation']

/** `SELECT keys, sum(sign * measure)… FROM from GROUP BY keys` over rows of trend_case_facts with a `sign`. */
function sumOf(keys: string, measures: readonly { name: string; fact: string }[], from: string): string {
  return `SELECT ${keys}, ${measures.map((m) => `sum(sign * (${m.fact}))::${typeOf(m.name)} AS ${m.name}`).join(', ')} FROM ${from} GROUP BY ${keys}`
}
const names = (measures: readonly { name: string }[]): string => measures.map((m) => m.name).join(', ')
const adds = (table: string, measures: readonly { name: string }[]): string => measures.map((m) => `${m.name} = ${table}.${m.name} + EXCLUDED.${m.name}`).join(', ')

/** The (axis, code) rows of signed fact rows `d`, grouped by `keys`. */
function axisOf(keys: string): string {
  return `SELECT ${keys}, axis, code, sum(sign)::int AS cases FROM (
          SELECT ${keys}, sign, 'jrt' AS axis, jrt_cause AS code FROM d
          UNION ALL SELECT ${keys}, sign, 'rc', root_cause FROM d WHERE root_cause IS NOT NULL) y
        GROUP BY ${keys}, axis, code`
}

/** The narrow tables from the wide ones (sums of sums; half the rows of trend_case_facts and no per-case expressions). */
function fillNarrow(): string {
  const counts = DIM_COUNTS.map((m) => `sum(s.cases * ${m.fact.replace(/\b(channel|severity|is_group|is_repeat)\b/g, 's.$1')})::int AS ${m.name}`).join(', ')
  return `
      INSERT INTO trend_month (${NARROW}, ${names(ALL_MEASURES)}, ${names(DIM_COUNTS)})
        SELECT ${NARROW_DIMS.map((d) => `s.${d}`).join(', ')}, ${ALL_MEASURES.map((m) => `sum(s.${m.name})::${typeOf(m.name)}`).join(', ')}, ${counts}
        FROM trend_summary s GROUP BY ${NARROW_DIMS.map((d) => `s.${d}`).join(', ')};
      INSERT INTO trend_month_axis (${NARROW}, axis, code, cases)
        SELECT ${NARROW}, axis, code, sum(cases)::int FROM trend_axis GROUP BY ${NARROW}, axis, code;`
}

/**
 * trend_apply and dossier_trends_rebuild, with the narrow summaries (up) or as migration 19 made them (down).
 * One statement per apply: old and new facts from one snapshot; summary keys written in order, so two writers
 * lock them in the same order.
 */
function functions(narrow: boolean): string {
  const narrowMeasures = [...ALL_MEASURES, ...DIM_COUNTS]
  const narrowParts = narrow ? `,
      m AS (INSERT INTO trend_month (${NARROW}, ${names(narrowMeasures)})
        SELECT * FROM (${sumOf(NARROW, narrowMeasures, 'd')}) x ORDER BY ${NARROW}
        ON CONFLICT (${NARROW}) DO UPDATE SET ${adds('trend_month', narrowMeasures)} RETURNING 1),
      mx AS (INSERT INTO trend_month_axis (${NARROW}, axis, code, cases)
        SELECT * FROM (${axisOf(NARROW)}) x WHERE cases <> 0 ORDER BY ${NARROW}, axis, code
        ON CONFLICT (${NARROW}, axis, code) DO UPDATE SET cases = trend_month_axis.cases + EXCLUDED.cases RETURNING 1)` : ''
  return `
    CREATE FUNCTION trend_apply(p_ids integer[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE n bigint;
    BEGIN
      WITH ids AS (SELECT DISTINCT unnest(p_ids) AS id),
      old AS (SELECT f.* FROM trend_case_facts f JOIN ids ON ids.id = f.case_id),
      new AS (SELECT v.* FROM trend_facts_of(p_ids) v),
      gone AS (DELETE FROM trend_case_facts f USING ids WHERE f.case_id = ids.id AND NOT EXISTS (SELECT 1 FROM new WHERE new.case_id = ids.id) RETURNING 1),
      kept AS (INSERT INTO trend_case_facts (${FACT_COLS.join(', ')}) SELECT ${FACT_COLS.join(', ')} FROM new
        ON CONFLICT (case_id) DO UPDATE SET ${FACT_COLS.slice(1).map((c) => `${c} = EXCLUDED.${c}`).join(', ')} RETURNING 1),
      d AS (SELECT -1 AS sign, * FROM old UNION ALL SELECT 1 AS sign, * FROM new),
      s AS (INSERT INTO trend_summary (${WIDE}, ${names(ALL_MEASURES)})
        SELECT * FROM (${sumOf(WIDE, ALL_MEASURES, 'd')}) x ORDER BY ${WIDE}
        ON CONFLICT (${WIDE}) DO UPDATE SET ${adds('trend_summary', ALL_MEASURES)} RETURNING 1),
      ax AS (INSERT INTO trend_axis (${WIDE}, axis, code, cases)
        SELECT * FROM (${axisOf(WIDE)}) x WHERE cases <> 0 ORDER BY ${WIDE}, axis, code
        ON CONFLICT (${WIDE}, axis, code) DO UPDATE SET cases = trend_axis.cases + EXCLUDED.cases RETURNING 1)${narrowParts}
      SELECT count(*) INTO n FROM (SELECT 1 FROM gone UNION ALL SELECT 1 FROM kept UNION ALL SELECT 1 FROM s UNION ALL SELECT 1 FROM ax${narrow ? ' UNION ALL SELECT 1 FROM m UNION ALL SELECT 1 FROM mx' : ''}) z;
    END $$;

    -- Everything from scratch: after a bulk load, an audit that changed most of the archive, or a TRUNCATE.
    CREATE FUNCTION dossier_trends_rebuild() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
      TRUNCATE trend_case_facts, trend_summary, trend_axis${narrow ? ', trend_month, trend_month_axis' : ''};
      INSERT INTO trend_case_facts (${FACT_COLS.join(', ')}) SELECT ${FACT_COLS.join(', ')} FROM trend_facts_of(NULL);
      INSERT INTO trend_summary (${WIDE}, ${names(ALL_MEASURES)}) ${sumOf(WIDE, ALL_MEASURES, '(SELECT 1 AS sign, * FROM trend_case_facts) d')};
      WITH d AS (SELECT 1 AS sign, * FROM trend_case_facts) INSERT INTO trend_axis (${WIDE}, axis, code, cases) ${axisOf(WIDE)};
      ${narrow ? fillNarrow() : ''}
      -- Fresh statistics: the app role cannot analyse, and a freshly filled table is planned as if empty.
      ANALYZE trend_case_facts; ANALYZE trend_summary; ANALYZE trend_axis;${narrow ? ' ANALYZE trend_month; ANALYZE trend_month_axis;' : ''}
    END $$;
  `
}

/** A TRUNCATE of the cases empties every summary (migration 19's trigger function, plus the narrow tables). */
function truncateTrigger(narrow: boolean): string {
  return `
  CREATE OR REPLACE FUNCTION trend_on_truncate() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  BEGIN
    IF TG_TABLE_NAME = 'cases' THEN TRUNCATE trend_case_facts, trend_summary, trend_axis${narrow ? ', trend_month, trend_month_axis' : ''};
    ELSE PERFORM dossier_trends_rebuild();
    END IF;
    RETURN NULL;
  END $$;`
}
