// tsx test/bench/legal-profile.ts (DATABASE_URL = an archive the legal bench seeded, e.g. --db dossier_bench_legal): where the first
// computation of every offer's stored checks spends its time, phase by phase (their stored checks are removed first, untimed,
// and the run is rolled back): the reads, the checks and bands in JavaScript, the INSERTs (with the triggers they fire).
import pg from 'pg'
import { loadavg } from 'node:os'
import { AuthorityBook } from '../../src-main/legal/authority'
import { checkOffer } from '../../src-main/legal/checks'
import { loadMatrices } from '../../src-main/legal/matrix-read'
import { eachBandOfGroup } from '../../src-main/legal/check-window'
import { groupOffers, loadOfferRows, refreshChecks, type OfferRow } from '../../src-main/legal/check-store'
import type { PrecedentBand } from '../../src-main/legal/precedent'

async function main(): Promise<void> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await c.connect()
  const q = { query: async <T = unknown>(sql: string, params?: unknown[]): Promise<T> => (await c.query(sql, params)).rows as T }
  const lap = (() => { let t = performance.now(); return (what: string): void => { const n = performance.now(); console.log(`${what.padEnd(46)} ${((n - t) / 1000).toFixed(2)} s`); t = n } })()
  await c.query('BEGIN')
  await c.query('DELETE FROM offer_checks')
  lap('delete stored checks (untimed)')
  const book = new AuthorityBook(await loadMatrices(q))
  const rows = await loadOfferRows(q)
  lap(`read ${rows.length} offers' inputs`)
  const groups = groupOffers(rows)
  lap(`group (${groups.size} groups)`)
  const out: { r: OfferRow; band: PrecedentBand }[] = []
  for (const g of groups.values()) eachBandOfGroup(g, null, (r, band) => { out.push({ r, band }) })
  lap('bands (sliding windows)')
  const results = out.map(({ r, band }) => checkOffer(r, book, band))
  lap('checks')
  const json = JSON.stringify(results.map((x, i) => ({ id: out[i].r.offerId, results: x })))
  lap(`JSON (${(json.length / 1e6).toFixed(1)} MB)`)
  await c.query('ROLLBACK')
  await c.query('BEGIN')
  await c.query('DELETE FROM offer_checks')
  lap('(delete again)')
  await refreshChecks(q)
  lap('refreshChecks, whole (triggers on)')
  await c.query('ROLLBACK')
  await c.query('BEGIN')
  await c.query('DELETE FROM offer_checks')
  await c.query('ALTER TABLE offer_checks DISABLE TRIGGER USER')
  lap('(delete again, triggers off)')
  await refreshChecks(q)
  lap('refreshChecks, whole (user triggers off)')
  await c.query('ROLLBACK')
  console.log(`load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`)
  await c.end()
}

main().catch((err) => { console.error(err); process.exit(1) })
