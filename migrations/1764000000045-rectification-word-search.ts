import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * How common a word is among the findings and measures, for the 整改 queue's word search (issue 11 point 6;
 * src-main/rectification/word-search.ts). A word found in a third of the items filled its page only after every
 * match had been found through the bigram indexes, checked and sorted (0.4–1.8 s at 200,000 cases); such a word
 * is found sooner by walking the queue's own order and testing each item. Which of the two pays off depends on
 * the word's share, and ANALYZE already keeps it: the element statistics of the bigram expression indexes
 * (migration 36) list the most common bigrams with their frequencies.
 *
 * dossier_rectification_word_share(text): an upper bound of the share of findings and measures whose words hold
 * the text — per table the smallest frequency among its bigrams (a bigram not listed is at most as common as the
 * least common one listed; a table with statistics but no list: 1 %), weighted by the tables' rows; 1 for a single
 * character (no bigram), 0 when both tables are empty, null when a table with rows has no statistics yet. An
 * upper bound only: a phrase of common bigrams may itself be rare, so the walk that trusts it is bounded.
 * The owner's function: the app role may not read the statistics of the owner's indexes. It reads statistics
 * (and whether a never-analysed table is empty), no row's content; the app uses the figure only to choose a path.
 * What a session can tell from that choice (its counts exact or 约) is whether a word is common in the whole
 * archive, an aggregate of the statistics, never a case it cannot see.
 *
 * dossier_rectification_word_walk and dossier_rectification_word_counts (below): the walk of a common word and
 * the counts behind its estimate, each applying the cases' policy itself as migration 36's hits do.
 */
export class RectificationWordSearch1764000000045 implements MigrationInterface {
  name = 'RectificationWordSearch1764000000045'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION dossier_rectification_word_share(p_text text) RETURNS double precision LANGUAGE plpgsql STABLE SECURITY DEFINER
        SET search_path = public, pg_temp AS $f$
      DECLARE
        grams text[] := dossier_bigrams(p_text);
        t record;
        rows_total double precision := 0;
        hits double precision := 0;
        n double precision;
        share double precision;
        nonempty boolean;
      BEGIN
        FOR t IN SELECT v.tab, v.idx FROM (VALUES ('rectifications', 'rectifications_bigrams_idx'), ('findings', 'findings_bigrams_idx')) v(tab, idx) LOOP
          SELECT c.reltuples INTO n FROM pg_class c WHERE c.oid = t.tab::regclass;
          -- Never analysed (-1): unknown, unless the table is empty.
          IF n < 0 THEN
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I)', t.tab) INTO STRICT nonempty;
            IF nonempty THEN RETURN NULL; END IF;
            CONTINUE;
          END IF;
          IF n = 0 THEN CONTINUE; END IF;
          IF coalesce(array_length(grams, 1), 0) = 0 THEN
            share := 1;
          ELSE
            SELECT CASE WHEN s.tablename IS NULL THEN NULL
                        WHEN s.most_common_elems IS NULL THEN 0.01
                        ELSE (SELECT min(coalesce(f.freq, s.most_common_elem_freqs[array_length(s.most_common_elems::text::text[], 1) + 1]))
                                FROM unnest(grams) g(b)
                                LEFT JOIN unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) f(elem, freq) ON f.elem = g.b) END
              INTO share
              FROM (SELECT 1) one LEFT JOIN pg_stats s ON s.schemaname = 'public' AND s.tablename = t.idx AND s.attname = 'dossier_bigrams';
            IF share IS NULL THEN RETURN NULL; END IF;
          END IF;
          rows_total := rows_total + n;
          hits := hits + n * share;
        END LOOP;
        RETURN CASE WHEN rows_total = 0 THEN 0 ELSE least(1, hits / rows_total) END;
      END $f$;
      REVOKE EXECUTE ON FUNCTION dossier_rectification_word_share(text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION dossier_rectification_word_share(text) TO dossier_app;
    `)
    await q.query(WALK)
    await q.query(COUNTS)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS dossier_rectification_word_share(text);
      DROP FUNCTION IF EXISTS dossier_rectification_word_walk(text, text[], integer, boolean, integer, integer);
      DROP FUNCTION IF EXISTS dossier_rectification_word_counts(text, integer, text[], text[], real)`)
  }
}

/** The scope a session sees, once per call: the cases' policy over an item's own case and unit, as migration 36's hits. */
const SCOPE = 'WITH s AS MATERIALIZED (SELECT dossier_scope_all() AS all_cases, dossier_scope_units() AS units, dossier_scope_cases() AS cases)'
const IN_SCOPE = '(s.all_cases OR i.case_unit_id = ANY (s.units) OR i.case_id = ANY (s.cases))'
/** Whether the item `i` (kind, id, case_no) matches $1: its case number, or its words hold the text (strpos, as the hits). */
const HIT = `(i.case_no = $1 OR strpos(CASE i.kind WHEN 'finding' THEN (SELECT f.description FROM findings f WHERE f.id = i.id)
  ELSE (SELECT m.measure FROM rectifications m WHERE m.id = i.id) END, $1) > 0)`
const unitAndSubs = (p: string): string => `(SELECT u.id FROM units u WHERE u.id = ${p} OR u.parent_id = ${p})`

