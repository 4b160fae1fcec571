// Issue 15, point 4: the app role cannot edit the trail or switch off the triggers that guard it and the
// frozen records; the trail is hash-chained, and a change made with a superuser's rights is caught — an
// edited entry by its broken link, a rewrite that re-chains everything by the anchors kept outside.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import pg from 'pg'
import type { DataSource } from 'typeorm'
import { recordChange } from '../../src-main/trail/record'
import { trailHead, verifyTrail } from '../../src-main/trail/chain'
import { fileAnchors, databaseId, writeAnchor } from '../../src-main/trail/anchor'
import { asOwner, connect, resetArchive } from './db'
import { runDossier } from './cli-spawn'
import { registerDocuments } from '../../src-main/documents/registry'
import { registerAnchors } from '../../src-main/trail/anchor'

let ds: DataSource
let admin: pg.Client

/** Writes entries, one transaction per inner list, as the app does. */
async function write(batches: { entity: string; after: unknown }[][]): Promise<void> {
  for (const batch of batches) {
    await ds.transaction(async (em) => {
      for (const [i, e] of batch.entries()) await recordChange(em, { actor: `审查员${i}`, entity: e.entity, entityId: i, action: 'update', before: { v: i }, after: e.after })
    })
  }
}

/** SQL run with a superuser's rights, triggers switched off, as an attacker with the server's password would. */
async function asSuperuser(sql: string, params: unknown[] = []): Promise<void> {
  await admin.query('BEGIN')
  await admin.query('SET LOCAL session_replication_role = replica')
  await admin.query(sql, params)
  await admin.query('COMMIT')
}

/** What an attacker with a superuser's rights does after an edit: every hash recomputed with the database's own function. */
const rechainEverything = (): Promise<void> => asSuperuser(`DO $$ DECLARE r record; h bytea := decode(repeat('00', 32), 'hex'); BEGIN
  FOR r IN SELECT * FROM audit_trail ORDER BY chain_seq LOOP
    UPDATE audit_trail SET prev_hash = h, hash = dossier_trail_hash(h, r.chain_seq, r.id, r.at, r.actor, r.entity, r.entity_id, r.action, r.before, r.after) WHERE id = r.id
      RETURNING hash INTO h;
  END LOOP; END $$`)

beforeAll(async () => {
  ds = await connect()
  admin = new pg.Client({ connectionString: inject('adminUrl') })
  await admin.connect()
})
afterAll(async () => {
  await admin?.end()
  await ds?.destroy()
})

describe('the app role (what the desktop connects as)', () => {
  it('is no superuser, owns nothing, and may only add to the trail', async () => {
    const [me] = await ds.query(`SELECT current_user AS name, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = current_user`)
    expect(me).toEqual({ name: 'dossier_app', rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false })
    const [{ owned }] = await ds.query(`SELECT (SELECT count(*) FROM pg_class WHERE relowner = 'dossier_app'::regrole)
      + (SELECT count(*) FROM pg_proc WHERE proowner = 'dossier_app'::regrole) + (SELECT count(*) FROM pg_namespace WHERE nspowner = 'dossier_app'::regrole) AS owned`)
    expect(Number(owned)).toBe(0)
    await write([[{ entity: 'probe', after: { v: 1 } }]])
    const [{ id }] = await ds.query(`SELECT max(id)::int AS id FROM audit_trail`)
    for (const sql of [`UPDATE audit_trail SET actor = 'x' WHERE id = ${id}`, `DELETE FROM audit_trail WHERE id = ${id}`, 'TRUNCATE audit_trail']) {
      await expect(ds.query(sql), sql).rejects.toThrow(/permission denied/)
    }
  })

  it('cannot switch the guarding triggers off, nor create or alter tables', async () => {
    const refused: [string, RegExp][] = [
      ['SET session_replication_role = replica', /permission denied|must be superuser/],
      ['ALTER TABLE reviews DISABLE TRIGGER reviews_frozen', /must be owner/],
      ['ALTER TABLE documents DISABLE TRIGGER ALL', /must be owner/],
      ['ALTER TABLE audit_trail DISABLE TRIGGER audit_trail_guard', /must be owner/],
      ['DROP TRIGGER audit_trail_chain ON audit_trail', /must be owner/],
      ['CREATE TABLE public.mine (x int)', /permission denied/],
      ['CREATE OR REPLACE FUNCTION dossier_trail_guard() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$', /must be owner|permission denied/],
      ['SELECT * FROM bulk_load_saved', /permission denied/]
    ]
    for (const [sql, why] of refused) await expect(ds.query(sql), sql).rejects.toThrow(why)
  })

  it('reaches the owner\'s rights only through the named functions, which check their preconditions', async () => {
    await expect(ds.query('SELECT dossier_audit_results_swap()')).rejects.toThrow(/no audit results were staged/)
    await expect(ds.query(`SELECT dossier_bulk_load_restore('drop table cases')`)).rejects.toThrow(/unknown kind/)
  })
})

