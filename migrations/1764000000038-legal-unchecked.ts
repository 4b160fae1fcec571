import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The offers whose checks are not stored, kept as a queue (issue 13: opening an offer and reading the list at
 * 1,000,000 cases).
 *
 * refreshChecks (legal/check-store.ts) ran before every offers list and every offer's panel, and began with an
 * anti-join of every offer against every stored check (`NOT EXISTS offer_checks`): a scan of both tables per
 * click. offers_unchecked holds exactly the ids that anti-join gives, kept by statement triggers in the
 * writer's transaction:
 * - a new offer has no checks (its checks can only be inserted after it): its id enters;
 * - stored checks inserted: their offers leave; deleted (migration 20's trigger when an offer or its case
 *   changes, a matrix change): their offers enter again, unless the offer itself is gone;
 * - an offer deleted or the offers emptied: its id leaves.
 * No key to remediation_offers (a bulk load empties the tables a key reaches, and would check every id it
 * loads); readers join it to remediation_offers, which also applies the reader's row security. No policy of
 * its own: offer ids only, nothing of a case. Only the owner's trigger functions write it.
 *
 * Two costs of the first computation of every offer's checks and of the offers list (test/bench/legal-profile.ts,
 * legal-explain.ts at 100,000 cases):
 * - legal_offer_list_apply(ids), run by the trigger of each chunk of 2,000 stored checks, found its offers by
 *   `offer_id = ANY (ids)`: a sequential scan of the whole list (and of the offers) testing each row against the
 *   2,000 ids — 0.4 s per chunk at 28,000 offers, and growing with the list, so the chunks together grew with the
 *   square of the archive. Now the ids are joined (unnest), each offer found by its key.
 * - the list's filters on one column (unit, category, business line, type, product, root cause, review
 *   status, 任一未通过) read their matches by their own index and sort them (legal/offer-list.ts, up to 10,000):
 *   each such read went to the table for every match (bitmap heap or sequential scans). Their indexes now carry
 *   the sort keys and the other filters' columns, so the read stays in the index.
 */
export class LegalUnchecked1764000000038 implements MigrationInterface {
  name = 'LegalUnchecked1764000000038'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE offers_unchecked (offer_id integer PRIMARY KEY);
      REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON offers_unchecked FROM dossier_app;
      INSERT INTO offers_unchecked SELECT o.id FROM remediation_offers o WHERE NOT EXISTS (SELECT 1 FROM offer_checks k WHERE k.offer_id = o.id);

