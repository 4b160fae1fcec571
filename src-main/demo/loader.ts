// Loads a generated archive through COPY in one transaction. Large loads drop the case indexes and
// foreign keys first and rebuild them afterwards, as PostgreSQL's bulk-loading advice says.
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import type { DataSource } from 'typeorm'
import type { PoolClient } from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { analyzeArchive, beginBulkLoad, restoreAfterBulkLoad, rowSecurityApplies, suspendRowSecurity } from '../db/privileged'
import { CASE_COLUMNS, EVENT_COLUMNS, LINK_COLUMNS, OFFER_COLUMNS, RECTIFICATION_COLUMNS, SEGMENT_SIZE, TRUTH_COLUMNS, renderSegment, type SegmentText } from './copy-text'
import { buildOrganisation } from './organisation'
import { Rng } from './random'
import type { GeneratorOptions } from './generator'
import { segmentsInWorkers } from './worker-pool'
import { DEMO_TAGGER } from './rootcause-truth'

export interface SeedOptions extends Omit<GeneratorOptions, 'firstId'> {
  /** Generate in this many worker threads (0: in this thread). */
  workers?: number
  /** Drop and rebuild indexes and foreign keys around the load (default: for 50,000 cases or more). */
  bulk?: boolean
  onProgress?: (done: number, total: number) => void
}

export interface SeedResult {
  cases: number; firstId: number; lastId: number; ms: number
  /** Where the time went: copying rows (while generation runs alongside), rebuilding indexes and keys, analysing. */
  phases: { copyMs: number; indexMs: number; foreignKeyMs: number; analyzeMs: number }
}

const BULK_THRESHOLD = 50_000

/** Into a table whose row security applies (`through`): COPY into a staging table, then INSERT under the policies. */
async function copy(client: PoolClient, table: string, columns: string[], data: Uint8Array, freeze: boolean, binary = false, through = false): Promise<void> {
  if (!data.byteLength) return
  const options = [...(freeze ? ['FREEZE'] : []), ...(binary ? ['FORMAT binary'] : [])]
  const target = through ? `load_${table}` : table
  if (through) await client.query(`CREATE TEMP TABLE IF NOT EXISTS ${target} ON COMMIT DROP AS SELECT ${columns.join(', ')} FROM ${table} WITH NO DATA`)
  const stream = client.query(copyFrom(`COPY ${target} (${columns.join(', ')}) FROM STDIN${options.length ? ` WITH (${options.join(', ')})` : ''}`))
  await pipeline(Readable.from([data]), stream)
  if (through) await client.query(`INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM ${target}; TRUNCATE ${target}`)
}

async function ensureOrganisation(client: PoolClient, seed: number): Promise<void> {
  const { rows } = await client.query<{ n: string }>('SELECT count(*)::text AS n FROM units')
  const org = buildOrganisation(new Rng(seed ^ 0x5eed))
  if (Number(rows[0].n) > 0) {
    const codes = await client.query<{ code: string }>('SELECT code FROM units ORDER BY id')
    if (codes.rows.length !== org.units.length || codes.rows.some((r, i) => r.code !== org.units[i].code)) {
      throw new Error('The archive already holds units that the demo generator did not create; demo cases would not fit them.')
    }
    return
  }
  await client.query(
    `INSERT INTO units (id, code, name, kind, parent_id, region) SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[])`,
    [org.units.map((u) => u.id), org.units.map((u) => u.code), org.units.map((u) => u.name), org.units.map((u) => u.kind), org.units.map((u) => u.parentId), org.units.map((u) => u.region)]
  )
  await client.query(
    `INSERT INTO staff (id, code, name, unit_id, title) SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::text[])`,
    [org.staff.map((s) => s.id), org.staff.map((s) => s.code), org.staff.map((s) => s.name), org.staff.map((s) => s.unitId), org.staff.map((s) => s.title)]
  )
  await client.query(`SELECT setval(pg_get_serial_sequence('units','id'), (SELECT max(id) FROM units)), setval(pg_get_serial_sequence('staff','id'), (SELECT max(id) FROM staff))`)
}

async function writeSegment(client: PoolClient, seg: SegmentText, freeze: boolean, through: boolean): Promise<void> {
  await copy(client, 'cases', CASE_COLUMNS, seg.cases, freeze, true, through)
  await copy(client, 'case_events', EVENT_COLUMNS, seg.events, freeze, true, through)
  await copy(client, 'remediation_offers', OFFER_COLUMNS, seg.offers, freeze, false, through)
  await copy(client, 'rectifications', RECTIFICATION_COLUMNS, seg.rectifications, freeze, false, through)
  await copy(client, 'case_links', LINK_COLUMNS, seg.links, freeze)
  await copy(client, 'demo_truth', TRUTH_COLUMNS, seg.truth, freeze)
}

