// A failed CLI command prints one readable line: real errors from PostgreSQL (through TypeORM, whose
// QueryFailedError carries the statement and its parameters) and from a refused connection, and errors of
// our own code. No SQL, no parameter (a password hash, an ID number), no stack unless asked for.
import fc from 'fast-check'
import { conflict, forbidden, invalid, notFound } from '../../src-main/transport/errors'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { openDatabase } from '../../src-main/db/database'
import { formatCliError } from '../../src-main/cli/errors'
import { asOwner, connect } from './db'
import { hasStack, runDossier } from './cli-spawn'

let ds: DataSource
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$HQ+bfRfXytfXHLG6vl4rTw$LLlcOYa5RVLChgcSS4cv15kAROT86mRujZcT7TYT2C4'
const ID_NO = '350102199001011234'

beforeAll(async () => {
  ds = await connect()
  await ds.query(`DELETE FROM users WHERE username LIKE 'clierr%'`)
  await ds.query(`INSERT INTO users (username, display_name, password_hash, roles) VALUES ('clierr.lin', '林华', $1, '{reviewer}')`, [HASH])
  // Tables are the owner's to create; the app (and the CLI) get row rights on them by default.
  await asOwner((owner) => owner.query(`
    DROP TABLE IF EXISTS cli_probe_child, cli_probe_parent;
    CREATE TABLE cli_probe_parent (id int PRIMARY KEY, id_no text UNIQUE, amount numeric CHECK (amount >= 0), note text NOT NULL DEFAULT '');
    CREATE TABLE cli_probe_child (id int PRIMARY KEY, parent_id int REFERENCES cli_probe_parent(id));
    INSERT INTO cli_probe_parent (id, id_no) VALUES (1, '${ID_NO}');
    INSERT INTO cli_probe_child VALUES (1, 1);`))
})
afterAll(async () => {
  await asOwner((owner) => owner.query(`DROP TABLE IF EXISTS cli_probe_child, cli_probe_parent; DELETE FROM users WHERE username LIKE 'clierr%'`))
  await ds?.destroy()
})

/** The error a statement fails with (it must fail). */
async function failure(sql: string, params: unknown[] = []): Promise<unknown> {
  try { await ds.query(sql, params) } catch (err) { return err }
  throw new Error(`expected to fail: ${sql}`)
}

const USER_INSERT = `INSERT INTO users (username, display_name, password_hash, roles) VALUES ($1, $2, $3, $4)`

/** Each kind of error, how it is provoked for real, the line it must give, and what must never show. */
const KINDS: { kind: string; provoke: () => Promise<unknown>; line: RegExp; secret?: string }[] = [
  { kind: 'unique violation on a username', provoke: () => failure(USER_INSERT, ['clierr.lin', '林华', HASH, ['reviewer']]), line: /^dossier: 用户名 clierr\.lin 已存在$/, secret: HASH },
  { kind: 'unique violation on personal data', provoke: () => failure('INSERT INTO cli_probe_parent (id, id_no) VALUES (2, $1)', [ID_NO]), line: /^dossier: 已有id_no相同的cli_probe_parent$/, secret: ID_NO },
  { kind: 'foreign key: referenced row missing', provoke: () => failure('INSERT INTO cli_probe_child VALUES (2, $1)', [99]), line: /^dossier: 引用的cli_probe_parent不存在（parent_id）$/ },
  { kind: 'foreign key: row still referenced', provoke: () => failure('DELETE FROM cli_probe_parent WHERE id_no = $1', [ID_NO]), line: /^dossier: 仍有cli_probe_child引用这条cli_probe_parent，不能删除$/, secret: ID_NO },
  { kind: 'check constraint with words', provoke: () => failure(USER_INSERT, ['Clierr Lin', '林华', HASH, ['reviewer']]), line: /^dossier: 用户名只能由 2–40 个小写字母、数字或 \. _ - 组成$/, secret: HASH },
  { kind: 'check constraint, generic', provoke: () => failure('INSERT INTO cli_probe_parent (id, amount) VALUES (3, $1)', [-5]), line: /^dossier: cli_probe_parent不符合规则（cli_probe_parent_amount_check）$/ },
  { kind: 'a trigger refusing in words', provoke: () => failure(`DO $$ BEGIN RAISE EXCEPTION '审查已批准，不能再修改（审查 %）', 7 USING ERRCODE = 'check_violation'; END $$`), line: /^dossier: 审查已批准，不能再修改（审查 7）$/ },
  { kind: 'not null', provoke: () => failure('INSERT INTO cli_probe_parent (id, note) VALUES (4, $1)', [null]), line: /^dossier: 缺少必填项：说明（cli_probe_parent）$/ },
  { kind: 'data exception quoting the value', provoke: () => failure('SELECT $1::int', [`身份证${ID_NO}`]), line: /^dossier: 数据格式无效（SQLSTATE 22P02）$/, secret: ID_NO },
  { kind: 'undefined table', provoke: () => failure('SELECT * FROM no_such_table'), line: /^dossier: 数据库错误：relation "no_such_table" does not exist（SQLSTATE 42P01）$/ },
  { kind: 'connection refused', provoke: () => openDatabase({ url: 'postgres://postgres@127.0.0.1:1/dossier' }).then(() => { throw new Error('opened') }, (e: unknown) => e), line: /^dossier: 无法打开数据库（DATABASE_URL）：无法连接数据库 127\.0\.0\.1:1：连接被拒绝/ },
  { kind: 'an error of our own, for the user', provoke: async () => new Error('--cases must be a whole number from 1 to 1,000,000'), line: /^dossier: --cases must be a whole number from 1 to 1,000,000$/ },
  { kind: 'a programming error', provoke: async () => { try { return (undefined as unknown as { message: string }).message } catch (e) { return e } }, line: /^dossier: 内部错误：TypeError: Cannot read properties of undefined \(reading 'message'\)（加 --verbose 或设 DEBUG=dossier 可见调用栈）$/ },
  { kind: 'a rejection with nothing', provoke: async () => undefined, line: /^dossier: 内部错误：未给出原因$/ },
  // A handler's refusal reached from the CLI (the same functions as the screens) is said as the screen says it.
  ...([['invalid', invalid('用户名 x 已存在')], ['notFound', notFound('没有案件 TS1')], ['forbidden', forbidden('仅管理员可操作')], ['conflict', conflict('已被他人修改')]] as const)
    .map(([kind, e]) => ({ kind: `a handler's refusal (${kind})`, provoke: async () => e, line: new RegExp(`^dossier: ${e.message}$`) }))
]