      CREATE FUNCTION offers_unchecked_on_offers() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN INSERT INTO offers_unchecked SELECT id FROM unchecked_rows ON CONFLICT DO NOTHING;
        ELSIF TG_OP = 'DELETE' THEN DELETE FROM offers_unchecked u USING unchecked_rows d WHERE u.offer_id = d.id;
        ELSE DELETE FROM offers_unchecked;
        END IF;
        RETURN NULL;
      END $$;
      CREATE FUNCTION offers_unchecked_on_checks() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN DELETE FROM offers_unchecked u USING unchecked_rows k WHERE u.offer_id = k.offer_id;
        ELSIF TG_OP = 'DELETE' THEN
          -- A cascade from a deleted offer: the offer is gone already, and stays out.
          INSERT INTO offers_unchecked SELECT k.offer_id FROM unchecked_rows k WHERE EXISTS (SELECT 1 FROM remediation_offers o WHERE o.id = k.offer_id)
          ON CONFLICT DO NOTHING;
        ELSE
          INSERT INTO offers_unchecked SELECT o.id FROM remediation_offers o ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END $$;
      REVOKE EXECUTE ON FUNCTION offers_unchecked_on_offers(), offers_unchecked_on_checks() FROM PUBLIC;
      CREATE TRIGGER offers_unchecked_ins AFTER INSERT ON remediation_offers REFERENCING NEW TABLE AS unchecked_rows
        FOR EACH STATEMENT EXECUTE FUNCTION offers_unchecked_on_offers();
      CREATE TRIGGER offers_unchecked_del AFTER DELETE ON remediation_offers REFERENCING OLD TABLE AS unchecked_rows
        FOR EACH STATEMENT EXECUTE FUNCTION offers_unchecked_on_offers();
      CREATE TRIGGER offers_unchecked_trunc AFTER TRUNCATE ON remediation_offers FOR EACH STATEMENT EXECUTE FUNCTION offers_unchecked_on_offers();
      CREATE TRIGGER offers_unchecked_checks_ins AFTER INSERT ON offer_checks REFERENCING NEW TABLE AS unchecked_rows
        FOR EACH STATEMENT EXECUTE FUNCTION offers_unchecked_on_checks();
      CREATE TRIGGER offers_unchecked_checks_del AFTER DELETE ON offer_checks REFERENCING OLD TABLE AS unchecked_rows
        FOR EACH STATEMENT EXECUTE FUNCTION offers_unchecked_on_checks();
      CREATE TRIGGER offers_unchecked_checks_trunc AFTER TRUNCATE ON offer_checks FOR EACH STATEMENT EXECUTE FUNCTION offers_unchecked_on_checks();
    `)
    await q.query(`
      CREATE OR REPLACE FUNCTION legal_offer_list_apply(p_ids integer[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF p_ids IS NULL THEN
          DELETE FROM legal_offer_list l WHERE NOT EXISTS (SELECT 1 FROM remediation_offers o WHERE o.id = l.offer_id);
          INSERT INTO legal_offer_list AS l ${rows('remediation_offers o', 'true')}
          ON CONFLICT (offer_id) DO UPDATE SET ${SET} WHERE (l.*) IS DISTINCT FROM (EXCLUDED.*);
        ELSE
          DELETE FROM legal_offer_list l USING (SELECT DISTINCT unnest(p_ids) AS id) i
           WHERE l.offer_id = i.id AND NOT EXISTS (SELECT 1 FROM remediation_offers o WHERE o.id = l.offer_id);
          INSERT INTO legal_offer_list AS l ${rows('(SELECT DISTINCT unnest(p_ids) AS id) i JOIN remediation_offers o ON o.id = i.id', 'true')}
          ON CONFLICT (offer_id) DO UPDATE SET ${SET} WHERE (l.*) IS DISTINCT FROM (EXCLUDED.*);
        END IF;
      END $$;
      ${COVERED.map(([name, def]) => `DROP INDEX ${name}; CREATE INDEX ${name} ON legal_offer_list ${def};`).join('\n')}
      ANALYZE legal_offer_list;

      -- Stored checks written or removed: of an offer's list row they give only failed and outlier (the row's
      -- definition reads coalesce(k.failed, '{}') and coalesce(k.outlier, false)), so only those are set, by key,
      -- instead of the whole row rebuilt from six tables for each chunk of the first computation.
      CREATE FUNCTION legal_offer_list_on_checks() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF trend_bulk_loading() THEN RETURN NULL; END IF;
        IF TG_OP = 'DELETE' THEN
          UPDATE legal_offer_list l SET failed = '{}', outlier = false FROM (SELECT DISTINCT offer_id FROM list_old) d
           WHERE l.offer_id = d.offer_id AND NOT EXISTS (SELECT 1 FROM offer_checks k WHERE k.offer_id = d.offer_id)
             AND (l.failed, l.outlier) IS DISTINCT FROM ('{}'::text[], false);
        ELSE
          UPDATE legal_offer_list l SET failed = n.failed, outlier = n.outlier FROM list_new n
           WHERE l.offer_id = n.offer_id AND (l.failed, l.outlier) IS DISTINCT FROM (n.failed, n.outlier);
        END IF;
        RETURN NULL;
      END $$;
      REVOKE EXECUTE ON FUNCTION legal_offer_list_on_checks() FROM PUBLIC;
      ${CHECK_TRIGGERS.map(([name, op, refs]) => `DROP TRIGGER ${name} ON offer_checks;
      CREATE TRIGGER ${name} AFTER ${op} ON offer_checks REFERENCING ${refs} FOR EACH STATEMENT EXECUTE FUNCTION legal_offer_list_on_checks();`).join('\n')}
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    // Migration 37's definitions of the function and the indexes.
    await q.query(`
      CREATE OR REPLACE FUNCTION legal_offer_list_apply(p_ids integer[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF p_ids IS NULL THEN
          DELETE FROM legal_offer_list l WHERE NOT EXISTS (SELECT 1 FROM remediation_offers o WHERE o.id = l.offer_id);
          INSERT INTO legal_offer_list AS l ${rows('remediation_offers o', 'true')}
          ON CONFLICT (offer_id) DO UPDATE SET ${SET} WHERE (l.*) IS DISTINCT FROM (EXCLUDED.*);
        ELSE
          DELETE FROM legal_offer_list l WHERE l.offer_id = ANY (p_ids) AND NOT EXISTS (SELECT 1 FROM remediation_offers o WHERE o.id = l.offer_id);
          INSERT INTO legal_offer_list AS l ${rows('remediation_offers o', 'o.id = ANY (p_ids)')}
          ON CONFLICT (offer_id) DO UPDATE SET ${SET} WHERE (l.*) IS DISTINCT FROM (EXCLUDED.*);
        END IF;
      END $$;
      ${COVERED.map(([name]) => `DROP INDEX ${name};`).join('\n')}
      ${CHECK_TRIGGERS.map(([name, op, refs, arg]) => `DROP TRIGGER ${name} ON offer_checks;
      CREATE TRIGGER ${name} AFTER ${op} ON offer_checks REFERENCING ${refs} FOR EACH STATEMENT EXECUTE FUNCTION legal_offer_list_on_change(${arg});`).join('\n')}
      DROP FUNCTION legal_offer_list_on_checks();
      ${BEFORE.map(([name, def]) => `CREATE INDEX ${name} ON legal_offer_list ${def};`).join('\n')}
    `)
    await q.query(`
      DROP TRIGGER IF EXISTS offers_unchecked_ins ON remediation_offers; DROP TRIGGER IF EXISTS offers_unchecked_del ON remediation_offers;
      DROP TRIGGER IF EXISTS offers_unchecked_trunc ON remediation_offers;
      DROP TRIGGER IF EXISTS offers_unchecked_checks_ins ON offer_checks; DROP TRIGGER IF EXISTS offers_unchecked_checks_del ON offer_checks;
      DROP TRIGGER IF EXISTS offers_unchecked_checks_trunc ON offer_checks;
      DROP FUNCTION IF EXISTS offers_unchecked_on_offers(), offers_unchecked_on_checks();
      DROP TABLE IF EXISTS offers_unchecked;
    `)
  }
}

