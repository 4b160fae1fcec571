// The maintenance SQL of the trend summaries (migrations 31 and 41): trend_apply, which moves every summary by
// the difference of the touched cases' facts in one statement, and dossier_trends_rebuild, which builds them all
// from scratch. Built from summary-columns.ts, so the summaries, the narrow tables and the per-dimension tables
// sum the very same expressions. Each migration asks for the tables it knows of (`SummarySet`); what one built is
// what its `down` returns to.
import { ALL_MEASURES, DIM_COUNTS, NARROW_DIMS, SINGLE_DIMS, TREND_DIMS, TREND_MEASURES } from './summary-columns'

/**
 * Which summaries beside trend_summary / trend_axis the functions keep: trend_month(_axis) (migration 31),
 * trend_month_dim(_axis) (migration 41); `sparse` (migration 52): trend_apply writes only the cases whose facts
 * changed and only the summary rows whose figures move; `rc2` (migration 54): trend_case_facts.root_node and the axis
 * 'rc2' (the primary cause's own node, first or second level) in every axis table; `workMem` (migration 55): both
 * functions sort and group in memory up to 64 MB (a bulk tag's 100,000 dimension rows spilled to disk at the
 * default 4 MB); `rollUp` (migration 55, with `sparse`): trend_apply sums the touched cases' deltas once by the wide
 * keys and rolls the narrow and per-dimension deltas up from those sums, as the rebuild fills those tables, instead
 * of summing every case's row again for each table (five times for the per-dimension ones); `lockFacts` (migration
 * 56): trend_apply first locks the touched cases' facts rows, in case order, so that two applies of one case (a
 * writer's at its commit, the catch-up's of a bulk write) run one after the other, the second reading the facts
 * the first wrote — without it both would add the same change from the same facts.
 */
export interface SummarySet { narrow: boolean; dims: boolean; sparse?: boolean; rc2?: boolean; workMem?: boolean; rollUp?: boolean; lockFacts?: boolean }

/** A summed column's SQL type: a measure's own, else integer (rule columns, DIM_COUNTS). */
export const typeOf = (name: string): string => TREND_MEASURES.find((m) => m.name === name)?.type ?? 'integer'
/** `month date NOT NULL, unit_id integer NOT NULL, category text NOT NULL`: the narrow tables' key columns. */
export const narrowKeyDefs = (): string => NARROW_DIMS.map((d) => `${d} ${TREND_DIMS.find((x) => x.name === d)!.type} NOT NULL`).join(', ')
/** The narrow tables' measure columns: every measure of trend_summary and the DIM_COUNTS, 0 by default. */
export const narrowMeasureDefs = (): string => NARROW_MEASURES.map((m) => `${m.name} ${typeOf(m.name)} NOT NULL DEFAULT 0`).join(',\n        ')
const WIDE = TREND_DIMS.map((d) => d.name).join(', ')
const NARROW = NARROW_DIMS.join(', ')
/** trend_month_dim's keys: a dimension's name and its value (text; 'true'/'false' for group and repeat) before the narrow keys. */
const DIMKEYS = `dim, value, ${NARROW}`
const FACT_COLS = ['case_id', ...TREND_DIMS.map((d) => d.name), 'jrt_cause', 'root_cause', 'indirect', 'satisfaction', 'internal', 'regulatory', 'flagged', 'waiting', 'conclusion', 'findings', 'offers', 'remediation']
/** trend_case_facts' columns as the set's migration left them (root_node: migration 54). */
const factCols = (set: SummarySet): string[] => (set.rc2 ? [...FACT_COLS, 'root_node'] : FACT_COLS)
const NARROW_MEASURES = [...ALL_MEASURES, ...DIM_COUNTS]

/** `SELECT keys, sum(sign * measure)… FROM from GROUP BY keys` over rows of trend_case_facts with a `sign`. */
function sumOf(keys: string, measures: readonly { name: string; fact: string }[], from: string): string {
  return `SELECT ${keys}, ${measures.map((m) => `sum(sign * (${m.fact}))::${typeOf(m.name)} AS ${m.name}`).join(', ')} FROM ${from} GROUP BY ${keys}`
}
/** ` WHERE (x.a, x.b, …) <> (0, 0, …)`: a delta row that moves some figure (sums of non-null terms are never null). */
const movesSome = (measures: readonly { name: string }[], on: boolean): string =>
  on ? ` WHERE (${measures.map((m) => `x.${m.name}`).join(', ')}) <> (${measures.map(() => '0').join(', ')})` : ''
const names = (measures: readonly { name: string }[]): string => measures.map((m) => m.name).join(', ')
const adds = (table: string, measures: readonly { name: string }[]): string => measures.map((m) => `${m.name} = ${table}.${m.name} + EXCLUDED.${m.name}`).join(', ')

