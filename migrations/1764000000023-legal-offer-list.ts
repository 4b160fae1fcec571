import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The legal workbench's offers list as one narrow table (issue 13: under 50 ms p95 with any filter).
 *
 * Before, every page joined offers, cases, units, staff, stored checks and opinions and filtered across them:
 * a filter on a case column, a check result or a review status could not use one index with the sort, and
 * the planner walked the whole join (10–300 ms p95 at 20,000 offers). legal_offer_list holds, per offer,
 * exactly what a filter, a queue or a sort reads, with an index per sort and per selective filter; the page's
 * 100 rows are then joined to their display columns (legal/offer-list.ts).
 *
 * Kept current in the writer's own transaction by statement-level triggers (transition tables) on every
 * table a column comes from: remediation_offers, cases, case_root_causes, offer_checks, offer_legal_reviews.
 * A bulk load (dossier_bulk_load_begin with indexes dropped) skips them; its restore rebuilds the list.
 * Only the owner's functions write it; the app reads it.
 */
export class LegalOfferList1764000000023 implements MigrationInterface {
  name = 'LegalOfferList1764000000023'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE legal_offer_list (
        offer_id integer PRIMARY KEY REFERENCES remediation_offers(id) ON DELETE CASCADE,
        case_id integer NOT NULL,
        case_no text NOT NULL,
        -- The period filter's day: the approval, or the case's receipt when the offer has none.
        at timestamptz NOT NULL,
        approved_at timestamptz,
        amount numeric(14,2) NOT NULL,
        type text NOT NULL,
        unit_id integer NOT NULL,
        category text NOT NULL,
        business_line text NOT NULL,
        product text,
        -- The case's primary root cause: its code and its first-level code (RC06.01 → RC06).
        root_node_id integer,
        root_code text,
        root_top text,
        -- Accepted by the customer or paid: a comparable for another offer's precedent (legal/precedent.ts).
        settled boolean NOT NULL,
        paid boolean NOT NULL,
        failed text[] NOT NULL DEFAULT '{}',
        outlier boolean NOT NULL DEFAULT false,
        review_status text NOT NULL CHECK (review_status IN ('none','awaiting_cosign','final','stale')),
        signer_id integer,
        -- Everyone who signed or co-signed any opinion on the offer, superseded ones included (queue 我已审).
        reviewers integer[] NOT NULL DEFAULT '{}'
      );
      -- The sorts (审批日期 sorts by the period filter's day, so a period and that sort share one index).
      CREATE INDEX legal_offer_list_at_idx ON legal_offer_list(at, offer_id);
      CREATE INDEX legal_offer_list_amount_idx ON legal_offer_list(amount, offer_id);
      CREATE INDEX legal_offer_list_case_no_idx ON legal_offer_list(case_no, offer_id);
      CREATE INDEX legal_offer_list_unit_idx ON legal_offer_list(unit_id, at, offer_id);
      CREATE INDEX legal_offer_list_product_idx ON legal_offer_list(product);
      CREATE INDEX legal_offer_list_root_idx ON legal_offer_list(root_top, root_code);
      -- Precedent: one group (type, business line, category) within a window of time, settled offers only.
      CREATE INDEX legal_offer_list_precedent_idx ON legal_offer_list(type, business_line, category, at) INCLUDE (amount, root_node_id) WHERE settled;
      CREATE INDEX legal_offer_list_failed_idx ON legal_offer_list USING gin(failed);
      -- 任一未通过: a minority that a GIN index cannot find (an array's non-emptiness is no key).
      CREATE INDEX legal_offer_list_failing_idx ON legal_offer_list(at, offer_id) WHERE failed <> '{}';
      CREATE INDEX legal_offer_list_reviewers_idx ON legal_offer_list USING gin(reviewers);
      CREATE INDEX legal_offer_list_status_idx ON legal_offer_list(review_status, at, offer_id) WHERE review_status <> 'none';
      REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON legal_offer_list FROM dossier_app;

      -- The one definition of an offer's list row; all offers when p_ids is null. A row is rewritten only when
      -- it differs (an unchanged row leaves no dead tuple behind).
      CREATE FUNCTION legal_offer_list_apply(p_ids integer[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        DELETE FROM legal_offer_list l WHERE (p_ids IS NULL OR l.offer_id = ANY (p_ids)) AND NOT EXISTS (SELECT 1 FROM remediation_offers o WHERE o.id = l.offer_id);
        INSERT INTO legal_offer_list AS l (offer_id, case_id, case_no, at, approved_at, amount, type, unit_id, category, business_line, product, root_node_id, root_code, root_top, settled, paid, failed, outlier, review_status, signer_id, reviewers)
        SELECT o.id, o.case_id, c.case_no, coalesce(o.approved_at, c.received_at), o.approved_at, o.amount, o.type, c.unit_id, c.category, c.business_line, c.product,
               n.id, n.code, split_part(n.code, '.', 1), (o.customer_accepted IS TRUE OR o.paid_at IS NOT NULL), o.paid_at IS NOT NULL,
               coalesce(k.failed, '{}'), coalesce(k.outlier, false),
               CASE WHEN r.id IS NULL THEN 'none' WHEN r.stale_at IS NOT NULL THEN 'stale' WHEN r.status = 'awaiting_cosign' THEN 'awaiting_cosign' ELSE 'final' END,
               r.signer_id,
               coalesce((SELECT array_agg(DISTINCT x ORDER BY x) FROM offer_legal_reviews a, LATERAL (VALUES (a.signer_id), (a.cosigner_id)) v(x)
                          WHERE a.offer_id = o.id AND x IS NOT NULL), '{}')
          FROM remediation_offers o
          JOIN cases c ON c.id = o.case_id
          LEFT JOIN case_root_causes t ON t.case_id = c.id AND t.role = 'primary'
          LEFT JOIN rc_nodes n ON n.id = t.node_id
          LEFT JOIN offer_checks k ON k.offer_id = o.id
          LEFT JOIN offer_legal_reviews r ON r.offer_id = o.id AND r.status <> 'superseded'
         WHERE p_ids IS NULL OR o.id = ANY (p_ids)
        ON CONFLICT (offer_id) DO UPDATE SET case_id = EXCLUDED.case_id, case_no = EXCLUDED.case_no, at = EXCLUDED.at, approved_at = EXCLUDED.approved_at, amount = EXCLUDED.amount, type = EXCLUDED.type, unit_id = EXCLUDED.unit_id, category = EXCLUDED.category, business_line = EXCLUDED.business_line, product = EXCLUDED.product, root_node_id = EXCLUDED.root_node_id, root_code = EXCLUDED.root_code, root_top = EXCLUDED.root_top, settled = EXCLUDED.settled, paid = EXCLUDED.paid, failed = EXCLUDED.failed, outlier = EXCLUDED.outlier, review_status = EXCLUDED.review_status, signer_id = EXCLUDED.signer_id, reviewers = EXCLUDED.reviewers
          WHERE (l.*) IS DISTINCT FROM (EXCLUDED.*);
      END $$;
      REVOKE EXECUTE ON FUNCTION legal_offer_list_apply(integer[]) FROM PUBLIC;
      -- Fresh planner statistics after many rows changed at once (the first computation of every offer's checks):
      -- the app role may not ANALYZE a table it does not own.
      CREATE FUNCTION dossier_analyze_legal() RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        ANALYZE legal_offer_list;
        ANALYZE offer_checks;
      END $$;
      REVOKE EXECUTE ON FUNCTION dossier_analyze_legal() FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION dossier_analyze_legal() TO dossier_app;

      -- TG_ARGV[0]: the transition tables' column naming the rows; TG_ARGV[1]: 'offer' (an offer id) or 'case' (a case id).
      CREATE FUNCTION legal_offer_list_on_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE keys integer[]; ids integer[];
      BEGIN
        IF trend_bulk_loading() THEN RETURN NULL; END IF;
        IF TG_OP = 'INSERT' THEN EXECUTE format('SELECT array_agg(DISTINCT %I) FROM list_new', TG_ARGV[0]) INTO keys;
        ELSIF TG_OP = 'DELETE' THEN EXECUTE format('SELECT array_agg(DISTINCT %I) FROM list_old', TG_ARGV[0]) INTO keys;
        ELSE EXECUTE format('SELECT array_agg(x) FROM (SELECT %1$I AS x FROM list_old UNION SELECT %1$I FROM list_new) u', TG_ARGV[0]) INTO keys;
        END IF;
        IF keys IS NULL THEN RETURN NULL; END IF;
        IF TG_ARGV[1] = 'case' THEN SELECT array_agg(id) INTO ids FROM remediation_offers WHERE case_id = ANY (keys); ELSE ids := keys; END IF;
        IF ids IS NOT NULL THEN PERFORM legal_offer_list_apply(ids); END IF;
        RETURN NULL;
      END $$;
      -- A case's update matters only when a column the list reads changed (a re-index rewrites every row's search text).
      CREATE FUNCTION legal_offer_list_on_cases() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE ids integer[];
      BEGIN
        IF trend_bulk_loading() THEN RETURN NULL; END IF;
        SELECT array_agg(o.id) INTO ids FROM remediation_offers o WHERE o.case_id IN (
          SELECT n.id FROM list_new n JOIN list_old p ON p.id = n.id
           WHERE (n.case_no, n.received_at, n.unit_id, n.category, n.business_line, n.product) IS DISTINCT FROM (p.case_no, p.received_at, p.unit_id, p.category, p.business_line, p.product));
        IF ids IS NOT NULL THEN PERFORM legal_offer_list_apply(ids); END IF;
        RETURN NULL;
      END $$;

      CREATE TRIGGER legal_list_offers_ins AFTER INSERT ON remediation_offers REFERENCING NEW TABLE AS list_new FOR EACH STATEMENT EXECUTE FUNCTION legal_offer_list_on_change('id', 'offer');
      CREATE TRIGGER legal_list_offers_upd AFTER UPDATE ON remediation_offers REFERENCING OLD TABLE AS list_old NEW TABLE AS list_new FOR EACH STATEMENT EXECUTE FUNCTION legal_offer_list_on_change('id', 'offer');
      CREATE TRIGGER legal_list_cases_upd AFTER UPDATE ON cases REFERENCING OLD TABLE AS list_old NEW TABLE AS list_new FOR EACH STATEMENT EXECUTE FUNCTION legal_offer_list_on_cases();
      CREATE TRIGGER legal_list_rc_ins AFTER INSERT ON case_root_causes REFERENCING NEW TABLE AS list_new FOR EACH STATEMENT EXECUTE FUNCTION legal_offer_list_on_change('case_id', 'case');
      CREATE TRIGGER legal_list_rc_upd AFTER UPDATE ON case_root_causes REFERENCING OLD TABLE AS list_old NEW TABLE AS list_new FOR EACH STATEMENT EXECUTE FUNCTION legal_offer_list_on_change('case_id', 'case');
      CREATE TRIGGER legal_list_rc_del AFTER DELETE ON case_root_causes REFERENCING OLD TABLE AS list_old FOR EACH STATEMENT EXECUTE FUNCTION legal_offer_list_on_change('case_id', 'case');
      CREATE TRIGGER legal_list_checks_ins AFTER INSERT ON offer_checks REFERENCING NEW TABLE AS list_new FOR EACH STATEMENT EXECUTE FUNCTION legal_offer_list_on_change('offer_id', 'offer');
      CREATE TRIGGER legal_list_checks_upd AFTER UPDATE ON offer_checks REFERENCING OLD TABLE AS list_old NEW TABLE AS list_new FOR EACH STATEMENT EXECUTE FUNCTION legal_offer_list_on_change('offer_id', 'offer');
      CREATE TRIGGER legal_list_checks_del AFTER DELETE ON offer_checks REFERENCING OLD TABLE AS list_old FOR EACH STATEMENT EXECUTE FUNCTION legal_offer_list_on_change('offer_id', 'offer');
      CREATE TRIGGER legal_list_reviews_ins AFTER INSERT ON offer_legal_reviews REFERENCING NEW TABLE AS list_new FOR EACH STATEMENT EXECUTE FUNCTION legal_offer_list_on_change('offer_id', 'offer');
      CREATE TRIGGER legal_list_reviews_upd AFTER UPDATE ON offer_legal_reviews REFERENCING OLD TABLE AS list_old NEW TABLE AS list_new FOR EACH STATEMENT EXECUTE FUNCTION legal_offer_list_on_change('offer_id', 'offer');
      CREATE TRIGGER legal_list_reviews_del AFTER DELETE ON offer_legal_reviews REFERENCING OLD TABLE AS list_old FOR EACH STATEMENT EXECUTE FUNCTION legal_offer_list_on_change('offer_id', 'offer');
    `)
    await q.query(bulkRestore(true))
    await q.query('SELECT legal_offer_list_apply(NULL)')
    // The quarterly legal summary (季度补偿方案法律审查汇总), registered by period like the quarterly report.
    await q.query(`
      ALTER TABLE documents DROP CONSTRAINT documents_doc_type_check;
      ALTER TABLE documents ADD CONSTRAINT documents_doc_type_check CHECK (doc_type IN ('dossier','registration','review','quarterly','legal_opinion','legal_summary'));
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE documents DROP CONSTRAINT documents_doc_type_check;
      ALTER TABLE documents ADD CONSTRAINT documents_doc_type_check CHECK (doc_type IN ('dossier','registration','review','quarterly','legal_opinion')) NOT VALID;
    `)
    await q.query(bulkRestore(false))
    await q.query(`
      DROP TABLE IF EXISTS legal_offer_list;
      DROP TRIGGER IF EXISTS legal_list_offers_ins ON remediation_offers; DROP TRIGGER IF EXISTS legal_list_offers_upd ON remediation_offers;
      DROP TRIGGER IF EXISTS legal_list_cases_upd ON cases;
      DROP TRIGGER IF EXISTS legal_list_rc_ins ON case_root_causes; DROP TRIGGER IF EXISTS legal_list_rc_upd ON case_root_causes; DROP TRIGGER IF EXISTS legal_list_rc_del ON case_root_causes;
      DROP TRIGGER IF EXISTS legal_list_checks_ins ON offer_checks; DROP TRIGGER IF EXISTS legal_list_checks_upd ON offer_checks; DROP TRIGGER IF EXISTS legal_list_checks_del ON offer_checks;
      DROP TRIGGER IF EXISTS legal_list_reviews_ins ON offer_legal_reviews; DROP TRIGGER IF EXISTS legal_list_reviews_upd ON offer_legal_reviews; DROP TRIGGER IF EXISTS legal_list_reviews_del ON offer_legal_reviews;
      DROP FUNCTION IF EXISTS dossier_analyze_legal(), legal_offer_list_on_cases(), legal_offer_list_on_change(), legal_offer_list_apply(integer[]);
    `)
  }
}

// Migration 19's restore, plus the offers list rebuilt once a bulk load's keys are back.
const bulkRestore = (list: boolean): string => `
  CREATE OR REPLACE FUNCTION dossier_bulk_load_restore(p_kind text) RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  DECLARE r record; n integer := 0;
  BEGIN
    IF p_kind NOT IN ('index', 'key') THEN RAISE EXCEPTION 'unknown kind %', p_kind USING ERRCODE = '22023'; END IF;
    FOR r IN DELETE FROM bulk_load_saved WHERE txid = txid_current() AND kind = p_kind RETURNING * LOOP
      IF p_kind = 'index' THEN EXECUTE r.def;
      ELSE EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', r.tbl, r.name, r.def);
      END IF;
      n := n + 1;
    END LOOP;
    IF p_kind = 'key' AND NOT EXISTS (SELECT 1 FROM bulk_load_saved WHERE txid = txid_current()) THEN
      PERFORM dossier_trends_rebuild();
      ${list ? 'PERFORM legal_offer_list_apply(NULL);' : ''}
    END IF;
    RETURN n;
  END $$;
`