/** Migration 23's triggers of offer_checks on the list: name, event, transition tables, legal_offer_list_on_change's arguments. */
const CHECK_TRIGGERS: [string, string, string, string][] = [
  ['legal_list_checks_ins', 'INSERT', 'NEW TABLE AS list_new', "'offer_id', 'offer'"],
  ['legal_list_checks_upd', 'UPDATE', 'OLD TABLE AS list_old NEW TABLE AS list_new', "'offer_id', 'offer'"],
  ['legal_list_checks_del', 'DELETE', 'OLD TABLE AS list_old', "'offer_id', 'offer'"]
]

/** What a page of the list reads beside the filter's own column: the sort keys and the other filters' columns. */
const CARRIED = 'amount, case_no, unit_id, category, business_line, type, review_status'
/** Each one-column filter's index, carrying CARRIED (its read of up to 10,000 matches stays in the index). */
const COVERED: [string, string][] = [
  ['legal_offer_list_unit_idx', `(unit_id, at, offer_id) INCLUDE (${CARRIED})`],
  ['legal_offer_list_line_idx', `(business_line, at, offer_id) INCLUDE (${CARRIED})`],
  ['legal_offer_list_category_idx', `(category, at, offer_id) INCLUDE (${CARRIED})`],
  ['legal_offer_list_type_idx', `(type, at, offer_id) INCLUDE (${CARRIED})`],
  ['legal_offer_list_product_idx', `(product) INCLUDE (at, offer_id, ${CARRIED})`],
  ['legal_offer_list_root_idx', `(root_top, root_code) INCLUDE (at, offer_id, ${CARRIED})`],
  ['legal_offer_list_status_idx', `(review_status, at, offer_id) INCLUDE (${CARRIED}, signer_id) WHERE review_status <> 'none'`],
  ['legal_offer_list_failing_idx', `(at, offer_id) INCLUDE (${CARRIED}) WHERE failed <> '{}'`]
]
/** Their definitions before (migrations 23 and 37). */
const BEFORE: [string, string][] = [
  ['legal_offer_list_unit_idx', '(unit_id, at, offer_id)'],
  ['legal_offer_list_line_idx', '(business_line, at, offer_id)'],
  ['legal_offer_list_category_idx', '(category, at, offer_id)'],
  ['legal_offer_list_type_idx', '(type, at, offer_id)'],
  ['legal_offer_list_product_idx', '(product)'],
  ['legal_offer_list_root_idx', '(root_top, root_code)'],
  ['legal_offer_list_status_idx', "(review_status, at, offer_id) WHERE review_status <> 'none'"],
  ['legal_offer_list_failing_idx', "(at, offer_id) WHERE failed <> '{}'"]
]

