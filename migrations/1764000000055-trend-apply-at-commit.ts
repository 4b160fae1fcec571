import type { MigrationInterface, QueryRunner } from 'typeorm'
import { replaceTrendFunctions } from '../src-main/trends/summary-sql'

/**
 * The trend summaries are moved once per transaction, at its commit, instead of once per statement (issue 11:
 * bulk tagging 10,000 cases under 5 s).
 *
 * Every statement on a table a figure reads (cases, audit_results, case_root_causes, reviews, remediation_offers,
 * rc_nodes) called trend_apply with the cases it touched. A bulk tag is three such statements on the tags (the
 * secondary that becomes primary goes, the primaries are re-pointed, the rest get one) and a fourth when the
 * re-judge rewrites their results: four passes over the same 10,000 cases' facts and summary rows.
 *
 * trend_apply(ids) brings the summaries of `ids` from their stored facts (trend_case_facts) to what the cases read
 * now, so applying the union of a transaction's ids once, after its last statement, gives the same sums as applying
 * each statement's ids in turn. The statement triggers now note their ids in trend_pending; a deferred constraint
 * trigger on that table applies them before the transaction commits (as the trail's chain is made, migration 13),
 * the first such trigger doing the work and the others finding nothing left. Inside the transaction the summaries
 * therefore read as they were before it until it commits — a reader that needs them current within its own
 * transaction calls trend_flush() (nothing reads them so today). A bulk load still skips it all (its restore
 * rebuilds); a rolled-back transaction or savepoint takes its pending rows with it.
 *
 * trend_apply and the rebuild also get 64 MB to sort and group in (`workMem`): the one apply of a bulk tag of
 * 10,000 cases groups ~100,000 rows per dimension table, which spilled to disk at the default 4 MB. And trend_apply
 * sums the touched cases' deltas once by the wide keys, rolling the narrow and per-dimension deltas up from those
 * sums (`rollUp`, as the rebuild fills them) rather than summing every case's 112 measures again per table: five
 * rows per case for the per-dimension tables.
 */
export class TrendApplyAtCommit1764000000055 implements MigrationInterface {
  name = 'TrendApplyAtCommit1764000000055'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE trend_pending (txid bigint NOT NULL DEFAULT txid_current(), ids integer[] NOT NULL);
      CREATE INDEX trend_pending_txid_idx ON trend_pending(txid);
      REVOKE ALL ON trend_pending FROM PUBLIC, dossier_app;

      CREATE FUNCTION trend_defer(p_ids integer[]) RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        INSERT INTO trend_pending (ids) VALUES (p_ids)
      $$;
      CREATE FUNCTION trend_flush() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE touched integer[];
      BEGIN
        WITH d AS (DELETE FROM trend_pending p WHERE p.txid = txid_current() RETURNING p.ids)
        SELECT array_agg(DISTINCT x) INTO touched FROM d, unnest(d.ids) x;
        IF touched IS NOT NULL THEN PERFORM trend_apply(touched); END IF;
      END $$;
      CREATE FUNCTION trend_on_pending() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        PERFORM trend_flush();
        RETURN NULL;
      END $$;
      CREATE CONSTRAINT TRIGGER trend_pending_flush AFTER INSERT ON trend_pending DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION trend_on_pending();
      REVOKE EXECUTE ON FUNCTION trend_defer(integer[]), trend_flush(), trend_on_pending() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION trend_flush() TO dossier_app;
    `)
    await q.query(triggerFunctions('trend_defer'))
    await replaceTrendFunctions(q, { narrow: true, dims: true, sparse: true, rc2: true, workMem: true, rollUp: true })
  }

  async down(q: QueryRunner): Promise<void> {
    await replaceTrendFunctions(q, { narrow: true, dims: true, sparse: true, rc2: true })
    await q.query(triggerFunctions('trend_apply'))
    await q.query(`
      DROP TRIGGER trend_pending_flush ON trend_pending;
      DROP FUNCTION trend_on_pending(), trend_flush(), trend_defer(integer[]);
      DROP TABLE trend_pending;
    `)
  }
}

/**
 * The statement triggers' functions of migrations 19 and 54, calling `fn` with the ids they gather: trend_defer
 * (noted, applied at commit) or trend_apply (applied at once, as before this migration).
 */
function triggerFunctions(fn: 'trend_defer' | 'trend_apply'): string {
  const call = `IF ids IS NOT NULL THEN PERFORM ${fn}(ids); END IF;`
  const head = (name: string): string => `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  DECLARE ids integer[];
  BEGIN
    IF trend_bulk_loading() THEN RETURN NULL; END IF;`
  return `
  ${head('trend_on_new')}
    EXECUTE format('SELECT array_agg(%I) FROM trend_new', TG_ARGV[0]) INTO ids;
    ${call}
    RETURN NULL;
  END $$;
  ${head('trend_on_old')}
    EXECUTE format('SELECT array_agg(%I) FROM trend_old', TG_ARGV[0]) INTO ids;
    ${call}
    RETURN NULL;
  END $$;
  ${head('trend_on_both')}
    EXECUTE format('SELECT array_agg(x) FROM (SELECT %1$I AS x FROM trend_old UNION SELECT %1$I FROM trend_new) u', TG_ARGV[0]) INTO ids;
    ${call}
    RETURN NULL;
  END $$;
  ${head('trend_on_cases_update')}
    SELECT array_agg(coalesce(n.id, o.id)) INTO ids FROM trend_new n FULL JOIN trend_old o ON o.id = n.id
      WHERE n.id IS NULL OR o.id IS NULL OR (n.received_at, n.unit_id, n.category, n.channel, n.severity, n.business_line, n.is_group, n.repeat_of_id, n.jrt_cause, n.is_direct, n.satisfaction)
        IS DISTINCT FROM (o.received_at, o.unit_id, o.category, o.channel, o.severity, o.business_line, o.is_group, o.repeat_of_id, o.jrt_cause, o.is_direct, o.satisfaction);
    ${call}
    RETURN NULL;
  END $$;
  ${head('trend_on_rc_nodes_update')}
    WITH changed AS (SELECT n.id FROM trend_new n JOIN trend_old o ON o.id = n.id
        WHERE (n.code, n.parent_id, n.merged_into) IS DISTINCT FROM (o.code, o.parent_id, o.merged_into)),
      nodes AS (SELECT x.id FROM rc_nodes x LEFT JOIN rc_nodes m ON m.id = x.merged_into
        WHERE x.id IN (SELECT id FROM changed) OR x.merged_into IN (SELECT id FROM changed)
          OR x.parent_id IN (SELECT id FROM changed) OR m.parent_id IN (SELECT id FROM changed))
    SELECT array_agg(t.case_id) INTO ids FROM case_root_causes t JOIN nodes ON nodes.id = t.node_id WHERE t.role = 'primary';
    ${call}
    RETURN NULL;
  END $$;`
}
