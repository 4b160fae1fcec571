// Opinions for the legal bench's archive. The demo generator writes none, so on a seeded archive every offer is
// 待审: 我已审, 需第二签, 已定稿 and the review-status filters other than 'none' match nothing, and the bench timed
// empty answers. This gives a bench archive (never the app's) two legal users and opinions on a fixed share of
// the offers, spread over the whole list by offer id: 5 % final (signed by the first user, the rest of them by the
// second, alternately), 1 % awaiting the co-signature of someone other than their signer, 0.5 % stale (the offer
// changed after a final opinion). Written as the schema's owner, directly (no handler: no trail entries, no
// snapshot worth the name) — bench data only; the list's triggers bring legal_offer_list up to date.
import pg from 'pg'

type Query = { query: (sql: string, params?: unknown[]) => Promise<unknown> }

const USERS = [['bench.legal1', '法务甲'], ['bench.legal2', '法务乙']] as const

/** The bench user whose queues the list is timed for: bench.legal1 when the archive has it, else user 1. */
export async function benchUserId(q: Query): Promise<number> {
  const rows = (await q.query(`SELECT coalesce((SELECT id FROM users WHERE username = 'bench.legal1'), 1) AS id`)) as { id: number }[]
  return rows[0].id
}

/**
 * Adds the bench opinions when the archive has no opinion yet (idempotent: a reused archive keeps its own).
 * `ownerUrl`: the schema owner's connection (the app role writes opinions only through the handlers' checks).
 * Returns how many opinions were written (0 when the archive had some).
 */
export async function ensureBenchOpinions(ownerUrl: string): Promise<number> {
  const c = new pg.Client({ connectionString: ownerUrl })
  await c.connect()
  try {
    const [{ n }] = (await c.query('SELECT count(*)::int AS n FROM offer_legal_reviews')).rows as { n: number }[]
    if (n > 0) return 0
    await c.query('BEGIN')
    for (const [username, name] of USERS) {
      await c.query(`INSERT INTO users (username, display_name, password_hash, roles) VALUES ($1, $2, '!bench', '{legal}') ON CONFLICT (username) DO NOTHING`, [username, name])
    }
    const ids = (await c.query(`SELECT id FROM users WHERE username = ANY ($1) ORDER BY username`, [USERS.map((u) => u[0])])).rows.map((r: { id: number }) => r.id)
    const [a, b] = ids as [number, number]
    // Every 20th offer final (signed by a, or by b with a co-signing), every 100th (offset 7) awaiting b's or a's co-signature.
    const res = await c.query(`INSERT INTO offer_legal_reviews (offer_id, status, decision, reasoning, basis_codes, signer_id, needs_cosign, cosigner_id, cosigned_at, snapshot)
      SELECT o.id, s.status, 'agree', '基准测试意见。', '{LAW-CC-577}', s.signer, s.needs, s.cosigner, CASE WHEN s.cosigner IS NULL THEN NULL ELSE now() END, '{}'::jsonb
        FROM remediation_offers o,
        LATERAL (SELECT CASE WHEN o.id % 20 = 0 THEN 'final' ELSE 'awaiting_cosign' END AS status,
                        CASE WHEN o.id % 40 = 0 THEN $2::int WHEN o.id % 20 = 0 THEN $1::int WHEN o.id % 200 = 7 THEN $2::int ELSE $1::int END AS signer,
                        o.id % 20 <> 0 AS needs,
                        CASE WHEN o.id % 40 = 0 THEN $1::int END AS cosigner) s
       WHERE o.id % 20 = 0 OR o.id % 100 = 7`, [a, b])
    // Stale: a final opinion whose offer changed after it (every 200th offer among the final ones).
    await c.query(`UPDATE offer_legal_reviews SET stale_at = now(), stale_reason = '方案已变更，需重新审查' WHERE status = 'final' AND offer_id % 200 = 0`)
    await c.query('COMMIT')
    await c.query('VACUUM ANALYZE offer_legal_reviews')
    await c.query('VACUUM ANALYZE legal_offer_list')
    return res.rowCount ?? 0
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    await c.end()
  }
}