const SET = ['case_id', 'case_no', 'at', 'approved_at', 'amount', 'type', 'unit_id', 'category', 'business_line', 'product', 'root_node_id', 'root_code',
  'root_top', 'settled', 'paid', 'failed', 'outlier', 'review_status', 'signer_id', 'reviewers'].map((c) => `${c} = EXCLUDED.${c}`).join(', ')

/** Migration 37's one definition of an offer's list row (unchanged), over the offers `from` names (as `o`) that `where` keeps. */
const rows = (from: string, where: string): string => `(offer_id, case_id, case_no, at, approved_at, amount, type, unit_id, category, business_line, product, root_node_id, root_code, root_top, settled, paid, failed, outlier, review_status, signer_id, reviewers)
        SELECT o.id, o.case_id, c.case_no, coalesce(o.approved_at, c.received_at), o.approved_at, o.amount, o.type, c.unit_id, c.category, c.business_line, c.product,
               n.id, n.code, split_part(n.code, '.', 1), (o.customer_accepted IS TRUE OR o.paid_at IS NOT NULL), o.paid_at IS NOT NULL,
               coalesce(k.failed, '{}'), coalesce(k.outlier, false),
               CASE WHEN r.id IS NULL THEN 'none' WHEN r.stale_at IS NOT NULL THEN 'stale' WHEN r.status = 'awaiting_cosign' THEN 'awaiting_cosign' ELSE 'final' END,
               r.signer_id,
               coalesce((SELECT array_agg(DISTINCT x ORDER BY x) FROM offer_legal_reviews a, LATERAL (VALUES (a.signer_id), (a.cosigner_id)) v(x)
                          WHERE a.offer_id = o.id AND x IS NOT NULL), '{}')
          FROM ${from}
          JOIN cases c ON c.id = o.case_id
          LEFT JOIN case_root_causes t ON t.case_id = c.id AND t.role = 'primary'
          LEFT JOIN rc_nodes n ON n.id = t.node_id
          LEFT JOIN LATERAL (SELECT k.failed, k.outlier FROM offer_checks k WHERE k.offer_id = o.id) k ON true
          LEFT JOIN offer_legal_reviews r ON r.offer_id = o.id AND r.status <> 'superseded'
         WHERE ${where}`
