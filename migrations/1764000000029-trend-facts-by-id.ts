import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * A saved review, a tag or an offer re-computed its case's trend facts by scanning the whole archive (issue 16
 * point 9's load bench: a review save's p50 was 0.8 s at 100,000 cases, tagging 1.4 s, and growing with the
 * archive). trend_facts_of(ids) is a SQL function with its own search_path, so it is never inlined: its body
 * is planned once with `ids` unknown, and `ids IS NULL OR c.id = ANY (ids)` cannot use the primary key, so
 * every call read every case and joined it. The body is now two branches with the same select list: by id
 * (an index scan) and, only when ids is NULL (the full rebuild), everything — the second's condition is a
 * one-time filter, checked once per call before anything is read. Same signature, same rows. And without JIT:
 * the plan's estimated cost (the rebuild branch's) is past jit_above_cost, and PostgreSQL 15 with LLVM spent
 * about 5 s compiling it on this machine for a call that reads one case.
 */
export class TrendFactsById1764000000029 implements MigrationInterface {
  name = 'TrendFactsById1764000000029'

  async up(q: QueryRunner): Promise<void> {
    await q.query(facts(`
    FROM cases c ${JOINS}
    WHERE c.id = ANY (p_ids)
    UNION ALL
    ${SELECT}
    FROM cases c ${JOINS}
    WHERE p_ids IS NULL`, false))
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(facts(`
    FROM cases c ${JOINS}
    WHERE p_ids IS NULL OR c.id = ANY (p_ids)`))
  }
}

// As migration 19 wrote them.
const SELECT = `SELECT c.id AS case_id,
      date_trunc('month', c.received_at AT TIME ZONE 'Asia/Shanghai')::date AS month,
      c.unit_id, c.category, c.channel, c.severity, c.business_line, c.is_group, (c.repeat_of_id IS NOT NULL) AS is_repeat,
      coalesce(c.jrt_cause, '') AS jrt_cause, rc.code AS root_cause, NOT c.is_direct AS indirect, c.satisfaction,
      a.internal, a.regulatory, a.flagged, (a.calendar_missing_year IS NOT NULL) AS waiting,
      rv.conclusion, coalesce(rv.findings, 0)::int AS findings, coalesce(o.offers, 0)::int AS offers, coalesce(o.amount, 0)::numeric(16,2) AS remediation`
const JOINS = `
    LEFT JOIN audit_results a ON a.case_id = c.id
    LEFT JOIN LATERAL (SELECT r.conclusion, (SELECT count(*) FROM findings f WHERE f.review_id = r.id) AS findings
      FROM reviews r WHERE r.case_id = c.id AND r.status = 'approved' ORDER BY r.id DESC LIMIT 1) rv ON true
    LEFT JOIN LATERAL (SELECT coalesce(pn.code, n.code) AS code FROM case_root_causes t JOIN rc_nodes n ON n.id = t.node_id
      LEFT JOIN rc_nodes pn ON pn.id = n.parent_id WHERE t.case_id = c.id AND t.role = 'primary' LIMIT 1) rc ON true
    LEFT JOIN LATERAL (SELECT count(*) AS offers, sum(x.amount) AS amount FROM remediation_offers x WHERE x.case_id = c.id) o ON true`

const facts = (rest: string, jit = true): string => `
    CREATE OR REPLACE FUNCTION trend_facts_of(p_ids integer[]) RETURNS SETOF trend_case_facts LANGUAGE sql STABLE
      SET search_path = public, pg_temp ${jit ? '' : 'SET jit = off'} AS $f$
    ${SELECT}
    ${rest}
    $f$;
    REVOKE EXECUTE ON FUNCTION trend_facts_of(integer[]) FROM PUBLIC;`