describe('the hash chain', () => {
  beforeAll(async () => resetArchive())

  it('chains every entry as its transaction commits, across concurrent transactions, and verifies whole', async () => {
    await write([[{ entity: 'a', after: { 金额: '500.00' } }, { entity: 'a', after: null }], [{ entity: 'b', after: { s: '引号"\\和\n换行' } }]])
    // A long transaction that wrote first does not hold a short one back; both end up in the chain.
    const long = ds.createQueryRunner()
    await long.startTransaction()
    await recordChange(long.manager, { actor: '长事务', entity: 'c', entityId: 1, action: 'create', before: null, after: { n: 1 } })
    await write([[{ entity: 'd', after: { n: 2 } }]])
    await long.commitTransaction()
    await long.release()
    const v = await verifyTrail(ds)
    expect(v.broken).toBeNull()
    expect(v.entries).toBe(5)
    expect(v.head).toEqual(await trailHead(ds))
    const order = await ds.query(`SELECT entity FROM audit_trail ORDER BY chain_seq`)
    expect(order.map((r: { entity: string }) => r.entity)).toEqual(['a', 'a', 'b', 'd', 'c'])
  })

  it('catches an entry a superuser edited with the triggers off, at that entry', async () => {
    await resetArchive()
    await write([[{ entity: 'x', after: { n: 1 } }], [{ entity: 'x', after: { n: 2 } }, { entity: 'x', after: { n: 3 } }], [{ entity: 'x', after: { n: 4 } }]])
    const [{ id, seq }] = await ds.query(`SELECT id::text, chain_seq::int AS seq FROM audit_trail WHERE after->>'n' = '3'`)
    await asSuperuser(`UPDATE audit_trail SET after = '{"n": 30}' WHERE id = $1`, [id])
    const v = await verifyTrail(ds)
    expect(v.broken).toMatchObject({ seq, id, kind: 'content' })
  })

  it('catches a deleted entry (gap) and one written around the chain (unchained)', async () => {
    await resetArchive()
    await write([[{ entity: 'g', after: 1 }], [{ entity: 'g', after: 2 }], [{ entity: 'g', after: 3 }]])
    await asSuperuser(`DELETE FROM audit_trail WHERE chain_seq = 2`)
    expect((await verifyTrail(ds)).broken).toMatchObject({ seq: 2, kind: 'gap' })
    await resetArchive()
    await write([[{ entity: 'u', after: 1 }]])
    await asSuperuser(`INSERT INTO audit_trail (actor, entity, entity_id, action, after) VALUES ('伪造', 'u', '9', 'update', '2')`)
    expect((await verifyTrail(ds)).broken).toMatchObject({ seq: 2, kind: 'unchained' })
  })

  it('catches a rewrite that re-chains everything, against the anchor in the local file and in the register', async () => {
    await resetArchive()
    const dir = mkdtempSync(join(tmpdir(), 'dossier-anchor-'))
    await write([[{ entity: 'r', after: { amount: 100 } }], [{ entity: 'r', after: { amount: 200 } }]])
    const anchor = await writeAnchor(ds, dir)
    expect(anchor.seq).toBe(2)
    await write([[{ entity: 'r', after: { amount: 300 } }]])
    // The attacker changes the first entry and recomputes every hash after it with the database's own function.
    await asSuperuser(`UPDATE audit_trail SET after = '{"amount": 1}' WHERE chain_seq = 1`)
    await rechainEverything()
    expect((await verifyTrail(ds)).broken).toBeNull()
    const anchors = fileAnchors(dir, await databaseId(ds))
    expect(anchors).toHaveLength(1)
    expect((await verifyTrail(ds, anchors)).broken).toMatchObject({ seq: 2, kind: 'anchor' })
  })

  it('catches any single changed field of any entry (property)', async () => {
    await fc.assert(fc.asyncProperty(
      // Any text PostgreSQL stores (whole graphemes; no NUL), Chinese and emoji included.
      fc.array(fc.record({ actor: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => !s.includes('\0')), note: fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !s.includes('\0')) }), { minLength: 1, maxLength: 6 }),
      fc.nat(), fc.constantFrom('actor', 'entity', 'entity_id', 'action', 'before', 'after', 'at'),
      async (entries, which, column) => {
        await resetArchive()
        for (const e of entries) await ds.transaction((em) => recordChange(em, { actor: e.actor, entity: 'p', entityId: 1, action: 'update', before: { note: e.note }, after: { note: `${e.note}!` } }))
        const seq = (which % entries.length) + 1
        // Each change differs from any value the entry can hold (a note of exactly 改 would make 'set before to
        // {"note": "改"}' no change at all, and the chain rightly whole).
        const change = { actor: `actor || '改'`, entity: `entity || '改'`, entity_id: `entity_id || '1'`, action: `'delete'`, before: `before || '{"改": true}'`, after: `'null'`, at: `at + interval '1 microsecond'` }[column]
        await asSuperuser(`UPDATE audit_trail SET ${column} = ${change} WHERE chain_seq = $1`, [seq])
        const v = await verifyTrail(ds)
        expect(v.broken).toMatchObject({ seq, kind: 'content' })
      }), { numRuns: 25 })
  })

  it('keeps the owner from editing or emptying the trail unless the triggers are switched off first', async () => {
    await resetArchive()
    await write([[{ entity: 'o', after: 1 }]])
    await asOwner(async (owner) => {
      await expect(owner.query(`UPDATE audit_trail SET actor = 'x'`)).rejects.toThrow(/只能追加/)
      await expect(owner.query(`DELETE FROM audit_trail`)).rejects.toThrow(/只能追加/)
      // Refused either by the trigger or, first, because a table refers to the trail (post-review marks, migration 26).
      await expect(owner.query(`TRUNCATE audit_trail`)).rejects.toThrow(/只能追加|referenced in a foreign key/)
    })
  })

  it('dossier verify-trail says the chain is whole, keeps the head, and names the first broken link (exit 2)', async () => {
    await resetArchive()
    await write([[{ entity: 'cli', after: 1 }], [{ entity: 'cli', after: 2 }], [{ entity: 'cli', after: 3 }]])
    const dataDir = mkdtempSync(join(tmpdir(), 'dossier-verify-'))
    const ok = await runDossier(['verify-trail'], { databaseUrl: inject('dbUrl'), dataDir })
    expect(ok.stdout).toMatch(/审计留痕完整：3 条留痕逐条核对无误/)
    expect(ok.code).toBe(0)
    expect(fileAnchors(dataDir, await databaseId(ds))).toMatchObject([{ seq: 3 }])
    await asSuperuser(`UPDATE audit_trail SET actor = '别人' WHERE chain_seq = 2`)
    const bad = await runDossier(['verify-trail'], { databaseUrl: inject('dbUrl'), dataDir })
    expect(bad.stdout).toMatch(/第 2 条留痕.*已被改动/)
    expect(bad.stdout).toMatch(/第一处断链在第 2 条/)
    expect(bad.code).toBe(2)
  })

  it('each register entry records the head as the document is issued, and a later rewrite is caught against it', async () => {
    await resetArchive()
    await asOwner((owner) => owner.query(`BEGIN; ALTER TABLE documents DISABLE TRIGGER documents_append_only; DELETE FROM documents; ALTER TABLE documents ENABLE TRIGGER documents_append_only; COMMIT`))
    await write([[{ entity: 'doc', after: 1 }], [{ entity: 'doc', after: 2 }]])
    await ds.transaction((em) => registerDocuments(em, [{ docType: 'quarterly', subject: { period: '2026-Q3' }, version: 1, fileName: 'q.docx', sha256: '0'.repeat(64), bytes: 1,
      templateVersion: 'dossier-1+gbt9704-2012', generatedBy: 'tester', generatedAt: new Date() }]))
    const anchors = await registerAnchors(ds)
    expect(anchors).toMatchObject([{ seq: 2, hash: (await trailHead(ds)).hash }])
    await write([[{ entity: 'doc', after: 3 }]])
    await asSuperuser(`UPDATE audit_trail SET after = '9' WHERE chain_seq = 2`)
    await rechainEverything()
    expect((await verifyTrail(ds, anchors)).broken).toMatchObject({ seq: 2, kind: 'anchor' })
  })
})
