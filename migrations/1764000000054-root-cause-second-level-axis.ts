import type { MigrationInterface, QueryRunner } from 'typeorm'
import { NARROW_DIMS, TREND_DIMS } from '../src-main/trends/summary-columns'
import { replaceTrendFunctions, unpivotDims } from '../src-main/trends/summary-sql'

/**
 * The root-cause Pareto from the trend summaries (issue 11: a year's Pareto under 300 ms p95 at 1,000,000 cases;
 * the exact query, rootcause/pareto.ts, took 0.6–3.8 s, and one GROUP BY scan of the cases is ~1.1 s).
 *
 * The summaries counted the primary cause at the first level only (axis 'rc'). Now:
 * - trend_case_facts.root_node: the code of the primary cause's own node (first or second level), and every axis
 *   table gets an axis 'rc2' counting it, kept by trend_apply and the rebuild as 'rc' is (summary-sql.ts, `rc2`);
 * - a tag on a node merged into another (an undo can put one back after the merge) counts under the node it was
 *   merged into, at both levels, as the Pareto counts it (it follows `merged_into` one step);
 * - a taxonomy edit that moves a node (or merges one) re-computes the facts of the cases whose primary cause
 *   rolls through it: a move changes no tag, so no tag trigger fired and 'rc' kept the old first-level node.
 * The up fills root_node and the 'rc2' rows from what is there (the touched cases only where a tag sits on a
 * merged node), not by a rebuild of a million cases' facts.
 */
