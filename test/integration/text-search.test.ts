import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import type { PoolClient } from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { listCases } from '../../src-main/cases/list-query'
import { lexemesOf, searchPrefilter, searchQuery, searchVector } from '../../src-main/cases/search-terms'
import { reindexArchive } from '../../src-main/cases/reindex'
import { BinarySink } from '../../src-main/db/binary-copy'
import { normaliseText } from '../../src-main/text/normalise'
import { caseListSchema } from '../../src-main/shared/contract'
import { trickyText } from '../unit/text-samples'
import { asOwner, connect, resetArchive } from './db'

let ds: DataSource

/** Whether PostgreSQL's own matcher finds the query (and its AND prefilter) in the vector. */
async function matches(vector: string, input: string): Promise<boolean> {
  const q = searchQuery(input)
  if (q === null) return true
  const pre = searchPrefilter(input) ?? q
  const [r] = await ds.query('SELECT $1::tsvector @@ $2::tsquery AS hit, $1::tsvector @@ $3::tsquery AS pre', [vector, q, pre])
  return r.hit && r.pre
}

/** A substring of at least two characters (code points), from generated indexes. */
const cut = (text: string, a: number, b: number): string => {
  const chars = Array.from(text)
  const from = a % Math.max(1, chars.length - 1)
  return chars.slice(from, from + 2 + (b % Math.max(1, chars.length - from - 1))).join('')
}

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 5, cases: 400 })
})
afterAll(async () => ds?.destroy())

describe('any text is found by any part of it (PostgreSQL matcher)', () => {
  it('finds a text by any of its own substrings of two or more characters', async () => {
    await fc.assert(fc.asyncProperty(trickyText(60), fc.nat(), fc.nat(), async (text, a, b) => {
      const part = cut(text, a, b)
      fc.pre(Array.from(part).length >= 2)
      expect(await matches(searchVector(text), part), JSON.stringify({ text, part })).toBe(true)
    }), { numRuns: 400 })
  })

  it('finds a text by any substring of its normalised form', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 60 }), fc.nat(), fc.nat(), async (text, a, b) => {
      const part = cut(normaliseText(text), a, b)
      fc.pre(Array.from(part).length >= 2)
      expect(await matches(searchVector(text), part), JSON.stringify({ text, part })).toBe(true)
    }), { numRuns: 300 })
  })

  it('writes the same vector in binary COPY as the text form reads, for any text', async () => {
    const texts = fc.sample(trickyText(80), 300).concat(['x'.repeat(5000), '哈'.repeat(600), '\u200b'.repeat(10)])
    const qr = ds.createQueryRunner()
    const client = (await qr.connect()) as PoolClient
    try {
      await client.query('CREATE TEMP TABLE vec_check (i integer, v tsvector)')
      const sink = new BinarySink(1 << 16)
      texts.forEach((t, i) => { sink.tuple(2); sink.int4(i); sink.tsvector(lexemesOf([t])) })
      await pipeline(Readable.from([sink.bytes()]), client.query(copyFrom('COPY vec_check (i, v) FROM STDIN WITH (FORMAT binary)')))
      const { rows } = await client.query(`SELECT count(*)::int AS same FROM vec_check c JOIN unnest($1::tsvector[]) WITH ORDINALITY x(v, n) ON n - 1 = c.i WHERE c.v = x.v`, [texts.map((t) => searchVector(t))])
      expect(rows[0].same).toBe(texts.length)
    } finally {
      await client.query('DROP TABLE IF EXISTS vec_check').catch(() => {})
      await qr.release()
    }
  })
})

describe('search as people type it, through the case list (issue 9 item 6)', () => {
  const examples: [string, string[]][] = [
    ['客户在ＡＴＭ取款时被吞卡', ['ATM', 'atm', 'ＡＴＭ', 'TM取']],
    ['自助ATM机故障', ['ＡＴＭ', 'ａｔｍ机']],
    ['推荐理\u200b财产品', ['理财', '理财产品']],
    ['購買理財產品後虧損', ['理财', '理财产品', '购买', '理財']],
    ['客户购买理财产品', ['理財', '理財產品']],
    ['二〇二五年三月 人々', ['二〇二五', '〇二五年', '人々']],
    [`${'A'.repeat(3000)}尾款`, ['尾款', 'A尾', 'aaaa']]
  ]
  let ids: number[] = []

  beforeAll(async () => {
    ids = ((await ds.query('SELECT id FROM cases ORDER BY id LIMIT $1', [examples.length])) as { id: number }[]).map((r) => r.id)
    for (const [i, [text]] of examples.entries()) await ds.query('UPDATE cases SET summary = $2 WHERE id = $1', [ids[i], text])
    // Writes the search vectors of the changed cases, as the migration does for an existing archive.
    await asOwner(async (owner) => {
      const qr = owner.createQueryRunner()
      try {
        const res = await reindexArchive((await qr.connect()) as PoolClient)
        expect(res.changed).toBeGreaterThanOrEqual(examples.length)
      } finally {
        await qr.release()
      }
    })
  })

  it.each(examples.flatMap(([text, searches], i) => searches.map((s) => [s, text, i] as const)))('finds 「%s」 in 「%s」', async (search, _text, i) => {
    const found: number[] = []
    let cursor: string | undefined
    for (let page = 0; page < 20; page++) {
      const res = await listCases(ds, caseListSchema.parse({ filter: { text: search }, limit: 200, cursor }))
      found.push(...res.rows.map((r) => r.id))
      if (!res.nextCursor) break
      cursor = res.nextCursor
    }
    expect(found).toContain(ids[i])
  })

  it('keeps the stored text exactly as written', async () => {
    const [r] = await ds.query('SELECT summary FROM cases WHERE id = $1', [ids[0]])
    expect(r.summary).toBe('客户在ＡＴＭ取款时被吞卡')
  })
})
