import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Directory sign-in and retention (issue 15, points 12 and 13).
 *
 * - `settings`: the institution's settings an administrator changes on screen (the directory's address and
 *   group → role mapping, the retention period), one row per key with a version; every change is in the trail.
 * - `users.auth_source`: 'local' (password hashed here) or 'directory' (the password is checked by the
 *   directory at every sign-in; the stored hash is a placeholder no password matches).
 * - `cases.anonymised_at`: when the case's personal data was removed after its retention period.
 * - The audit trail stays append-only, with one exception only the owner can make: `dossier_trail_redact`
 *   replaces the values of named keys of an anonymised case's entries with 「已匿名化」 (an import's
 *   before/after can hold a complainant's name and phone). The guard lets through nothing else: the keys, the
 *   other values and every other column stay as they were, and the row is marked `redacted_at`. Its hash
 *   is kept, so the chain's links and anchors still hold; `dossier verify-trail` accepts a redacted entry's
 *   content only when a later chained 'anonymise' entry lists it (src-main/trail/chain.ts).
 */
export class DirectoryRetention1764000000028 implements MigrationInterface {
  name = 'DirectoryRetention1764000000028'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE settings (
        key text PRIMARY KEY CHECK (key IN ('directory', 'retention')),
        value jsonb NOT NULL,
        version integer NOT NULL DEFAULT 1,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE users ADD COLUMN auth_source text NOT NULL DEFAULT 'local' CHECK (auth_source IN ('local', 'directory'));
      ALTER TABLE cases ADD COLUMN anonymised_at timestamptz;
      CREATE INDEX cases_retention_idx ON cases(closed_at) WHERE anonymised_at IS NULL;
      ALTER TABLE audit_trail ADD COLUMN redacted_at timestamptz;
      CREATE INDEX audit_trail_case_idx ON audit_trail(entity_id) WHERE entity = 'case';

      CREATE OR REPLACE FUNCTION dossier_trail_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          NEW.chain_seq := NULL; NEW.prev_hash := NULL; NEW.hash := NULL; NEW.redacted_at := NULL;
          RETURN NEW;
        END IF;
        -- Chaining a new entry: sets the three chain columns and nothing else.
        IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL
           AND (NEW.id, NEW.at, NEW.actor, NEW.entity, NEW.entity_id, NEW.action) IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.actor, OLD.entity, OLD.entity_id, OLD.action)
           AND NEW.before IS NOT DISTINCT FROM OLD.before AND NEW.after IS NOT DISTINCT FROM OLD.after AND NEW.redacted_at IS NOT DISTINCT FROM OLD.redacted_at THEN
          RETURN NEW;
        END IF;
        -- Redacting personal data (dossier_trail_redact, as the owner): values replaced by the marker, nothing else.
        IF TG_OP = 'UPDATE' AND current_setting('dossier.trail_redacting', true) = 'on'
           AND current_user = (SELECT r.rolname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE c.oid = 'audit_trail'::regclass)
           AND OLD.hash IS NOT NULL AND NEW.redacted_at IS NOT NULL
           AND (NEW.id, NEW.at, NEW.actor, NEW.entity, NEW.entity_id, NEW.action, NEW.chain_seq, NEW.prev_hash, NEW.hash)
               IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.actor, OLD.entity, OLD.entity_id, OLD.action, OLD.chain_seq, OLD.prev_hash, OLD.hash)
           AND dossier_only_redacted(OLD.before, NEW.before) AND dossier_only_redacted(OLD.after, NEW.after) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION '审计留痕只能追加，不能修改、删除或清空' USING ERRCODE = '42501';
      END $$;

      -- Same keys; each value either unchanged or the marker.
      CREATE FUNCTION dossier_only_redacted(o jsonb, n jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
        SELECT CASE
          WHEN o IS NULL OR n IS NULL THEN o IS NOT DISTINCT FROM n
          WHEN jsonb_typeof(o) <> 'object' OR jsonb_typeof(n) <> 'object' THEN o = n
          ELSE (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(o) k) IS NOT DISTINCT FROM (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(n) k)
               AND NOT EXISTS (SELECT 1 FROM jsonb_each(o) e WHERE n -> e.key <> e.value AND n -> e.key <> to_jsonb('已匿名化'::text))
        END
      $$;

      -- The trail entries of these cases (entity 'case', an import's before/after) with the named keys'
      -- values replaced by the marker, in the caller's transaction. Returns the ids redacted.
      CREATE FUNCTION dossier_trail_redact(p_case_ids integer[], p_keys text[]) RETURNS bigint[] LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = public, pg_temp AS $$
      DECLARE ids bigint[];
      BEGIN
        PERFORM set_config('dossier.trail_redacting', 'on', true);
        WITH hit AS (
          SELECT t.id FROM audit_trail t
           WHERE t.entity = 'case' AND t.entity_id = ANY (SELECT c::text FROM unnest(p_case_ids) c) AND t.hash IS NOT NULL
             AND (t.before ?| p_keys OR t.after ?| p_keys)
        ), done AS (
          UPDATE audit_trail t SET redacted_at = now(),
                 before = CASE WHEN jsonb_typeof(t.before) = 'object' THEN (SELECT jsonb_object_agg(e.key, CASE WHEN e.key = ANY (p_keys) AND e.value <> 'null'::jsonb THEN to_jsonb('已匿名化'::text) ELSE e.value END) FROM jsonb_each(t.before) e) ELSE t.before END,
                 after = CASE WHEN jsonb_typeof(t.after) = 'object' THEN (SELECT jsonb_object_agg(e.key, CASE WHEN e.key = ANY (p_keys) AND e.value <> 'null'::jsonb THEN to_jsonb('已匿名化'::text) ELSE e.value END) FROM jsonb_each(t.after) e) ELSE t.after END
            FROM hit WHERE t.id = hit.id RETURNING t.id
        )
        SELECT coalesce(array_agg(id ORDER BY id), '{}') INTO ids FROM done;
        PERFORM set_config('dossier.trail_redacting', 'off', true);
        RETURN ids;
      END $$;
      REVOKE EXECUTE ON FUNCTION dossier_trail_redact(integer[], text[]) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION dossier_trail_redact(integer[], text[]) TO dossier_app;
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION IF EXISTS dossier_trail_redact(integer[], text[]);
      CREATE OR REPLACE FUNCTION dossier_trail_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          NEW.chain_seq := NULL; NEW.prev_hash := NULL; NEW.hash := NULL;
          RETURN NEW;
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL
           AND (NEW.id, NEW.at, NEW.actor, NEW.entity, NEW.entity_id, NEW.action) IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.actor, OLD.entity, OLD.entity_id, OLD.action)
           AND NEW.before IS NOT DISTINCT FROM OLD.before AND NEW.after IS NOT DISTINCT FROM OLD.after THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION '审计留痕只能追加，不能修改、删除或清空' USING ERRCODE = '42501';
      END $$;
      DROP FUNCTION IF EXISTS dossier_only_redacted(jsonb, jsonb);
      DROP INDEX IF EXISTS audit_trail_case_idx;
      ALTER TABLE audit_trail DROP COLUMN redacted_at;
      DROP INDEX IF EXISTS cases_retention_idx;
      ALTER TABLE cases DROP COLUMN anonymised_at;
      ALTER TABLE users DROP COLUMN auth_source;
      DROP TABLE settings;
    `)
  }
}
