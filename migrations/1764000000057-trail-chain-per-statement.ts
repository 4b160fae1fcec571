import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The audit trail is chained at commit as before (migration 13), but noted once per transaction rather than once per
 * entry (issue 11: bulk tagging 10,000 cases under 5 s).
 *
 * Migration 13's deferred constraint trigger fired for every entry: a bulk tag's 10,000 entries queued 10,000 events,
 * the first of which chained them all and the other 9,999 each ran the function to find nothing left — about a third
 * of the 0.9 s its commit spent on the trail at 1,000,000 cases. Now a statement trigger on the trail notes the
 * transaction once, as a row of trail_pending (a setting remembers it for the transaction; rolled back with a
 * savepoint, so a later statement notes it again), and that row's deferred trigger chains every unchained entry, as
 * migration 13's did, removing the note. Chaining mid-transaction (SET CONSTRAINTS … IMMEDIATE) clears the setting,
 * so entries written after are noted and chained too.
 *
 * The chain itself — order, hashes, lock — is unchanged, and so is its verification. A session that sets
 * dossier.trail_noted by hand can leave its entries unchained until the next transaction chains them, as
 * dossier.trail_chained_upto could before; verification reports what is left unchained.
 */
export class TrailChainPerStatement1764000000057 implements MigrationInterface {
  name = 'TrailChainPerStatement1764000000057'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE trail_pending (txid bigint NOT NULL DEFAULT txid_current());
      REVOKE ALL ON trail_pending FROM PUBLIC, dossier_app;

      CREATE FUNCTION dossier_trail_note() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF current_setting('dossier.trail_noted', true) IS DISTINCT FROM txid_current()::text THEN
          INSERT INTO trail_pending DEFAULT VALUES;
          PERFORM set_config('dossier.trail_noted', txid_current()::text, true);
        END IF;
        RETURN NULL;
      END $$;

      CREATE FUNCTION dossier_trail_chain_noted() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE seq bigint; h bytea; p bytea; r record;
      BEGIN
        -- The first note's trigger chains; a second note of the transaction finds the notes gone.
        DELETE FROM trail_pending WHERE txid = txid_current();
        IF NOT FOUND THEN RETURN NULL; END IF;
        PERFORM set_config('dossier.trail_noted', '', true);
        PERFORM pg_advisory_xact_lock(4237001);
        SELECT t.chain_seq, t.hash INTO seq, h FROM audit_trail t WHERE t.chain_seq IS NOT NULL ORDER BY t.chain_seq DESC LIMIT 1;
        IF seq IS NULL THEN seq := 0; h := decode(repeat('00', 32), 'hex'); END IF;
        FOR r IN SELECT * FROM audit_trail WHERE hash IS NULL ORDER BY id FOR UPDATE LOOP
          seq := seq + 1; p := h;
          h := dossier_trail_hash(p, seq, r.id, r.at, r.actor, r.entity, r.entity_id, r.action, r.before, r.after);
          UPDATE audit_trail SET chain_seq = seq, prev_hash = p, hash = h WHERE id = r.id;
        END LOOP;
        RETURN NULL;
      END $$;

      DROP TRIGGER audit_trail_chain ON audit_trail;
      CREATE TRIGGER audit_trail_chain AFTER INSERT ON audit_trail FOR EACH STATEMENT EXECUTE FUNCTION dossier_trail_note();
      CREATE CONSTRAINT TRIGGER trail_pending_chain AFTER INSERT ON trail_pending DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION dossier_trail_chain_noted();
      REVOKE EXECUTE ON FUNCTION dossier_trail_note(), dossier_trail_chain_noted() FROM PUBLIC;
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER audit_trail_chain ON audit_trail;
      CREATE CONSTRAINT TRIGGER audit_trail_chain AFTER INSERT ON audit_trail DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION dossier_trail_chain();
      DROP TABLE trail_pending;
      DROP FUNCTION dossier_trail_note(), dossier_trail_chain_noted();
    `)
  }
}
