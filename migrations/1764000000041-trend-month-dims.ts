import type { MigrationInterface, QueryRunner } from 'typeorm'
import { NARROW_DIMS, SINGLE_DIMS } from '../src-main/trends/summary-columns'
import { fillDims, narrowKeyDefs, narrowMeasureDefs, replaceTrendFunctions } from '../src-main/trends/summary-sql'

/**
 * Narrow summaries per single dimension (issue 12 point 8): trend_month_dim (dimension × value × month × unit ×
 * category, with every column of trend_month) and trend_month_dim_axis (the same keys × axis × code). A filter
 * naming one of channel, severity, business line, group or repeat read trend_summary — at 1,000,000 cases
 * ~375,000 rows of 130 columns, a year of them scanned per query; it now reads the rows of its one value, at most
 * trend_month's ~25,000. A filter naming two of them still reads trend_summary.
 *
 * Each case counts once per dimension (five rows, one per dimension, under its own values; group and repeat
 * as 'true' / 'false'). They are kept by the same writers as migrations 19 and 31, in the same statement:
 * trend_apply (every trigger and the audit's swap) and dossier_trends_rebuild (bulk loads and their restore, a
 * large re-audit, TRUNCATE) are replaced by versions that write them too. A backup copies them as every table.
 * Row security as trend_month (migration 33): they follow their unit, FORCE, the owner's policy for its functions.
 */
export class TrendMonthDims1764000000041 implements MigrationInterface {
  name = 'TrendMonthDims1764000000041'

  async up(q: QueryRunner): Promise<void> {
    const keys = `dim, value, ${NARROW_DIMS.join(', ')}`
    const keyDefs = `dim text NOT NULL CHECK (dim IN (${SINGLE_DIMS.map((d) => `'${d.dim}'`).join(', ')})), value text NOT NULL, ${narrowKeyDefs()}`
    await q.query(`
      CREATE TABLE trend_month_dim (
        ${keyDefs},
        ${narrowMeasureDefs()},
        PRIMARY KEY (${keys})
      );
      CREATE TABLE trend_month_dim_axis (
        ${keyDefs},
        axis text NOT NULL CHECK (axis IN ('jrt', 'rc')),
        code text NOT NULL,
        cases integer NOT NULL DEFAULT 0,
        PRIMARY KEY (${keys}, axis, code)
      );
      REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON trend_month_dim, trend_month_dim_axis FROM dossier_app;
      GRANT SELECT ON trend_month_dim, trend_month_dim_axis TO dossier_app;
      ${['trend_month_dim', 'trend_month_dim_axis'].map(secure).join('\n')}
    `)
    await replaceTrendFunctions(q, { narrow: true, dims: true })
    await q.query(`${fillDims()}
      ANALYZE trend_month_dim; ANALYZE trend_month_dim_axis;`)
  }

  async down(q: QueryRunner): Promise<void> {
    await replaceTrendFunctions(q, { narrow: true, dims: false })
    await q.query('DROP TABLE trend_month_dim_axis, trend_month_dim')
  }
}

// As migration 33 secured trend_month: the sees-all test first (an InitPlan, once per query), else the session's units.
const secure = (t: string): string => `
      ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;
      ALTER TABLE ${t} FORCE ROW LEVEL SECURITY;
      CREATE POLICY owner_all ON ${t} TO dossier_owner USING (true) WITH CHECK (true);
      CREATE POLICY app_scope ON ${t} TO dossier_app USING ((SELECT dossier_scope_all()) OR unit_id = ANY ((SELECT dossier_scope_units())::integer[]))
        WITH CHECK ((SELECT dossier_scope_all()) OR unit_id = ANY ((SELECT dossier_scope_units())::integer[]));`
