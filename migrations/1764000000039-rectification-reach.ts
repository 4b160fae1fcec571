import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The demo generator's root causes are ground truth (demo_truth policy 'rootcause', issue 11 point 8), and
 * the 整改 follow-up (migration 32) is reached by the two things that must see every change of a case:
 *
 * - Closing a quarter (migration 24): a follow-up step (a new track, a status change, an update with its
 *   evidence) on an item of a case received in a closed quarter changes the report's rectification status, so
 *   it is listed as a post-close change, kind 'rectification', like a changed measure. The same statement
 *   triggers, over each table's transition rows and the case the item belongs to (a finding through its review,
 *   a measure directly).
 * - Anonymisation after the retention period (migration 28, src-main/retention/anonymise.ts): the notes and
 *   evidence of follow-up updates are free text a reviewer types (「客户张三来电 13912345678 确认已退款」), so they are
 *   rewritten like every other text of the case. Updates stay append-only, with one exception only the owner
 *   can make: `dossier_rectification_updates_redact` rewrites note and evidence, nothing else, and only of
 *   updates whose case is already anonymised. The trail entries of those follow-ups (entity 'rectification',
 *   their note and evidence) are redacted by `dossier_trail_redact_rectification`, through the trail's own
 *   guard (values replaced by 「已匿名化」, listed in the anonymisation record, so the chain still verifies).
 */
export class RectificationReach1764000000039 implements MigrationInterface {
  name = 'RectificationReach1764000000039'

