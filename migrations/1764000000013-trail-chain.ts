import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * A tamper-evident audit trail (issue 15, point 4). Each entry carries chain_seq (1, 2, 3… with no gap),
 * prev_hash and hash = SHA-256(prev_hash ‖ the entry's canonical text); see src-main/trail/chain.ts, which
 * recomputes the same in Node to verify. Entries are chained when their transaction commits (a deferred
 * trigger), so a long transaction does not hold other writers back and bulk work pays one lock per
 * transaction. No one, the owner included, may update or delete an entry, or truncate the trail, without
 * first switching these triggers off, which only the owner or a superuser can do and which verification
 * catches (a changed entry breaks its link; a rewrite that re-chains everything no longer matches the
 * anchors kept outside the database: src-main/trail/anchor.ts).
 *
 * Every register entry records the chain's head when it was issued, and the database gets an identity
 * so that anchors kept in a local file are matched to the right database.
 */
export class TrailChain1764000000013 implements MigrationInterface {
  name = 'TrailChain1764000000013'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_trail ADD COLUMN chain_seq bigint, ADD COLUMN prev_hash bytea, ADD COLUMN hash bytea;
      ALTER TABLE documents ADD COLUMN trail_seq bigint, ADD COLUMN trail_hash bytea;
      INSERT INTO app_meta (key, value) VALUES ('database.id', to_jsonb(gen_random_uuid()::text)) ON CONFLICT (key) DO NOTHING;

      -- Length-prefixed fields (NULL as N), so no two different entries share a text.
      CREATE FUNCTION dossier_trail_field(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(octet_length(v)::text || ':' || v, 'N') || ';'
      $$;
      CREATE FUNCTION dossier_trail_hash(prev bytea, seq bigint, id bigint, at timestamptz, actor text, entity text, entity_id text,
                                         action text, before jsonb, after jsonb) RETURNS bytea LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
        SELECT sha256(prev || convert_to('dossier-trail-1;' || dossier_trail_field(seq::text) || dossier_trail_field(id::text)
          || dossier_trail_field((extract(epoch FROM at) * 1000000)::bigint::text) || dossier_trail_field(actor) || dossier_trail_field(entity)
          || dossier_trail_field(entity_id) || dossier_trail_field(action) || dossier_trail_field(before::text) || dossier_trail_field(after::text), 'UTF8'))
      $$;

      -- The entries already written, in the order they were written.
      DO $$
      DECLARE r record; seq bigint := 0; h bytea := decode(repeat('00', 32), 'hex'); p bytea;
      BEGIN
        FOR r IN SELECT * FROM audit_trail ORDER BY id LOOP
          seq := seq + 1; p := h;
          h := dossier_trail_hash(p, seq, r.id, r.at, r.actor, r.entity, r.entity_id, r.action, r.before, r.after);
          UPDATE audit_trail SET chain_seq = seq, prev_hash = p, hash = h WHERE id = r.id;
        END LOOP;
      END $$;
      CREATE UNIQUE INDEX audit_trail_chain_idx ON audit_trail(chain_seq);
      CREATE INDEX audit_trail_unchained_idx ON audit_trail(id) WHERE hash IS NULL;

      CREATE FUNCTION dossier_trail_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          NEW.chain_seq := NULL; NEW.prev_hash := NULL; NEW.hash := NULL;
          RETURN NEW;
        END IF;
        -- The one update allowed: chaining a new entry, which sets the three chain columns and nothing else.
        IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL
           AND (NEW.id, NEW.at, NEW.actor, NEW.entity, NEW.entity_id, NEW.action) IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.actor, OLD.entity, OLD.entity_id, OLD.action)
           AND NEW.before IS NOT DISTINCT FROM OLD.before AND NEW.after IS NOT DISTINCT FROM OLD.after THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION '审计留痕只能追加，不能修改、删除或清空' USING ERRCODE = '42501';
      END $$;
      CREATE TRIGGER audit_trail_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_trail FOR EACH ROW EXECUTE FUNCTION dossier_trail_guard();
      CREATE TRIGGER audit_trail_no_truncate BEFORE TRUNCATE ON audit_trail FOR EACH STATEMENT EXECUTE FUNCTION dossier_trail_guard();

      -- At commit, the first entry's trigger chains every entry of the transaction; the others find them chained.
      -- dossier.trail_chained_upto only spares those later calls a look: were it set by hand, entries would be
      -- left unchained, which verification reports.
      CREATE FUNCTION dossier_trail_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        upto bigint := coalesce(nullif(current_setting('dossier.trail_chained_upto', true), '')::bigint, 0);
        seq bigint; h bytea; p bytea; r record; last_id bigint := NEW.id;
      BEGIN
        IF NEW.id <= upto THEN RETURN NULL; END IF;
        PERFORM pg_advisory_xact_lock(4237001);
        SELECT t.chain_seq, t.hash INTO seq, h FROM audit_trail t WHERE t.chain_seq IS NOT NULL ORDER BY t.chain_seq DESC LIMIT 1;
        IF seq IS NULL THEN seq := 0; h := decode(repeat('00', 32), 'hex'); END IF;
        FOR r IN SELECT * FROM audit_trail WHERE hash IS NULL ORDER BY id FOR UPDATE LOOP
          seq := seq + 1; p := h;
          h := dossier_trail_hash(p, seq, r.id, r.at, r.actor, r.entity, r.entity_id, r.action, r.before, r.after);
          UPDATE audit_trail SET chain_seq = seq, prev_hash = p, hash = h WHERE id = r.id;
          last_id := greatest(last_id, r.id);
        END LOOP;
        PERFORM set_config('dossier.trail_chained_upto', last_id::text, true);
        RETURN NULL;
      END $$;
      CREATE CONSTRAINT TRIGGER audit_trail_chain AFTER INSERT ON audit_trail DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION dossier_trail_chain();
      REVOKE EXECUTE ON FUNCTION dossier_trail_chain() FROM PUBLIC;
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS audit_trail_chain ON audit_trail;
      DROP TRIGGER IF EXISTS audit_trail_no_truncate ON audit_trail;
      DROP TRIGGER IF EXISTS audit_trail_guard ON audit_trail;
      DROP FUNCTION IF EXISTS dossier_trail_chain(), dossier_trail_guard(), dossier_trail_hash(bytea, bigint, bigint, timestamptz, text, text, text, text, jsonb, jsonb), dossier_trail_field(text);
      ALTER TABLE audit_trail DROP COLUMN chain_seq, DROP COLUMN prev_hash, DROP COLUMN hash;
      ALTER TABLE documents DROP COLUMN trail_seq, DROP COLUMN trail_hash;
      DELETE FROM app_meta WHERE key = 'database.id';
    `)
  }
}
