// The SQL of a catch-up function (migrations 56 and 59): `name(p_max)` takes the ids committed transactions left in
// `pending`, applies up to p_max of them with `apply(ids)` and puts the rest back, and says whether any are still
// left. Built here once, so the trend summaries' and the offers list's catch-ups cannot drift apart.

/**
 * `CREATE FUNCTION name(p_max integer) RETURNS boolean` over `pending` (txid bigint, ids integer[]), applying by
 * `apply(integer[])`. txid_current_if_assigned: a reader's check gives its transaction no id of its own; rows of a
 * transaction still running are not seen; the remainder goes back as txid 0, which no transaction is.
 * @throws (in SQL, errcode 22023) p_max null or below 1
 */
export function catchUpFunctionSql(name: string, pending: string, apply: string): string {
  const others = `${pending} p WHERE p.txid IS DISTINCT FROM txid_current_if_assigned()`
  return `CREATE FUNCTION ${name}(p_max integer) RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE touched integer[];
      BEGIN
        IF p_max IS NULL OR p_max < 1 THEN RAISE EXCEPTION '${name}: max must be a positive number' USING ERRCODE = '22023'; END IF;
        IF NOT EXISTS (SELECT 1 FROM ${others}) THEN RETURN false; END IF;
        WITH d AS (DELETE FROM ${others} RETURNING p.ids)
        SELECT array_agg(DISTINCT x ORDER BY x) INTO touched FROM d, unnest(d.ids) x;
        IF cardinality(touched) > p_max THEN
          INSERT INTO ${pending} (txid, ids) VALUES (0, touched[p_max + 1:]);
          touched := touched[1:p_max];
        END IF;
        IF touched IS NOT NULL THEN PERFORM ${apply}(touched); END IF;
        RETURN EXISTS (SELECT 1 FROM ${others});
      END $$;`
}