/**
 * dossier_rectification_word_walk(text, statuses, unit, overdue, step, top): the items of the session's cases
 * walked in the queue's order (due day, case number, kind, id) — one walk per status, and per unit of a branch
 * filter — each to its first `top` matches or `step` items, whichever comes first: the matches, and the walk's
 * `step`-th item (match or not: n = step says the walk stopped at its bound). `overdue`: only items due before
 * today. In the owner's function for the reason of migration 36's hits: under row security every item's words
 * were read through three nested policies, and planning them took longer than the walk (120 ms).
 */
const WALK = `
  CREATE FUNCTION dossier_rectification_word_walk(p_text text, p_statuses text[], p_unit integer, p_overdue boolean, p_step integer, p_top integer)
    RETURNS TABLE (kind text, id integer, walk_status text, walk_unit integer, n bigint, hit boolean)
    LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 200 SET search_path = public, pg_temp
    -- The planner prices the per-item tests high; compiling such a plan (JIT) took 2 s, far more than running it.
    SET jit = off AS $f$
  DECLARE
    -- The last due day walked: yesterday for overdue items, else every day ('infinity': no due day).
    upto date := CASE WHEN p_overdue THEN (now() AT TIME ZONE 'Asia/Shanghai')::date - 1 ELSE 'infinity'::date END;
  BEGIN
    RETURN QUERY EXECUTE format($q$
      ${SCOPE},
      w AS (%s)
      SELECT x.kind, x.id, w.status, w.unit_id, x.n, x.hit FROM w CROSS JOIN LATERAL (
        SELECT z.* FROM (SELECT i.kind, i.id, i.n, ${HIT} AS hit FROM (
          SELECT i.kind, i.id, i.case_no, row_number() OVER (ORDER BY i.due_key, i.case_no, i.kind, i.id) AS n
            FROM rectification_items i CROSS JOIN s
           WHERE i.status = w.status %s AND i.due_key <= $4 AND ${IN_SCOPE}
           ORDER BY i.due_key, i.case_no, i.kind, i.id LIMIT $5) i OFFSET 0) z
        WHERE z.hit OR z.n = $5
        LIMIT $6 + 1) x$q$,
      CASE WHEN p_unit IS NULL THEN 'SELECT st.status, NULL::integer AS unit_id FROM unnest($2) st(status)'
           ELSE 'SELECT st.status, u.id AS unit_id FROM unnest($2) st(status) CROSS JOIN ${unitAndSubs('$3')} u' END,
      CASE WHEN p_unit IS NULL THEN '' ELSE 'AND i.unit_id = w.unit_id' END)
      USING p_text, p_statuses, p_unit, upto, p_step, p_top;
  END $f$;
  REVOKE EXECUTE ON FUNCTION dossier_rectification_word_walk(text, text[], integer, boolean, integer, integer) FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION dossier_rectification_word_walk(text, text[], integer, boolean, integer, integer) TO dossier_app;`

/**
 * dossier_rectification_word_counts(text, unit, exact statuses, sampled statuses, percent): per status of the
 * session's items under the unit filter, how many were read (seen), matched (hits), are overdue (late_seen) and
 * both (late_hits) — every item of the exact statuses, and of the sampled ones those in a sample of the table's
 * pages (TABLESAMPLE SYSTEM, the same pages for the same table: paging does not move an estimate).
 */
const COUNTS = `
  CREATE FUNCTION dossier_rectification_word_counts(p_text text, p_unit integer, p_exact text[], p_sampled text[], p_percent real)
    RETURNS TABLE (status text, sampled boolean, seen integer, hits integer, late_seen integer, late_hits integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    -- The planner prices the per-item tests high; compiling such a plan (JIT) took 2 s, far more than running it.
    SET jit = off AS $f$
  BEGIN
    RETURN QUERY EXECUTE format($q$
      ${SCOPE},
      t AS (SELECT i.status, false AS sampled, i.status <> 'closed' AND i.due_key < (now() AT TIME ZONE 'Asia/Shanghai')::date AS late, ${HIT} AS hit
              FROM rectification_items i CROSS JOIN s WHERE i.status = ANY ($3) %1$s AND ${IN_SCOPE} OFFSET 0),
      u AS (SELECT i.status, true AS sampled, i.status <> 'closed' AND i.due_key < (now() AT TIME ZONE 'Asia/Shanghai')::date AS late, ${HIT} AS hit
              FROM rectification_items i TABLESAMPLE SYSTEM ($5) REPEATABLE (45) CROSS JOIN s WHERE i.status = ANY ($4) %1$s AND ${IN_SCOPE} OFFSET 0)
      SELECT x.status, x.sampled, count(*)::int, (count(*) FILTER (WHERE x.hit))::int, (count(*) FILTER (WHERE x.late))::int,
             (count(*) FILTER (WHERE x.hit AND x.late))::int
        FROM (SELECT * FROM t UNION ALL SELECT * FROM u) x GROUP BY x.status, x.sampled$q$,
      CASE WHEN p_unit IS NULL THEN '' ELSE 'AND i.unit_id IN ${unitAndSubs('$2')}' END)
      USING p_text, p_unit, p_exact, p_sampled, p_percent;
  END $f$;
  REVOKE EXECUTE ON FUNCTION dossier_rectification_word_counts(text, integer, text[], text[], real) FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION dossier_rectification_word_counts(text, integer, text[], text[], real) TO dossier_app;`
