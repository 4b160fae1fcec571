import type { MigrationInterface, QueryRunner } from 'typeorm'
import { NARROW_DIMS } from '../src-main/trends/summary-columns'
import { fillNarrow, narrowKeyDefs as keyDefs, narrowMeasureDefs, trendFunctions, truncateTrigger as truncateTriggerOf } from '../src-main/trends/summary-sql'

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
    await q.query(`
      CREATE TABLE trend_month (
        ${keyDefs()},
        ${narrowMeasureDefs()},
        PRIMARY KEY (${NARROW_DIMS.join(', ')})
      );
      CREATE TABLE trend_month_axis (
        ${keyDefs()},
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

// The functions' SQL is built in src-main/trends/summary-sql.ts (migration 41 builds its version there too).
const functions = (narrow: boolean): string => trendFunctions({ narrow, dims: false })
const truncateTrigger = (narrow: boolean): string => truncateTriggerOf({ narrow, dims: false })
