import type { MigrationInterface, QueryRunner } from 'typeorm'
import { catchUpFunctionSql } from '../src-main/db/catch-up-sql'
import { replaceTrendFunctions } from '../src-main/trends/summary-sql'

const SET_55 = { narrow: true, dims: true, sparse: true, rc2: true, workMem: true, rollUp: true } as const

/**
 * A large write leaves its summaries to a catch-up after its commit (issue 11: bulk tagging 10,000 cases under 5 s).
 *
 * Since migration 55 a transaction's touched cases are applied once, at its commit. For a bulk tag of 10,000 cases
 * picked across the archive that one apply still writes ~200,000 summary rows (each case its own wide row, five
 * dimension rows and their axis rows), and the reviewer waited for it. The summaries are derived figures: nothing
 * is lost if they move a few seconds later, as long as no one reads them before they have.
 *
 * - At commit (trend_settle, the deferred trigger's work): up to `dossier.trend_defer_above` distinct cases
 *   (default 1,000; a session may set it) are applied as before. More are left in trend_pending, committed with
 *   the transaction.
 * - trend_catch_up(max) applies up to `max` of the cases committed transactions left (the rest go back, as one
 *   row) in its own transaction, and says whether any are still left. The app calls it in the background after
 *   such a write and on opening the archive, and every reader of the summaries (trends/source.ts) calls it until
 *   nothing is left before reading: figures are never read stale, only read later.
 * - trend_apply now locks the touched cases' facts first (`lockFacts`): a writer changing a case while the
 *   catch-up applies it waits at its own commit and then moves the summaries from what the catch-up wrote.
 *
 * Killed mid-way, a catch-up's transaction rolls back and its cases are still pending; the next one takes them.
 * Applying a case twice is harmless: trend_apply moves the summaries from the stored facts to the case as it is.
 */
export class TrendCatchUp1764000000056 implements MigrationInterface {
  name = 'TrendCatchUp1764000000056'

  async up(q: QueryRunner): Promise<void> {
    await replaceTrendFunctions(q, { ...SET_55, lockFacts: true })
    await q.query(`
      CREATE FUNCTION trend_settle() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        n bigint;
        above bigint := coalesce(nullif(current_setting('dossier.trend_defer_above', true), '')::bigint, 1000);
      BEGIN
        -- An earlier row's trigger left them already: the others have nothing to decide.
        IF current_setting('dossier.trend_left', true) = txid_current()::text THEN RETURN; END IF;
        SELECT count(DISTINCT x) INTO n FROM trend_pending p, unnest(p.ids) x WHERE p.txid = txid_current();
        IF n > above THEN
          PERFORM set_config('dossier.trend_left', txid_current()::text, true);
        ELSE
          PERFORM trend_flush();
        END IF;
      END $$;
      CREATE OR REPLACE FUNCTION trend_on_pending() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        PERFORM trend_settle();
        RETURN NULL;
      END $$;

      ${catchUpFunctionSql('trend_catch_up', 'trend_pending', 'trend_apply')}
      REVOKE EXECUTE ON FUNCTION trend_settle(), trend_catch_up(integer) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION trend_catch_up(integer) TO dossier_app;
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    // What is still pending is applied first: migration 55 knows no pending rows of committed transactions.
    await q.query(`DO $$ BEGIN WHILE trend_catch_up(2000) LOOP END LOOP; END $$`)
    await q.query(`
      CREATE OR REPLACE FUNCTION trend_on_pending() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        PERFORM trend_flush();
        RETURN NULL;
      END $$;
      DROP FUNCTION trend_catch_up(integer), trend_settle();
    `)
    await replaceTrendFunctions(q, SET_55)
  }
}
