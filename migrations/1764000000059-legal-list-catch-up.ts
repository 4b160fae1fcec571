import type { MigrationInterface, QueryRunner } from 'typeorm'
import { catchUpFunctionSql } from '../src-main/db/catch-up-sql'

/**
 * A large tag change leaves the offers list's root-cause columns to a catch-up after its commit, as migration 56
 * does the trend summaries (issue 11: bulk tagging 10,000 cases under 5 s).
 *
 * legal_offer_list (migration 23) is kept by statement triggers in the writer's own transaction. A bulk tag of
 * 10,000 cases rewrites the list rows of their ~2,900 offers (root_node_id, root_code, root_top), and as those are
 * indexed no update is HOT: each row gets a new entry in every one of the list's 23 indexes. At 1,000,000 cases that
 * was 0.9–1.2 s of the 4.5–5.2 s a bulk tag of a random selection took.
 *
 * - The tags' triggers (legal_list_rc_*) now call legal_offer_list_on_tags: up to `dossier.legal_defer_above` offers
 *   (default 1,000; a session may set it) are applied at once, as before; more are noted in legal_pending and commit
 *   with the transaction. The other writers' triggers (offers, cases, checks, reviews) apply at once, as before.
 * - legal_catch_up(max) applies up to `max` noted offers in its own transaction and says whether any are still
 *   noted. The app calls it in the background after a bulk tag, and every reader of the list (legal/catch-up use:
 *   the list, the precedent band, the export, the stored checks' refresh) calls it until none is left before reading.
 * - legal_offer_list_apply now locks the list rows it recomputes, in offer order, before reading what they show (the
 *   work itself moves, unchanged, to legal_offer_list_compute): a writer and a catch-up of the same offer then run
 *   one after the other, the second reading what the first committed — without it, a row computed from a snapshot
 *   taken before another writer's commit could be written after it, undoing it.
 */
export class LegalListCatchUp1764000000059 implements MigrationInterface {
  name = 'LegalListCatchUp1764000000059'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE legal_pending (txid bigint NOT NULL DEFAULT txid_current(), ids integer[] NOT NULL);
      REVOKE ALL ON legal_pending FROM PUBLIC, dossier_app;

      ALTER FUNCTION legal_offer_list_apply(integer[]) RENAME TO legal_offer_list_compute;
      CREATE FUNCTION legal_offer_list_apply(p_ids integer[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        -- Its own statement: the work below reads, in a snapshot taken after the locks, what an apply it waited for wrote.
        IF p_ids IS NOT NULL THEN
          PERFORM 1 FROM legal_offer_list l WHERE l.offer_id IN (SELECT unnest(p_ids)) ORDER BY l.offer_id FOR UPDATE;
        END IF;
        PERFORM legal_offer_list_compute(p_ids);
      END $$;
      REVOKE EXECUTE ON FUNCTION legal_offer_list_apply(integer[]) FROM PUBLIC;

      CREATE FUNCTION legal_offer_list_on_tags() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        keys integer[]; ids integer[];
        above bigint := coalesce(nullif(current_setting('dossier.legal_defer_above', true), '')::bigint, 1000);
      BEGIN
        IF trend_bulk_loading() THEN RETURN NULL; END IF;
        IF TG_OP = 'INSERT' THEN SELECT array_agg(DISTINCT case_id) INTO keys FROM list_new;
        ELSIF TG_OP = 'DELETE' THEN SELECT array_agg(DISTINCT case_id) INTO keys FROM list_old;
        ELSE SELECT array_agg(x) INTO keys FROM (SELECT case_id AS x FROM list_old UNION SELECT case_id FROM list_new) u;
        END IF;
        IF keys IS NULL THEN RETURN NULL; END IF;
        SELECT array_agg(id) INTO ids FROM remediation_offers WHERE case_id = ANY (keys);
        IF ids IS NULL THEN RETURN NULL; END IF;
        IF cardinality(ids) > above THEN INSERT INTO legal_pending (ids) VALUES (ids);
        ELSE PERFORM legal_offer_list_apply(ids);
        END IF;
        RETURN NULL;
      END $$;
      REVOKE EXECUTE ON FUNCTION legal_offer_list_on_tags() FROM PUBLIC;

      DROP TRIGGER legal_list_rc_ins ON case_root_causes;
      DROP TRIGGER legal_list_rc_upd ON case_root_causes;
      DROP TRIGGER legal_list_rc_del ON case_root_causes;
      CREATE TRIGGER legal_list_rc_ins AFTER INSERT ON case_root_causes REFERENCING NEW TABLE AS list_new FOR EACH STATEMENT EXECUTE FUNCTION legal_offer_list_on_tags();
      CREATE TRIGGER legal_list_rc_upd AFTER UPDATE ON case_root_causes REFERENCING OLD TABLE AS list_old NEW TABLE AS list_new FOR EACH STATEMENT EXECUTE FUNCTION legal_offer_list_on_tags();
      CREATE TRIGGER legal_list_rc_del AFTER DELETE ON case_root_causes REFERENCING OLD TABLE AS list_old FOR EACH STATEMENT EXECUTE FUNCTION legal_offer_list_on_tags();

      ${catchUpFunctionSql('legal_catch_up', 'legal_pending', 'legal_offer_list_apply')}
      REVOKE EXECUTE ON FUNCTION legal_catch_up(integer) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION legal_catch_up(integer) TO dossier_app;
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN WHILE legal_catch_up(2000) LOOP END LOOP; END $$`)
    await q.query(`
      DROP TRIGGER legal_list_rc_ins ON case_root_causes;
      DROP TRIGGER legal_list_rc_upd ON case_root_causes;
      DROP TRIGGER legal_list_rc_del ON case_root_causes;
      CREATE TRIGGER legal_list_rc_ins AFTER INSERT ON case_root_causes REFERENCING NEW TABLE AS list_new FOR EACH STATEMENT EXECUTE FUNCTION legal_offer_list_on_change('case_id', 'case');
      CREATE TRIGGER legal_list_rc_upd AFTER UPDATE ON case_root_causes REFERENCING OLD TABLE AS list_old NEW TABLE AS list_new FOR EACH STATEMENT EXECUTE FUNCTION legal_offer_list_on_change('case_id', 'case');
      CREATE TRIGGER legal_list_rc_del AFTER DELETE ON case_root_causes REFERENCING OLD TABLE AS list_old FOR EACH STATEMENT EXECUTE FUNCTION legal_offer_list_on_change('case_id', 'case');
      DROP FUNCTION legal_catch_up(integer), legal_offer_list_on_tags(), legal_offer_list_apply(integer[]);
      ALTER FUNCTION legal_offer_list_compute(integer[]) RENAME TO legal_offer_list_apply;
      DROP TABLE legal_pending;
    `)
  }
}