export class RootCauseSecondLevelAxis1764000000054 implements MigrationInterface {
  name = 'RootCauseSecondLevelAxis1764000000054'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE trend_case_facts ADD COLUMN root_node text;
      ${AXIS_TABLES.map((t) => `ALTER TABLE ${t} DROP CONSTRAINT ${t}_axis_check, ADD CONSTRAINT ${t}_axis_check CHECK (axis IN ('jrt', 'rc', 'rc2'));`).join('\n      ')}
    `)
    await q.query(facts(true))
    await replaceTrendFunctions(q, { narrow: true, dims: true, sparse: true, rc2: true })
    await q.query(NODE_TRIGGER)
    // The cases whose primary tag sits on a merged node: their 'rc' moves too, so trend_apply takes them after the fill.
    const WIDE = TREND_DIMS.map((d) => d.name).join(', ')
    const NARROW = NARROW_DIMS.join(', ')
    await q.query(`
      UPDATE trend_case_facts f SET root_node = n.code FROM case_root_causes t JOIN rc_nodes n ON n.id = t.node_id
        WHERE t.case_id = f.case_id AND t.role = 'primary' AND n.merged_into IS NULL;
      INSERT INTO trend_axis (${WIDE}, axis, code, cases)
        SELECT ${WIDE}, 'rc2', root_node, count(*) FROM trend_case_facts WHERE root_node IS NOT NULL GROUP BY ${WIDE}, root_node;
      INSERT INTO trend_month_axis (${NARROW}, axis, code, cases)
        SELECT ${NARROW}, axis, code, sum(cases)::int FROM trend_axis WHERE axis = 'rc2' GROUP BY ${NARROW}, axis, code;
      INSERT INTO trend_month_dim_axis (dim, value, ${NARROW}, axis, code, cases)
        SELECT k.dim, k.value, ${NARROW_DIMS.map((d) => `s.${d}`).join(', ')}, s.axis, s.code, sum(s.cases)::int FROM trend_axis s ${unpivotDims('s')}
        WHERE s.axis = 'rc2' GROUP BY k.dim, k.value, ${NARROW_DIMS.map((d) => `s.${d}`).join(', ')}, s.axis, s.code;
      SELECT trend_apply(ids) FROM (SELECT array_agg(t.case_id) AS ids FROM case_root_causes t JOIN rc_nodes n ON n.id = t.node_id
        WHERE t.role = 'primary' AND n.merged_into IS NOT NULL) x WHERE ids IS NOT NULL;
      ANALYZE trend_case_facts; ${AXIS_TABLES.map((t) => `ANALYZE ${t};`).join(' ')}
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER trend_rc_nodes_upd ON rc_nodes; DROP FUNCTION trend_on_rc_nodes_update();
      ${AXIS_TABLES.map((t) => `DELETE FROM ${t} WHERE axis = 'rc2';`).join(' ')}`)
    await replaceTrendFunctions(q, { narrow: true, dims: true, sparse: true })
    await q.query(`
      ALTER TABLE trend_case_facts DROP COLUMN root_node;
      ${AXIS_TABLES.map((t) => `ALTER TABLE ${t} DROP CONSTRAINT ${t}_axis_check, ADD CONSTRAINT ${t}_axis_check CHECK (axis IN ('jrt', 'rc'));`).join('\n      ')}
    `)
    await q.query(facts(false))
    // 'rc' of the cases tagged on a merged node as migration 29's facts count it (the tag's own node).
    await q.query(`SELECT trend_apply(ids) FROM (SELECT array_agg(t.case_id) AS ids FROM case_root_causes t JOIN rc_nodes n ON n.id = t.node_id
      WHERE t.role = 'primary' AND n.merged_into IS NOT NULL) x WHERE ids IS NOT NULL`)
  }
}

const AXIS_TABLES = ['trend_axis', 'trend_month_axis', 'trend_month_dim_axis']

/**
 * trend_facts_of as migration 29 wrote it (two branches: by id, and everything only when ids is NULL; no JIT),
 * with `rc2`: the primary cause read through its merge (one step, as rootcause/pareto.ts reads it) and its own
 * node's code last (root_node, the column this migration adds).
 */
function facts(rc2: boolean): string {
  const select = `SELECT c.id AS case_id,
      date_trunc('month', c.received_at AT TIME ZONE 'Asia/Shanghai')::date AS month,
      c.unit_id, c.category, c.channel, c.severity, c.business_line, c.is_group, (c.repeat_of_id IS NOT NULL) AS is_repeat,
      coalesce(c.jrt_cause, '') AS jrt_cause, rc.code AS root_cause, NOT c.is_direct AS indirect, c.satisfaction,
      a.internal, a.regulatory, a.flagged, (a.calendar_missing_year IS NOT NULL) AS waiting,
      rv.conclusion, coalesce(rv.findings, 0)::int AS findings, coalesce(o.offers, 0)::int AS offers, coalesce(o.amount, 0)::numeric(16,2) AS remediation${rc2 ? ',\n      rc.node AS root_node' : ''}`
  const cause = rc2
    ? `SELECT coalesce(pn.code, n.code) AS code, n.code AS node FROM case_root_causes t JOIN rc_nodes x ON x.id = t.node_id
      JOIN rc_nodes n ON n.id = coalesce(x.merged_into, x.id) LEFT JOIN rc_nodes pn ON pn.id = n.parent_id WHERE t.case_id = c.id AND t.role = 'primary' LIMIT 1`
    : `SELECT coalesce(pn.code, n.code) AS code FROM case_root_causes t JOIN rc_nodes n ON n.id = t.node_id
      LEFT JOIN rc_nodes pn ON pn.id = n.parent_id WHERE t.case_id = c.id AND t.role = 'primary' LIMIT 1`
  const joins = `
    LEFT JOIN audit_results a ON a.case_id = c.id
    LEFT JOIN LATERAL (SELECT r.conclusion, (SELECT count(*) FROM findings f WHERE f.review_id = r.id) AS findings
      FROM reviews r WHERE r.case_id = c.id AND r.status = 'approved' ORDER BY r.id DESC LIMIT 1) rv ON true
    LEFT JOIN LATERAL (${cause}) rc ON true
    LEFT JOIN LATERAL (SELECT count(*) AS offers, sum(x.amount) AS amount FROM remediation_offers x WHERE x.case_id = c.id) o ON true`
  return `
    CREATE OR REPLACE FUNCTION trend_facts_of(p_ids integer[]) RETURNS SETOF trend_case_facts LANGUAGE sql STABLE
      SET search_path = public, pg_temp SET jit = off AS $f$
    ${select}
    FROM cases c ${joins}
    WHERE c.id = ANY (p_ids)
    UNION ALL
    ${select}
    FROM cases c ${joins}
    WHERE p_ids IS NULL
    $f$;
    REVOKE EXECUTE ON FUNCTION trend_facts_of(integer[]) FROM PUBLIC;`
}

// A node's facts read its code, its parent's code, and the node it was merged into (and that one's parent):
// when any of those changes, the cases whose primary tag rolls through a changed node are re-applied. Codes do
// not change in the app; a move changes a parent, a merge a merged_into. rc_nodes holds a few dozen rows.
const NODE_TRIGGER = `
  CREATE FUNCTION trend_on_rc_nodes_update() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  DECLARE ids integer[];
  BEGIN
    IF trend_bulk_loading() THEN RETURN NULL; END IF;
    WITH changed AS (SELECT n.id FROM trend_new n JOIN trend_old o ON o.id = n.id
        WHERE (n.code, n.parent_id, n.merged_into) IS DISTINCT FROM (o.code, o.parent_id, o.merged_into)),
      nodes AS (SELECT x.id FROM rc_nodes x LEFT JOIN rc_nodes m ON m.id = x.merged_into
        WHERE x.id IN (SELECT id FROM changed) OR x.merged_into IN (SELECT id FROM changed)
          OR x.parent_id IN (SELECT id FROM changed) OR m.parent_id IN (SELECT id FROM changed))
    SELECT array_agg(t.case_id) INTO ids FROM case_root_causes t JOIN nodes ON nodes.id = t.node_id WHERE t.role = 'primary';
    IF ids IS NOT NULL THEN PERFORM trend_apply(ids); END IF;
    RETURN NULL;
  END $$;
  REVOKE EXECUTE ON FUNCTION trend_on_rc_nodes_update() FROM PUBLIC;
  CREATE TRIGGER trend_rc_nodes_upd AFTER UPDATE ON rc_nodes REFERENCING OLD TABLE AS trend_old NEW TABLE AS trend_new
    FOR EACH STATEMENT EXECUTE FUNCTION trend_on_rc_nodes_update();`
