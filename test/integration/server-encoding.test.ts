// Issue 16 point 6: Chinese text, search bigrams and identity keys assume a UTF-8 database. A database of
// another encoding (SQL_ASCII stores bytes unchecked; LATIN1 cannot hold Chinese) is refused at start in one
// line, before anything is written to it.
import pg from 'pg'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { openDatabase } from '../../src-main/db/database'

const admin = inject('adminUrl')
const urlOf = (db: string): string => { const u = new URL(admin); u.pathname = `/${db}`; return u.toString() }
async function asAdmin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: admin })
  await c.connect()
  try { await c.query(sql) } finally { await c.end() }
}
const made: string[] = []
afterAll(async () => { for (const db of made) await asAdmin(`DROP DATABASE IF EXISTS ${db}`) })

describe('a database that is not UTF8', () => {
  it.each(['SQL_ASCII', 'LATIN1'])('%s is refused at start with the encoding named, and nothing is created in it', async (encoding) => {
    const db = `dossier_enc_${encoding.toLowerCase()}_${process.pid}`
    await asAdmin(`DROP DATABASE IF EXISTS ${db}`)
    await asAdmin(`CREATE DATABASE ${db} ENCODING '${encoding}' TEMPLATE template0 LOCALE_PROVIDER libc LC_COLLATE 'C' LC_CTYPE 'C'`)
    made.push(db)
    const err = await openDatabase({ url: urlOf(db) }).then(() => null, (e: unknown) => e as Error)
    expect(err?.message).toBe(`无法打开数据库（DATABASE_URL）：数据库 ${db} 的编码是 ${encoding}，Dossier 需要 UTF8：请以 ENCODING 'UTF8' 新建数据库（见 README「A team server instead of the embedded one」）`)
    const c = new pg.Client({ connectionString: urlOf(db) })
    await c.connect()
    try {
      expect((await c.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`)).rows[0].n).toBe(0)
    } finally { await c.end() }
  })

  it('the suite\'s own database is UTF8 and opens; an embedded cluster uses the builtin C.UTF-8 locale', async () => {
    const db = await openDatabase({ url: inject('dbUrl'), runMigrations: false })
    try {
      const [row] = (await db.ds.query(`SELECT pg_encoding_to_char(encoding) AS enc, datlocprovider AS provider,
        to_jsonb(d) ->> 'datlocale' AS locale FROM pg_database d WHERE datname = current_database()`)) as { enc: string; provider: string; locale: string | null }[]
      expect(row.enc).toBe('UTF8')
      // The same cluster on every OS (issue 16 point 6); a team server keeps whatever its DBA chose.
      if (inject('dbKind') === 'embedded') expect(row).toEqual({ enc: 'UTF8', provider: 'b', locale: 'C.UTF-8' })
    } finally {
      await db.close()
    }
  })
})