/**
 * The root causes the generator tagged (demo_truth, policy 'rootcause', rule 'tagged'; rootcause-truth.ts) as the
 * cases' primary causes, by the generator, each with its trail entry as a reviewer's tag has (entity
 * case_root_causes, action 'demo_tag'); a cause the taxonomy no longer has live is left untagged.
 * @returns how many cases were tagged
 */
async function writeDemoTags(client: PoolClient, fromId: number, toId: number): Promise<number> {
  const { rowCount } = await client.query(`
    WITH tagged AS (
      INSERT INTO case_root_causes (case_id, node_id, chosen_node_id, role, tagged_by, tagged_at)
      SELECT d.case_id, n.id, n.id, 'primary', $3, least(now(), c.closed_at + interval '3 days')
        FROM demo_truth d JOIN cases c ON c.id = d.case_id JOIN rc_nodes n ON n.code = d.detail AND n.retired_version IS NULL
       WHERE d.policy = 'rootcause' AND d.rule = 'tagged' AND d.case_id BETWEEN $1 AND $2
      RETURNING case_id, node_id)
    INSERT INTO audit_trail (actor, entity, entity_id, action, before, after)
    SELECT $3, 'case_root_causes', t.case_id::text, 'demo_tag', '[]'::jsonb,
           jsonb_build_array(jsonb_build_object('role', 'primary', 'code', n.code, 'note', NULL))
      FROM tagged t JOIN rc_nodes n ON n.id = t.node_id`, [fromId, toId, DEMO_TAGGER])
  return rowCount ?? 0
}

export async function seedArchive(ds: DataSource, opts: SeedOptions): Promise<SeedResult> {
  const started = Date.now()
  const qr = ds.createQueryRunner()
  const client = (await qr.connect()) as PoolClient
  try {
    await client.query('BEGIN')
    // One seeding at a time: beginBulkLoad locks the cases table, so a second one waits there instead of
    // colliding on case ids.
    const bulk = opts.bulk ?? opts.cases >= BULK_THRESHOLD
    // Into an empty archive the tables are emptied in this transaction too: COPY can then write frozen rows
    // (no VACUUM needed for index-only scans) and, with wal_level=minimal, skip the WAL.
    const freeze = await beginBulkLoad(client, true, bulk)
    // Row security refuses COPY FROM: suspended for this transaction into an empty archive, else rows go through the policies.
    let through = await rowSecurityApplies(client)
    if (through && freeze) { await suspendRowSecurity(client); through = false }
    await ensureOrganisation(client, opts.seed)
    const { rows } = await client.query<{ next: number }>('SELECT COALESCE(max(id), 0) + 1 AS next FROM cases')
    const firstId = rows[0].next
    const gen: GeneratorOptions = { seed: opts.seed, cases: opts.cases, from: opts.from, to: opts.to, isDemo: opts.isDemo, rates: opts.rates, rootCauses: opts.rootCauses, firstId }
    const segments = Math.ceil(opts.cases / SEGMENT_SIZE)
    let done = 0
    const phases = { copyMs: 0, indexMs: 0, foreignKeyMs: 0, analyzeMs: 0 }
    const copyStart = Date.now()
    const onSegment = async (seg: SegmentText): Promise<void> => {
      await writeSegment(client, seg, freeze, through)
      done += seg.count
      opts.onProgress?.(done, opts.cases)
    }
    if ((opts.workers ?? 0) > 0 && segments > 1) await segmentsInWorkers(gen, opts.cases, segments, opts.workers!, onSegment)
    else for (let k = 0; k < segments; k++) await onSegment(renderSegment(gen, k, opts.cases))
    // The generator's tags, before a bulk load's rebuild so the trend summaries count them.
    if (opts.rootCauses) await writeDemoTags(client, firstId, firstId + opts.cases - 1)
    phases.copyMs = Date.now() - copyStart
    if (bulk) {
      let t = Date.now()
      await restoreAfterBulkLoad(client, 'index')
      phases.indexMs = Date.now() - t
      t = Date.now()
      await restoreAfterBulkLoad(client, 'key')
      phases.foreignKeyMs = Date.now() - t
    }
    await client.query(`SELECT setval(pg_get_serial_sequence('cases','id'), (SELECT max(id) FROM cases))`)
    await client.query(
      `INSERT INTO app_meta(key, value) VALUES ('demo', $1::jsonb)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [JSON.stringify({ seed: opts.seed, cases: opts.cases, at: new Date().toISOString() })]
    )
    await client.query('COMMIT')
    const t = Date.now()
    if (bulk) await analyzeArchive(client)
    phases.analyzeMs = Date.now() - t
    return { cases: opts.cases, firstId, lastId: firstId + opts.cases - 1, ms: Date.now() - started, phases }
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    await qr.release()
  }
}