describe('CLI error lines', () => {
  it.each(KINDS)('$kind', async ({ provoke, line, secret }) => {
    const text = formatCliError(await provoke())
    expect(text).toMatch(line)
    expect(text).not.toContain('\n')
    expect(text).not.toMatch(/INSERT|SELECT \$|DELETE FROM|PARAMETERS|\$argon2/)
    if (secret) expect(text).not.toContain(secret)
  })

  it('adds the stack only when verbose', async () => {
    const err = await failure('SELECT * FROM no_such_table')
    expect(formatCliError(err, true).split('\n').length).toBeGreaterThan(1)
    expect(formatCliError(err, true)).not.toMatch(/PARAMETERS|no_such_table"? *--/)
  })

  it('never shows a value of a column that may hold personal data, whatever it is (property)', async () => {
    const personal = fc.oneof(
      fc.stringMatching(/^[1-6]\d{16}[\dX]$/), fc.stringMatching(/^1[3-9]\d{9}$/), fc.stringMatching(/^62\d{14,17}$/),
      fc.emailAddress(), fc.stringMatching(/^\$argon2id\$[A-Za-z0-9+/$=,]{20,60}$/))
    await fc.assert(fc.asyncProperty(personal, async (value) => {
      await ds.query('UPDATE cli_probe_parent SET id_no = $1 WHERE id = 1', [value])
      for (const err of [await failure('INSERT INTO cli_probe_parent (id, id_no) VALUES (9, $1)', [value]), await failure('SELECT $1::int', [value])]) {
        const text = formatCliError(err)
        expect(text).not.toContain(value)
        expect(text).not.toContain('\n')
      }
    }), { numRuns: 60 })
  })

  it('`dossier user add` with a username that exists: one line, no SQL, no hash, exit 1', async () => {
    const args = ['user', 'add', '--username', 'clierr.hua', '--name', '林华', '--roles', 'reviewer']
    const first = await runDossier(args, { databaseUrl: inject('dbUrl'), stdin: 'A-long-passw0rd\n' })
    expect(first.stderr).toBe('')
    expect(first.stdout).toMatch(/^created clierr\.hua/)
    const second = await runDossier(args, { databaseUrl: inject('dbUrl'), stdin: 'A-long-passw0rd\n' })
    expect(second.code).toBe(1)
    expect(second.stdout).toBe('')
    expect(second.stderr).toBe('dossier: 用户名 clierr.hua 已存在\n')
    expect(hasStack(second.stderr)).toBe(false)
  })
})