/** The (axis, code) rows of signed fact rows `rel`, grouped by `keys`; with `rc2`, the primary cause's own node too. */
function axisOf(keys: string, rel: string, rc2: boolean): string {
  return `SELECT ${keys}, axis, code, sum(sign)::int AS cases FROM (
          SELECT ${keys}, sign, 'jrt' AS axis, jrt_cause AS code FROM ${rel}
          UNION ALL SELECT ${keys}, sign, 'rc', root_cause FROM ${rel} WHERE root_cause IS NOT NULL${rc2 ? `
          UNION ALL SELECT ${keys}, sign, 'rc2', root_node FROM ${rel} WHERE root_node IS NOT NULL` : ''}) y
        GROUP BY ${keys}, axis, code`
}

/** `CROSS JOIN LATERAL (VALUES ('channel', r.channel), …) k(dim, value)`: one row of `r` per single dimension. */
export const unpivotDims = (r: string): string =>
  `CROSS JOIN LATERAL (VALUES ${SINGLE_DIMS.map((d) => `('${d.dim}', ${r}.${d.column}::text)`).join(', ')}) k(dim, value)`

/** A count of DIM_COUNTS from a wide row `s` of trend_summary: its cases where the key matches. */
const countsFromWide = (): string => DIM_COUNTS.map((m) => `sum(s.cases * ${m.fact.replace(/\b(channel|severity|is_group|is_repeat)\b/g, 's.$1')})::int AS ${m.name}`).join(', ')

/** Sums of the measures of wide rows `s`, each named as its column. */
const sumsFromWide = (): string => ALL_MEASURES.map((m) => `sum(s.${m.name})::${typeOf(m.name)} AS ${m.name}`).join(', ')
/** trend_month's rows of the wide rows `src` (trend_summary's columns), in trend_month's column order. */
const narrowFromWide = (src: string): string => {
  const keys = NARROW_DIMS.map((d) => `s.${d}`).join(', ')
  return `SELECT ${keys}, ${sumsFromWide()}, ${countsFromWide()} FROM ${src} s GROUP BY ${keys}`
}
/** trend_month_axis's rows of the wide axis rows `src` (trend_axis's columns). */
const narrowAxisFromWide = (src: string): string => `SELECT ${NARROW}, axis, code, sum(cases)::int AS cases FROM ${src} GROUP BY ${NARROW}, axis, code`
/** The per-dimension keys of a wide row `s` unpivoted by unpivotDims. */
const DIM_OF_WIDE = `k.dim, k.value, ${NARROW_DIMS.map((d) => `s.${d}`).join(', ')}`
/** trend_month_dim's rows of the wide rows `src`: each counted once per single dimension, under its value. */
const dimsFromWide = (src: string): string => `SELECT ${DIM_OF_WIDE}, ${sumsFromWide()}, ${countsFromWide()} FROM ${src} s ${unpivotDims('s')} GROUP BY ${DIM_OF_WIDE}`
/** trend_month_dim_axis's rows of the wide axis rows `src`. */
const dimAxisFromWide = (src: string): string => `SELECT ${DIM_OF_WIDE}, s.axis, s.code, sum(s.cases)::int AS cases FROM ${src} s ${unpivotDims('s')} GROUP BY ${DIM_OF_WIDE}, s.axis, s.code`

/** The narrow tables from the wide ones (sums of sums; half the rows of trend_case_facts and no per-case expressions). */
export function fillNarrow(): string {
  return `
      INSERT INTO trend_month (${NARROW}, ${names(ALL_MEASURES)}, ${names(DIM_COUNTS)}) ${narrowFromWide('trend_summary')};
      INSERT INTO trend_month_axis (${NARROW}, axis, code, cases) ${narrowAxisFromWide('trend_axis')};`
}

/**
 * The per-dimension tables from the wide ones: each wide row counted once per single dimension, under its value.
 * Written in key order, so that a filter's rows (one dimension's value, a range of months) lie together on disk.
 */
export function fillDims(): string {
  return `
      INSERT INTO trend_month_dim (${DIMKEYS}, ${names(NARROW_MEASURES)}) ${dimsFromWide('trend_summary')} ORDER BY ${DIM_OF_WIDE};
      INSERT INTO trend_month_dim_axis (${DIMKEYS}, axis, code, cases) ${dimAxisFromWide('trend_axis')} ORDER BY ${DIM_OF_WIDE}, s.axis, s.code;`
}

/**
 * Sparse: a touched case whose facts read the same as before (a re-judge that kept its letters; a tag whose
 * first-level cause is unchanged) is left out of old and new alike, so it is neither rewritten nor summed. `was`
 * and `cur` are the touched cases' facts before and after (a case gone has no `cur` row); records compare column
 * by column, two NULLs equal.
 */
