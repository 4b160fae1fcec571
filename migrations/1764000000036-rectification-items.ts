import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The 整改 queue at 1,000,000 cases (issue 11 point 6; 0.8–9.8 s a page before, against 100 ms p95). The queue read
 * items/ITEMS_SQL — findings of approved reviews and measures, each joined to its case and its follow-up track —
 * for every call, twice. Now:
 *
 * - rectification_items: one narrow row per item (kind + id of the finding or measure, its case, the case's number
 *   and unit, the owning unit, due day, status, version, track, who raised it, the last follow-up), kept by the
 *   same definition as ITEMS_SQL. A page is a walk of (status[, unit], due_key, case_no, kind, id) per status
 *   (and unit) to its LIMIT: within one status that order already puts overdue items first (overdue is a due day
 *   before today), so only the few walks' first rows are sorted together (rectification/queue.ts).
 * - rectification_item_counts: item counts by (case's unit, owning unit, status, due day); a closed item's due
 *   day is kept as 'infinity' (a closed item is never overdue), so the rows are the units × statuses plus one per
 *   due day of the open backlog. The tab counts sum it; overdue is the open rows due before today.
 * - dossier_bigrams(text): the character bigrams of a text, a GIN index on findings' descriptions and on the
 *   measures, so a search for words finds its candidates by index; strpos still decides (identical answers). The
 *   search runs in the owner's dossier_rectification_text_hits, which applies the cases' row security itself.
 *
 * Kept current in the writer's transaction by statement-level triggers (transition tables) on every table a
 * column comes from — cases (number, unit), reviews (approval), findings, rectifications, rectification_tracks —
 * each mapping its rows to their cases and re-deriving those cases' items (rectification_items_apply; a row is
 * rewritten only when it differs, the counts move by the difference, rows fallen to zero are removed). A bulk
 * load with its indexes dropped skips them (trend_bulk_loading) and is rebuilt once its keys are back: a trigger
 * on bulk_load_saved (the restore deletes the saved keys), so this migration leaves dossier_bulk_load_restore as
 * it is. A TRUNCATE of a source rebuilds.
 *
 * Row security (migration 33): both tables follow the case's unit like legal_offer_list, and an item also the
 * reviewer's own reviews' cases (as the case does); the counts only the unit — the queue adds the items of
 * a reviewer's reviewed cases outside their units from the items table (few). The writers are the owner's
 * SECURITY DEFINER functions, so a reviewer's follow-up keeps every unit's rows whole.
 */
export class RectificationItems1764000000036 implements MigrationInterface {
  name = 'RectificationItems1764000000036'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rectification_items (
        kind text NOT NULL CHECK (kind IN ('finding', 'measure')),
        id integer NOT NULL,
        case_id integer NOT NULL,
        case_no text NOT NULL,
        -- The case's unit: what row security follows (an item is seen with its case).
        case_unit_id integer NOT NULL,
        -- The owning unit (the finding's or measure's own, else the case's): the queue's unit filter.
        unit_id integer NOT NULL,
        due_on date,
        -- due_on, 'infinity' without one: the sort key (due day ascending, none last) and an overdue walk's range.
        due_key date NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'in_progress', 'submitted', 'closed')),
        version integer NOT NULL,
        track_id integer,
        raised_by integer,
        -- The last follow-up (the track's last change), null before the first.
        followed_at timestamptz,
        PRIMARY KEY (kind, id)
      );
      CREATE INDEX rectification_items_status_idx ON rectification_items(status, due_key, case_no, kind, id);
      CREATE INDEX rectification_items_unit_idx ON rectification_items(unit_id, status, due_key, case_no, kind, id);
      CREATE INDEX rectification_items_case_idx ON rectification_items(case_id);
      CREATE TABLE rectification_item_counts (
        case_unit_id integer NOT NULL,
        unit_id integer NOT NULL,
        status text NOT NULL,
        -- The items' due_key; 'infinity' for every closed item.
        due_key date NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (unit_id, case_unit_id, status, due_key)
      );
      CREATE INDEX rectification_item_counts_zero_idx ON rectification_item_counts(unit_id) WHERE n = 0;
      REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON rectification_items, rectification_item_counts FROM dossier_app;
      GRANT SELECT ON rectification_items, rectification_item_counts TO dossier_app;