  async up(q: QueryRunner): Promise<void> {
    for (const [table, source] of SOURCES) {
      for (const op of ['INSERT', 'UPDATE', 'DELETE'] as const) {
        const refs = op === 'UPDATE' ? 'OLD TABLE AS qc_old NEW TABLE AS qc_rows' : op === 'INSERT' ? 'NEW TABLE AS qc_rows' : 'OLD TABLE AS qc_rows'
        const src = op === 'UPDATE' ? `${fill(source, 'qc_rows')} UNION ${fill(source, 'qc_old')}` : fill(source, 'qc_rows')
        await q.query(`CREATE TRIGGER quarter_${table}_${op.toLowerCase()} AFTER ${op} ON ${table} REFERENCING ${refs}
          FOR EACH STATEMENT EXECUTE FUNCTION quarter_note('rectification', ${lit(op.toLowerCase())}, ${lit(src)})`)
      }
    }
    // The demo generator's root causes (issue 11 point 8) are its ground truth too.
    await q.query(`ALTER TABLE demo_truth DROP CONSTRAINT demo_truth_policy_check;
      ALTER TABLE demo_truth ADD CONSTRAINT demo_truth_policy_check CHECK (policy IN ('internal', 'regulatory', 'legal', 'rootcause'))`)
    await q.query(`
      CREATE OR REPLACE FUNCTION dossier_rectification_updates_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Anonymising (dossier_rectification_updates_redact, as the owner): note and evidence rewritten, nothing else.
        IF current_setting('dossier.rectification_redacting', true) = 'on'
           AND current_user = (SELECT r.rolname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE c.oid = 'rectification_updates'::regclass)
           AND (NEW.id, NEW.track_id, NEW.status, NEW.by_user, NEW.at) IS NOT DISTINCT FROM (OLD.id, OLD.track_id, OLD.status, OLD.by_user, OLD.at) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'rectification updates cannot be edited' USING ERRCODE = '42501';
      END $$;

      -- The case of each follow-up update, through its track's finding (review) or measure.
      CREATE FUNCTION dossier_rectification_update_case(p_track integer) RETURNS integer LANGUAGE sql STABLE
        SET search_path = public, pg_temp AS $$
        SELECT coalesce(r.case_id, x.case_id) FROM rectification_tracks t
          LEFT JOIN findings f ON f.id = t.finding_id LEFT JOIN reviews r ON r.id = f.review_id
          LEFT JOIN rectifications x ON x.id = t.rectification_id
         WHERE t.id = p_track
      $$;

      -- Rewrites note and evidence of the given updates, each only when its case is anonymised; returns how many.
      CREATE FUNCTION dossier_rectification_updates_redact(p_ids integer[], p_notes text[], p_evidence text[]) RETURNS integer
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE n integer;
      BEGIN
        PERFORM set_config('dossier.rectification_redacting', 'on', true);
        UPDATE rectification_updates u SET note = x.note, evidence = x.evidence
          FROM unnest(p_ids, p_notes, p_evidence) AS x(id, note, evidence)
         WHERE u.id = x.id AND EXISTS (SELECT 1 FROM cases c WHERE c.id = dossier_rectification_update_case(u.track_id) AND c.anonymised_at IS NOT NULL);
        GET DIAGNOSTICS n = ROW_COUNT;
        PERFORM set_config('dossier.rectification_redacting', 'off', true);
        RETURN n;
      END $$;
      REVOKE EXECUTE ON FUNCTION dossier_rectification_updates_redact(integer[], text[], text[]) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION dossier_rectification_updates_redact(integer[], text[], text[]) TO dossier_app;

      -- The follow-up trail entries (entity 'rectification', 'finding:ID' or 'measure:ID') of these cases, their
      -- note and evidence replaced by the marker, through the trail's guard as dossier_trail_redact does.
      CREATE FUNCTION dossier_trail_redact_rectification(p_case_ids integer[]) RETURNS bigint[] LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = public, pg_temp AS $$
      DECLARE ids bigint[];
      DECLARE keys text[] := ARRAY['note', 'evidence'];
      BEGIN
        PERFORM set_config('dossier.trail_redacting', 'on', true);
        WITH items AS (
          SELECT 'finding:' || f.id AS entity_id FROM findings f JOIN reviews r ON r.id = f.review_id WHERE r.case_id = ANY (p_case_ids)
          UNION ALL SELECT 'measure:' || x.id FROM rectifications x WHERE x.case_id = ANY (p_case_ids)
        ), hit AS (
          SELECT t.id FROM audit_trail t JOIN items i ON i.entity_id = t.entity_id
           WHERE t.entity = 'rectification' AND t.hash IS NOT NULL AND (t.before ?| keys OR t.after ?| keys)
        ), done AS (
          UPDATE audit_trail t SET redacted_at = now(),
                 before = CASE WHEN jsonb_typeof(t.before) = 'object' THEN (SELECT jsonb_object_agg(e.key, CASE WHEN e.key = ANY (keys) AND e.value <> 'null'::jsonb THEN to_jsonb('已匿名化'::text) ELSE e.value END) FROM jsonb_each(t.before) e) ELSE t.before END,
                 after = CASE WHEN jsonb_typeof(t.after) = 'object' THEN (SELECT jsonb_object_agg(e.key, CASE WHEN e.key = ANY (keys) AND e.value <> 'null'::jsonb THEN to_jsonb('已匿名化'::text) ELSE e.value END) FROM jsonb_each(t.after) e) ELSE t.after END
            FROM hit WHERE t.id = hit.id RETURNING t.id
        )
        SELECT coalesce(array_agg(id ORDER BY id), '{}') INTO ids FROM done;
        PERFORM set_config('dossier.trail_redacting', 'off', true);
        RETURN ids;
      END $$;
      REVOKE EXECUTE ON FUNCTION dossier_trail_redact_rectification(integer[]) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION dossier_trail_redact_rectification(integer[]) TO dossier_app;
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of SOURCES) for (const op of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER IF EXISTS quarter_${table}_${op} ON ${table}`)
    await q.query(`DELETE FROM demo_truth WHERE policy = 'rootcause'; ALTER TABLE demo_truth DROP CONSTRAINT demo_truth_policy_check;
      ALTER TABLE demo_truth ADD CONSTRAINT demo_truth_policy_check CHECK (policy IN ('internal', 'regulatory', 'legal'))`)
    await q.query(`
      DROP FUNCTION IF EXISTS dossier_trail_redact_rectification(integer[]);
      DROP FUNCTION IF EXISTS dossier_rectification_updates_redact(integer[], text[], text[]);
      DROP FUNCTION IF EXISTS dossier_rectification_update_case(integer);
      CREATE OR REPLACE FUNCTION dossier_rectification_updates_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'rectification updates cannot be edited' USING ERRCODE = '42501';
      END $$;
    `)
  }
}

const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`
const fill = (source: string, table: string): string => source.replace('%s', table)

/** The case of a track row (%s): through its finding's review or its measure. */
const TRACK_CASE = `FROM %s t LEFT JOIN findings f ON f.id = t.finding_id LEFT JOIN reviews r ON r.id = f.review_id
  LEFT JOIN rectifications x ON x.id = t.rectification_id JOIN cases c ON c.id = coalesce(r.case_id, x.case_id)`

const SOURCES: [table: string, source: string][] = [
  ['rectification_tracks', `SELECT c.id, c.case_no, c.received_at ${TRACK_CASE}`],
  ['rectification_updates', `SELECT c.id, c.case_no, c.received_at ${TRACK_CASE.replace('%s t', '%s u JOIN rectification_tracks t ON t.id = u.track_id')}`]
]