const SPARSE_FACTS = `
      was AS (SELECT f.* FROM trend_case_facts f JOIN ids ON ids.id = f.case_id),
      cur AS (SELECT v.* FROM trend_facts_of(p_ids) v),
      same AS (SELECT w.case_id FROM was w JOIN cur c ON c.case_id = w.case_id WHERE w = c),
      old AS (SELECT w.* FROM was w WHERE NOT EXISTS (SELECT 1 FROM same WHERE same.case_id = w.case_id)),
      new AS (SELECT c.* FROM cur c WHERE NOT EXISTS (SELECT 1 FROM same WHERE same.case_id = c.case_id)),`

/**
 * trend_apply and dossier_trends_rebuild for the summaries of `set`.
 * One statement per apply: old and new facts from one snapshot; summary keys written in order, so two writers
 * lock them in the same order.
 */
export function trendFunctions(set: SummarySet): string {
  const sparse = set.sparse === true
  const rollUp = sparse && set.rollUp === true
  // Sparse: every signed fact row's measures computed once (dm), then only summed per table — not re-evaluated
  // (126 expressions a row) for each of trend_summary, trend_month and the five rows per case of trend_month_dim.
  const src = sparse ? 'dm' : 'd'
  const rc2 = set.rc2 === true
  const cols = factCols(set)
  const sum = (keys: string, measures: readonly { name: string; fact: string }[], from: string): string =>
    sparse ? `SELECT ${keys}, ${measures.map((m) => `sum(${m.name})::${typeOf(m.name)} AS ${m.name}`).join(', ')} FROM ${from} GROUP BY ${keys}` : sumOf(keys, measures, from)
  // Roll-up: the wide deltas summed once (w, wa) and the narrow and per-dimension deltas summed from them, as the
  // rebuild fills those tables from trend_summary and trend_axis; otherwise each table sums the signed rows itself.
  const wide = rollUp ? 'w' : `(${sum(WIDE, ALL_MEASURES, src)})`
  const wideAxis = rollUp ? 'wa' : `(${axisOf(WIDE, src, rc2)})`
  const upsert = (table: string, keys: string, measures: readonly { name: string }[], rows: string): string =>
    `INSERT INTO ${table} (${keys}, ${names(measures)})
        SELECT * FROM ${rows} x${movesSome(measures, sparse)} ORDER BY ${keys}
        ON CONFLICT (${keys}) DO UPDATE SET ${adds(table, measures)} RETURNING 1`
  const upsertAxis = (table: string, keys: string, rows: string): string =>
    `INSERT INTO ${table} (${keys}, axis, code, cases)
        SELECT * FROM ${rows} x WHERE cases <> 0 ORDER BY ${keys}, axis, code
        ON CONFLICT (${keys}, axis, code) DO UPDATE SET cases = ${table}.cases + EXCLUDED.cases RETURNING 1`
  const narrowParts = set.narrow ? `,
      m AS (${upsert('trend_month', NARROW, NARROW_MEASURES, rollUp ? `(${narrowFromWide('w')})` : `(${sum(NARROW, NARROW_MEASURES, src)})`)}),
      mx AS (${upsertAxis('trend_month_axis', NARROW, rollUp ? `(${narrowAxisFromWide('wa')})` : `(${axisOf(NARROW, src, rc2)})`)})` : ''
  // Each signed fact row once per single dimension (dd), summed as trend_month sums d; or rolled up from w and wa.
  const dimParts = set.dims ? `,${rollUp ? '' : `
      dd AS (SELECT k.dim, k.value, ${src}.* FROM ${src} ${unpivotDims(src)}),`}
      md AS (${upsert('trend_month_dim', DIMKEYS, NARROW_MEASURES, rollUp ? `(${dimsFromWide('w')})` : `(${sum(DIMKEYS, NARROW_MEASURES, 'dd')})`)}),
      mdx AS (${upsertAxis('trend_month_dim_axis', DIMKEYS, rollUp ? `(${dimAxisFromWide('wa')})` : `(${axisOf(DIMKEYS, 'dd', rc2)})`)})` : ''
  const extra = [...(set.narrow ? ['m', 'mx'] : []), ...(set.dims ? ['md', 'mdx'] : [])]
  const tables = [...(set.narrow ? ['trend_month', 'trend_month_axis'] : []), ...(set.dims ? ['trend_month_dim', 'trend_month_dim_axis'] : [])]
  const mem = set.workMem ? ` SET work_mem = '64MB'` : ''
  return `
    CREATE FUNCTION trend_apply(p_ids integer[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp${mem} AS $$
    DECLARE n bigint;
    BEGIN${set.lockFacts ? `
      -- Its own statement: the apply below then reads, in a snapshot taken after the locks, what an apply it waited for wrote.
      PERFORM 1 FROM trend_case_facts f WHERE f.case_id IN (SELECT unnest(p_ids)) ORDER BY f.case_id FOR UPDATE;` : ''}
      WITH ids AS (SELECT DISTINCT unnest(p_ids) AS id),${sparse ? SPARSE_FACTS : `
      old AS (SELECT f.* FROM trend_case_facts f JOIN ids ON ids.id = f.case_id),
      new AS (SELECT v.* FROM trend_facts_of(p_ids) v),`}
      gone AS (DELETE FROM trend_case_facts f USING ids WHERE f.case_id = ids.id AND NOT EXISTS (SELECT 1 FROM ${sparse ? 'cur' : 'new'} WHERE ${sparse ? 'cur' : 'new'}.case_id = ids.id) RETURNING 1),
      kept AS (INSERT INTO trend_case_facts (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM new
        ON CONFLICT (case_id) DO UPDATE SET ${cols.slice(1).map((c) => `${c} = EXCLUDED.${c}`).join(', ')} RETURNING 1),
      d AS (SELECT -1 AS sign, * FROM old UNION ALL SELECT 1 AS sign, * FROM new),${sparse ? `
      dm AS (SELECT ${WIDE}, sign, jrt_cause, root_cause${rc2 ? ', root_node' : ''}, ${(rollUp ? ALL_MEASURES : NARROW_MEASURES).map((m) => `sign * (${m.fact}) AS ${m.name}`).join(', ')} FROM d),` : ''}${rollUp ? `
      w AS (${sum(WIDE, ALL_MEASURES, src)}),
      wa AS (${axisOf(WIDE, src, rc2)}),` : ''}
      s AS (${upsert('trend_summary', WIDE, ALL_MEASURES, wide)}),
      ax AS (${upsertAxis('trend_axis', WIDE, wideAxis)})${narrowParts}${dimParts}
      SELECT count(*) INTO n FROM (SELECT 1 FROM gone UNION ALL SELECT 1 FROM kept UNION ALL SELECT 1 FROM s UNION ALL SELECT 1 FROM ax${extra.map((c) => ` UNION ALL SELECT 1 FROM ${c}`).join('')}) z;
    END $$;

    -- Everything from scratch: after a bulk load, an audit that changed most of the archive, or a TRUNCATE.
    CREATE FUNCTION dossier_trends_rebuild() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp${mem} AS $$
    BEGIN
      TRUNCATE trend_case_facts, trend_summary, trend_axis${tables.map((t) => `, ${t}`).join('')};
      INSERT INTO trend_case_facts (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM trend_facts_of(NULL);
      INSERT INTO trend_summary (${WIDE}, ${names(ALL_MEASURES)}) ${sumOf(WIDE, ALL_MEASURES, '(SELECT 1 AS sign, * FROM trend_case_facts) d')};
      WITH d AS (SELECT 1 AS sign, * FROM trend_case_facts) INSERT INTO trend_axis (${WIDE}, axis, code, cases) ${axisOf(WIDE, 'd', rc2)};
      ${set.narrow ? fillNarrow() : ''}${set.dims ? fillDims() : ''}
      -- Fresh statistics: the app role cannot analyse, and a freshly filled table is planned as if empty.
      ANALYZE trend_case_facts; ANALYZE trend_summary; ANALYZE trend_axis;${tables.map((t) => ` ANALYZE ${t};`).join('')}
    END $$;
  `
}