      CREATE FUNCTION dossier_bigrams(p text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT substr(p, i, 2)), '{}') FROM generate_series(1, char_length(p) - 1) AS i
      $$;
      GRANT EXECUTE ON FUNCTION dossier_bigrams(text) TO dossier_app;
      CREATE INDEX rectifications_bigrams_idx ON rectifications USING gin (dossier_bigrams(measure));
      CREATE INDEX findings_bigrams_idx ON findings USING gin (dossier_bigrams(description));

      -- The items whose words hold p_text, of the cases the session sees. Under row security the planner may not
      -- use an index whose expression is not LEAKPROOF (only a superuser can mark one), so the app's own query
      -- read every measure; the owner's function uses the bigram indexes and applies the cases' policy itself
      -- (the same scope helpers), so it answers nothing a session could not read.
      -- Dynamic SQL, planned with the text itself: a generic plan (a SQL function's) did not know the bigrams and
      -- scanned (50 ms for a case number at 200,000 cases against 0.1 ms).
      CREATE FUNCTION dossier_rectification_text_hits(p_text text) RETURNS TABLE (kind text, id integer) LANGUAGE plpgsql STABLE SECURITY DEFINER
        SET search_path = public, pg_temp AS $f$
      BEGIN
        RETURN QUERY EXECUTE $q$
          WITH s AS MATERIALIZED (SELECT dossier_scope_all() AS all_cases, dossier_scope_units() AS units, dossier_scope_cases() AS cases),
          hit AS (SELECT 'measure'::text AS kind, m.id FROM rectifications m WHERE dossier_bigrams(m.measure) @> dossier_bigrams($1) AND strpos(m.measure, $1) > 0
            UNION ALL SELECT 'finding', f.id FROM findings f WHERE dossier_bigrams(f.description) @> dossier_bigrams($1) AND strpos(f.description, $1) > 0)
          -- The cases' policy over the items' own case and unit (a finding of a review not approved is no item).
          SELECT h.kind, h.id FROM hit h JOIN rectification_items i ON i.kind = h.kind AND i.id = h.id CROSS JOIN s
           WHERE s.all_cases OR i.case_unit_id = ANY (s.units) OR i.case_id = ANY (s.cases)$q$ USING p_text;
      END $f$;
      REVOKE EXECUTE ON FUNCTION dossier_rectification_text_hits(text) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION dossier_rectification_text_hits(text) TO dossier_app;
    `)
    await q.query(FUNCTIONS)
    await q.query(triggers())
    await q.query(POLICIES)
    await q.query('SELECT dossier_rectification_items_rebuild()')
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of Object.keys(SOURCES)) for (const op of ['ins', 'upd', 'del', 'trunc']) await q.query(`DROP TRIGGER IF EXISTS rect_items_${op} ON ${t}`)
    await q.query(`
      DROP TRIGGER IF EXISTS rect_items_restored ON bulk_load_saved;
      DROP FUNCTION IF EXISTS rectification_items_on_restore(), rectification_items_on_truncate(), rectification_items_on_change(),
        dossier_rectification_items_rebuild(), rectification_items_apply(integer[]);
      DROP TABLE IF EXISTS rectification_item_counts, rectification_items;
      DROP FUNCTION IF EXISTS dossier_rectification_text_hits(text);
      DROP INDEX IF EXISTS rectifications_bigrams_idx, findings_bigrams_idx;
      DROP FUNCTION IF EXISTS dossier_bigrams(text);
    `)
  }
}

const COLS = 'kind, id, case_id, case_no, case_unit_id, unit_id, due_on, due_key, status, version, track_id, raised_by, followed_at'

/**
 * The one definition of the items (as src-main/rectification/items.ts ITEMS_SQL): findings of approved reviews
 * (open without a track) and measures (closed without a track when the source recorded them done); `where`
 * over the case id `%s`, so a trigger's statement reads the cases it names by their keys.
 */
const rows = (where: string): string => `
  SELECT 'finding'::text, f.id, c.id, c.case_no, c.unit_id, coalesce(f.owner_unit_id, c.unit_id), f.due_on, coalesce(f.due_on, 'infinity'::date),
         coalesce(t.status, 'open'), coalesce(t.version, 0), t.id, f.created_by, t.updated_at
    FROM reviews r JOIN findings f ON f.review_id = r.id JOIN cases c ON c.id = r.case_id
    LEFT JOIN rectification_tracks t ON t.finding_id = f.id
   WHERE r.status = 'approved' AND ${where.replace('%s', 'r.case_id')}
  UNION ALL
  SELECT 'measure', m.id, c.id, c.case_no, c.unit_id, coalesce(m.owner_unit_id, c.unit_id), m.due_on, coalesce(m.due_on, 'infinity'::date),
         coalesce(t.status, CASE WHEN m.done_on IS NOT NULL THEN 'closed' ELSE 'open' END), coalesce(t.version, 0), t.id, NULL::integer, t.updated_at
    FROM rectifications m JOIN cases c ON c.id = m.case_id
    LEFT JOIN rectification_tracks t ON t.rectification_id = m.id
   WHERE ${where.replace('%s', 'm.case_id')}`

/** An item's key in the counts: closed items are never overdue, so their due day is not kept apart. */
const COUNT_KEY = `case_unit_id, unit_id, status, CASE WHEN status = 'closed' THEN 'infinity'::date ELSE due_key END AS due_key`

const FUNCTIONS = `
  -- Re-derives the items of these cases and moves the counts by the difference, in one statement (old and new
  -- from one snapshot; count keys written in order, so two writers lock them in the same order).
  CREATE FUNCTION rectification_items_apply(p_cases integer[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  DECLARE touched bigint;
  BEGIN
    WITH old AS (SELECT i.* FROM rectification_items i WHERE i.case_id = ANY (p_cases)),
    new (${COLS}) AS (${rows('%s = ANY (p_cases)')}),
    gone AS (DELETE FROM rectification_items i USING old o WHERE i.kind = o.kind AND i.id = o.id
               AND NOT EXISTS (SELECT 1 FROM new x WHERE x.kind = o.kind AND x.id = o.id) RETURNING 1),
    kept AS (INSERT INTO rectification_items AS i (${COLS}) SELECT * FROM new
               ON CONFLICT (kind, id) DO UPDATE SET ${COLS.split(', ').slice(2).map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
               WHERE (i.*) IS DISTINCT FROM (EXCLUDED.*) RETURNING 1),
    d AS (SELECT -1 AS sign, ${COUNT_KEY} FROM old UNION ALL SELECT 1, ${COUNT_KEY} FROM new x),
    s AS (INSERT INTO rectification_item_counts AS k (case_unit_id, unit_id, status, due_key, n)
            SELECT case_unit_id, unit_id, status, due_key, sum(sign)::int FROM d GROUP BY 1, 2, 3, 4 HAVING sum(sign) <> 0 ORDER BY 2, 1, 3, 4
            ON CONFLICT (unit_id, case_unit_id, status, due_key) DO UPDATE SET n = k.n + EXCLUDED.n RETURNING 1)
    SELECT count(*) INTO touched FROM (SELECT 1 FROM gone UNION ALL SELECT 1 FROM kept UNION ALL SELECT 1 FROM s) z;
    -- Rows fallen to zero (an open backlog's due days come and go); found by a partial index of zero rows.
    DELETE FROM rectification_item_counts WHERE n = 0;
  END $$;

  -- Everything from scratch: the migration's backfill, after a bulk load, a TRUNCATE of a source.
  CREATE FUNCTION dossier_rectification_items_rebuild() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  BEGIN
    TRUNCATE rectification_items, rectification_item_counts;
    INSERT INTO rectification_items (${COLS}) ${rows('true')};
    INSERT INTO rectification_item_counts (case_unit_id, unit_id, status, due_key, n)
      SELECT ${COUNT_KEY}, count(*) FROM rectification_items GROUP BY 1, 2, 3, 4;
    -- Fresh statistics: the app role may not analyse, and a freshly filled table is planned as if empty.
    ANALYZE rectification_items; ANALYZE rectification_item_counts;
  END $$;
  REVOKE EXECUTE ON FUNCTION rectification_items_apply(integer[]), dossier_rectification_items_rebuild() FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION dossier_rectification_items_rebuild() TO dossier_app;

  -- TG_ARGV[0]: SQL over the transition tables (ri_new, ri_old) giving the case ids whose items may have changed.
  CREATE FUNCTION rectification_items_on_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  DECLARE ids integer[];
  BEGIN
    IF trend_bulk_loading() THEN RETURN NULL; END IF;
    EXECUTE 'SELECT array_agg(DISTINCT x) FROM (' || TG_ARGV[0] || ') s(x) WHERE x IS NOT NULL' INTO ids;
    IF ids IS NOT NULL THEN PERFORM rectification_items_apply(ids); END IF;
    RETURN NULL;
  END $$;
  CREATE FUNCTION rectification_items_on_truncate() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  BEGIN
    IF TG_TABLE_NAME = 'cases' THEN TRUNCATE rectification_items, rectification_item_counts;
    ELSE PERFORM dossier_rectification_items_rebuild();
    END IF;
    RETURN NULL;
  END $$;
  -- A bulk load's restore deletes its saved keys last (dossier_bulk_load_restore('key')): once none is left for
  -- this transaction, the load is whole and the items are derived again.
  CREATE FUNCTION rectification_items_on_restore() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  BEGIN
    IF EXISTS (SELECT 1 FROM ri_old WHERE kind = 'key') AND NOT EXISTS (SELECT 1 FROM bulk_load_saved WHERE txid = txid_current()) THEN
      PERFORM dossier_rectification_items_rebuild();
    END IF;
    RETURN NULL;
  END $$;
  REVOKE EXECUTE ON FUNCTION rectification_items_on_change(), rectification_items_on_truncate(), rectification_items_on_restore() FROM PUBLIC;
`

/** Per source table and operation: the case ids (over ri_new / ri_old) whose items a statement may change. */
const SOURCES: Record<string, Partial<Record<'INSERT' | 'UPDATE' | 'DELETE', string>>> = {
  // A re-index or an anonymisation rewrites cases: only a new number or unit matters.
  cases: {
    UPDATE: 'SELECT n.id FROM ri_new n JOIN ri_old o ON o.id = n.id WHERE (n.case_no, n.unit_id) IS DISTINCT FROM (o.case_no, o.unit_id)',
    DELETE: 'SELECT id FROM ri_old'
  },
  // Findings become items when their review is approved (an approved review is frozen).
  reviews: {
    INSERT: `SELECT case_id FROM ri_new WHERE status = 'approved'`,
    UPDATE: `SELECT v.x FROM ri_new n JOIN ri_old o ON o.id = n.id, LATERAL (VALUES (n.case_id), (o.case_id)) v(x)
      WHERE (n.status = 'approved' OR o.status = 'approved') AND (n.status, n.case_id) IS DISTINCT FROM (o.status, o.case_id)`,
    DELETE: `SELECT case_id FROM ri_old WHERE status = 'approved'`
  },
  findings: {
    INSERT: `SELECT r.case_id FROM ri_new x JOIN reviews r ON r.id = x.review_id WHERE r.status = 'approved'`,
    UPDATE: `SELECT r.case_id FROM (SELECT review_id FROM ri_new UNION SELECT review_id FROM ri_old) x JOIN reviews r ON r.id = x.review_id WHERE r.status = 'approved'
      UNION SELECT i.case_id FROM ri_old x JOIN rectification_items i ON i.kind = 'finding' AND i.id = x.id`,
    // The review may be gone with it (ON DELETE CASCADE): the item names its case.
    DELETE: `SELECT i.case_id FROM ri_old x JOIN rectification_items i ON i.kind = 'finding' AND i.id = x.id`
  },
  // An anonymisation rewrites a measure's text: only what an item reads matters.
  rectifications: {
    INSERT: 'SELECT case_id FROM ri_new',
    UPDATE: `SELECT v.x FROM ri_new n JOIN ri_old o ON o.id = n.id, LATERAL (VALUES (n.case_id), (o.case_id)) v(x)
      WHERE (n.case_id, n.owner_unit_id, n.due_on, n.done_on) IS DISTINCT FROM (o.case_id, o.owner_unit_id, o.due_on, o.done_on)`,
    DELETE: 'SELECT case_id FROM ri_old'
  },
  // A track exists only for an item: the item names its case.
  rectification_tracks: Object.fromEntries((['INSERT', 'UPDATE', 'DELETE'] as const).map((op) => {
    const t = op === 'DELETE' ? 'ri_old' : 'ri_new'
    return [op, `SELECT i.case_id FROM ${t} x JOIN rectification_items i ON i.kind = 'finding' AND i.id = x.finding_id
      UNION ALL SELECT i.case_id FROM ${t} x JOIN rectification_items i ON i.kind = 'measure' AND i.id = x.rectification_id`]
  }))
}

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`

function triggers(): string {
  const out: string[] = []
  for (const [table, ops] of Object.entries(SOURCES)) {
    for (const [op, sql] of Object.entries(ops)) {
      const refs = op === 'UPDATE' ? 'OLD TABLE AS ri_old NEW TABLE AS ri_new' : op === 'INSERT' ? 'NEW TABLE AS ri_new' : 'OLD TABLE AS ri_old'
      out.push(`CREATE TRIGGER rect_items_${op.slice(0, 3).toLowerCase()} AFTER ${op} ON ${table} REFERENCING ${refs}
        FOR EACH STATEMENT EXECUTE FUNCTION rectification_items_on_change(${lit(sql)});`)
    }
    out.push(`CREATE TRIGGER rect_items_trunc AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION rectification_items_on_truncate();`)
  }
  out.push(`CREATE TRIGGER rect_items_restored AFTER DELETE ON bulk_load_saved REFERENCING OLD TABLE AS ri_old
    FOR EACH STATEMENT EXECUTE FUNCTION rectification_items_on_restore();`)
  return out.join('\n')
}

// As migration 33's LATER_TABLES: the sees-all roles, else the case's unit among the session's units, or (an
// item) a case of the session's own reviews. Each helper in a sub-select: an InitPlan, evaluated once per query.
const SCOPE_ALL = '(SELECT dossier_scope_all())'
const IN_UNITS = 'case_unit_id = ANY ((SELECT dossier_scope_units())::integer[])'
const POLICIES = [
  ['rectification_items', `${SCOPE_ALL} OR ${IN_UNITS} OR case_id = ANY ((SELECT dossier_scope_cases())::integer[])`],
  ['rectification_item_counts', `${SCOPE_ALL} OR ${IN_UNITS}`]
].map(([t, using]) => `
  ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;
  ALTER TABLE ${t} FORCE ROW LEVEL SECURITY;
  CREATE POLICY owner_all ON ${t} TO dossier_owner USING (true) WITH CHECK (true);
  CREATE POLICY app_scope ON ${t} TO dossier_app USING (${using}) WITH CHECK (${using});`).join('\n')
