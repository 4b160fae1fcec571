import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * The legal offers list and its first checks at 1,000,000 cases (issue 13: the list under 50 ms p95 with any
 * filter; the first computation of every offer's checks did not finish in 22 minutes).
 *
 * 1. legal_offer_list_apply(ids) read `p_ids IS NULL OR id = ANY (p_ids)`: one plan for both, so a trigger
 *    applying 2,000 offers scanned the whole list and every stored check (0.3–1 s per statement at 289,000
 *    offers, a statement per chunk of the first computation). Now two statements, the ids' one by its keys.
 * 2. Each sort's index carries the columns the filters read (INCLUDE), so walking it in sort order to a page
 *    of matches reads no table row; the equality filters the workbench offers (business line, category, type)
 *    get an index each with the period's day, so counting their matches reads only those.
 */
export class LegalListPaths1764000000037 implements MigrationInterface {
  name = 'LegalListPaths1764000000037'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION legal_offer_list_apply(p_ids integer[]) RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF p_ids IS NULL THEN
          DELETE FROM legal_offer_list l WHERE NOT EXISTS (SELECT 1 FROM remediation_offers o WHERE o.id = l.offer_id);
          INSERT INTO legal_offer_list AS l ${rows('true')}
          ON CONFLICT (offer_id) DO UPDATE SET ${SET} WHERE (l.*) IS DISTINCT FROM (EXCLUDED.*);
        ELSE
          DELETE FROM legal_offer_list l WHERE l.offer_id = ANY (p_ids) AND NOT EXISTS (SELECT 1 FROM remediation_offers o WHERE o.id = l.offer_id);
          INSERT INTO legal_offer_list AS l ${rows('o.id = ANY (p_ids)')}
          ON CONFLICT (offer_id) DO UPDATE SET ${SET} WHERE (l.*) IS DISTINCT FROM (EXCLUDED.*);
        END IF;
      END $$;
      DROP INDEX legal_offer_list_at_idx, legal_offer_list_amount_idx, legal_offer_list_case_no_idx;
      CREATE INDEX legal_offer_list_at_idx ON legal_offer_list(at, offer_id) INCLUDE (${COVER}, amount, case_no);
      CREATE INDEX legal_offer_list_amount_idx ON legal_offer_list(amount, offer_id) INCLUDE (${COVER}, at, case_no);
      CREATE INDEX legal_offer_list_case_no_idx ON legal_offer_list(case_no, offer_id) INCLUDE (${COVER}, at, amount);
      CREATE INDEX legal_offer_list_line_idx ON legal_offer_list(business_line, at, offer_id);
      CREATE INDEX legal_offer_list_category_idx ON legal_offer_list(category, at, offer_id);
      CREATE INDEX legal_offer_list_type_idx ON legal_offer_list(type, at, offer_id);
      ANALYZE legal_offer_list;
    `)
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX legal_offer_list_line_idx, legal_offer_list_category_idx, legal_offer_list_type_idx,
        legal_offer_list_at_idx, legal_offer_list_amount_idx, legal_offer_list_case_no_idx;
      CREATE INDEX legal_offer_list_at_idx ON legal_offer_list(at, offer_id);
      CREATE INDEX legal_offer_list_amount_idx ON legal_offer_list(amount, offer_id);
      CREATE INDEX legal_offer_list_case_no_idx ON legal_offer_list(case_no, offer_id);
    `)
  }
}

/** The filter columns a walk in sort order reads beside its key. */
const COVER = 'unit_id, category, business_line, type, review_status'
const SET = ['case_id', 'case_no', 'at', 'approved_at', 'amount', 'type', 'unit_id', 'category', 'business_line', 'product', 'root_node_id', 'root_code',
  'root_top', 'settled', 'paid', 'failed', 'outlier', 'review_status', 'signer_id', 'reviewers'].map((c) => `${c} = EXCLUDED.${c}`).join(', ')

/**
 * Migration 23's one definition of an offer's list row, for the offers `where` holds. The stored checks are
 * read by key (LATERAL): a hash of the whole table per statement was the planner's choice for a few ids.
 */
const rows = (where: string): string => `(offer_id, case_id, case_no, at, approved_at, amount, type, unit_id, category, business_line, product, root_node_id, root_code, root_top, settled, paid, failed, outlier, review_status, signer_id, reviewers)
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
          LEFT JOIN LATERAL (SELECT k.failed, k.outlier FROM offer_checks k WHERE k.offer_id = o.id) k ON true
          LEFT JOIN offer_legal_reviews r ON r.offer_id = o.id AND r.status <> 'superseded'
         WHERE ${where}`