/**
 * Replaces trend_apply, dossier_trends_rebuild and trend_on_truncate with the versions for `set`, with their
 * grants (only the rebuild is the app's to call). For a migration's up and down.
 */
export async function replaceTrendFunctions(q: { query(sql: string): Promise<unknown> }, set: SummarySet): Promise<void> {
  await q.query(`DROP FUNCTION trend_apply(integer[]); DROP FUNCTION dossier_trends_rebuild();`)
  await q.query(trendFunctions(set))
  await q.query(truncateTrigger(set))
  await q.query(`
      REVOKE EXECUTE ON FUNCTION trend_apply(integer[]), dossier_trends_rebuild() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION dossier_trends_rebuild() TO dossier_app;`)
}

/** A TRUNCATE of the cases empties every summary of `set` (migration 19's trigger function, plus the later tables). */
export function truncateTrigger(set: SummarySet): string {
  const tables = [...(set.narrow ? ['trend_month', 'trend_month_axis'] : []), ...(set.dims ? ['trend_month_dim', 'trend_month_dim_axis'] : [])]
  return `
  CREATE OR REPLACE FUNCTION trend_on_truncate() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  BEGIN
    IF TG_TABLE_NAME = 'cases' THEN TRUNCATE trend_case_facts, trend_summary, trend_axis${tables.map((t) => `, ${t}`).join('')};
    ELSE PERFORM dossier_trends_rebuild();
    END IF;
    RETURN NULL;
  END $$;`
}
