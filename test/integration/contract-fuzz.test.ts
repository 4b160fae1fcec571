// Bad input at every channel of the contract (issue 15, points 7 and 15), through the real dispatch, signed
// in as an account that holds every role (so every channel's validation is reached, not its role check):
// - a table of the issue's own examples (an id past int4, NUL, a lone surrogate…);
// - a property over every channel: hostile mutations of a valid request — NUL and unpaired surrogates in any
//   text, numbers out of their column's range or not finite, wrong types, extra and prototype keys, huge
//   strings, garbage instead of an object — are all refused as invalid_request, and the database is
//   unchanged (every table's rows, checksummed);
// - a property with hostile text that is *valid* (SQL metacharacters, path traversal, odd Unicode) and
//   missing optional fields: never `internal`, and the database unchanged for channels that only read or
//   whose target does not exist.
// Nothing may reach the dispatcher's catch-all (its log stays empty) and Object.prototype stays clean.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { DataSource } from 'typeorm'
import { seedArchive } from '../../src-main/demo/loader'
import { createUser } from '../../src-main/auth/users'
import { buildHandlers, createDispatch } from '../../src-main/transport/dispatch'
import { CHANNEL_NAMES, type Channel, type Envelope, type SessionUser } from '../../src-main/shared/contract'
import { BASES, HOSTILE_TEXT, hostileButPossiblyValid, refusedRequest } from './contract-payloads'
import { connect, data, resetArchive, testContext } from './db'

let ds: DataSource
let call: (channel: string, request: unknown) => Promise<Envelope<unknown>>
const logged: string[] = []
/** Every table the connection may read: its row count and a checksum of its rows. */
async function snapshot(): Promise<Record<string, string>> {
  const tables = (await ds.query(`SELECT c.relname AS table_name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND has_table_privilege(c.oid, 'SELECT') ORDER BY c.relname`)) as { table_name: string }[]
  const out: Record<string, string> = {}
  for (const { table_name: t } of tables) {
    const [{ n, h }] = await ds.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${t}" x`)
    out[t] = `${n}:${h}`
  }
  return out
}

const tally = { tried: 0, acceptedWrongly: 0, internal: 0, byChannel: {} as Record<string, number> }

beforeAll(async () => {
  ds = await connect()
  await resetArchive(ds)
  await seedArchive(ds, { seed: 15, cases: 120 })
  const root = await createUser(ds, { username: 'root.fuzz', displayName: '全部角色', roles: ['admin', 'reviewer', 'senior_reviewer', 'legal'], password: 'root-fuzz-password' })
  const ctx = testContext(ds)
  const dispatch = createDispatch(buildHandlers(ctx), ctx.sessions, (m) => logged.push(m))
  call = (channel, request) => dispatch(channel, request, 'win:root')
  const signedIn = await call('auth.signIn', { username: root.username, password: 'root-fuzz-password' })
  expect(signedIn.ok).toBe(true)
})
afterAll(async () => {
  console.log(`contract fuzz: ${tally.tried} payloads tried over ${Object.keys(tally.byChannel).length} channels; accepted wrongly ${tally.acceptedWrongly}; answered internal ${tally.internal}`)
  await ds?.destroy()
})

describe('the issue\'s examples', () => {
  const cases: [string, Channel, unknown, string][] = [
    ['an id past int4', 'cases.get', { id: 2_147_483_648 }, 'id'],
    ['the largest int4 id is a valid id (not found)', 'cases.get', { id: 2_147_483_647 }, 'not_found'],
    ['a version past int4', 'reviews.submit', { id: 1, version: 2_147_483_648 }, 'version'],
    ['an id past int4 in an array', 'plans.create', { ...BASES['plans.create'].request, reviewerIds: [2_147_483_648] }, 'reviewerIds.0'],
    ['a unit id past int4 in the filter', 'cases.list', { filter: { unitId: 2 ** 40 } }, 'filter.unitId'],
    // CI's counterexample (seed -61941467): a file size the register's int4 column cannot hold.
    ['a file size past int4', 'documents.verify', { sha256: 'a'.repeat(64), bytes: 2_147_483_648, fileName: 'x.docx' }, 'bytes'],
    ['a NUL in the search text', 'cases.list', { filter: { text: 'a\u0000b' } }, 'filter.text'],
    ['a lone surrogate in an opinion', 'reviews.saveConclusion', { id: 1, version: 1, conclusion: null, opinion: '\ud800' }, 'opinion'],
    ['a NUL in a file name', 'calendar.import', { fileName: 'a\u0000.txt', content: 'x' }, 'fileName'],
    ['a NUL in a key', 'cases.list', { ['li\u0000mit']: 1 }, 'request'],
    ['a lone low surrogate in a username', 'auth.signIn', { username: '\udc00admin', password: 'x' }, 'username'],
    ['an infinite number', 'cases.list', { limit: Infinity }, 'limit'],
    // CI's counterexample (seed -817679821): a mapping key that an object already answers to.
    ['a constructor key in an import mapping', 'import.savePreset', { name: '网点系统导出', mapping: { columns: { case_no: '投诉单号', constructor: 'x' }, createUnits: false } }, 'mapping.columns'],
    ['a toString source value in an import value map', 'import.savePreset', { name: 'p', mapping: { columns: { case_no: '投诉单号' }, values: { category: { toString: 'A' } } } }, 'mapping.values.category'],
    ['a made-up field in an import mapping', 'import.savePreset', { name: 'p', mapping: { columns: { case_no: '投诉单号', shoe_size: '鞋码' } } }, 'mapping.columns.shoe_size']
  ]
  for (const [what, channel, request, where] of cases) {
    it(what, async () => {
      const env = await call(channel, request)
      if (where === 'not_found') expect(env).toMatchObject({ ok: false, error: { code: 'not_found' } })
      else {
        expect(env).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
        expect(!env.ok && env.error.message.startsWith(`${where}:`)).toBe(true)
      }
      expect(logged).toEqual([])
    })
  }
})

describe('every channel, hostile requests', () => {
  it('refuses every malformed request as invalid_request, and the database is unchanged', async () => {
    const before = await snapshot()
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...CHANNEL_NAMES).chain((channel) => refusedRequest(channel).map((p) => ({ channel, ...p }))),
      async ({ channel, kind, request }) => {
        tally.tried++
        tally.byChannel[channel] = (tally.byChannel[channel] ?? 0) + 1
        const env = await call(channel, request)
        if (env.ok) tally.acceptedWrongly++
        else if (env.error.code === 'internal') tally.internal++
        expect({ channel, kind, code: env.ok ? 'accepted' : env.error.code }).toEqual({ channel, kind, code: 'invalid_request' })
      }
    ), { numRuns: 3000 })
    expect(await snapshot()).toEqual(before)
    expect(logged).toEqual([])
    expect(Object.prototype).not.toHaveProperty('polluted')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('answers hostile but well-formed text and left-out fields without `internal`; reading channels change nothing', async () => {
    const channels = CHANNEL_NAMES.filter((c) => BASES[c].reads && hostileButPossiblyValid(c))
    const before = await snapshot()
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...channels).chain((channel) => hostileButPossiblyValid(channel)!.map((p) => ({ channel, ...p }))),
      async ({ channel, kind, request }) => {
        tally.tried++
        tally.byChannel[channel] = (tally.byChannel[channel] ?? 0) + 1
        const env = await call(channel, request)
        if (!env.ok && env.error.code === 'internal') tally.internal++
        expect({ channel, kind, internal: !env.ok && env.error.code === 'internal' }).toEqual({ channel, kind, internal: false })
      }
    ), { numRuns: 1500 })
    expect(await snapshot()).toEqual(before)
    expect(logged).toEqual([])
  })

  it('signs nobody in with hostile usernames and passwords, and writes only the trail', async () => {
    const before = await snapshot()
    await fc.assert(fc.asyncProperty(
      fc.record({ username: fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.string({ minLength: 1, maxLength: 40 })), password: fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.string({ minLength: 1, maxLength: 200 })) }),
      async (request) => {
        tally.tried++
        tally.byChannel['auth.signIn'] = (tally.byChannel['auth.signIn'] ?? 0) + 1
        const env = await call('auth.signIn', request)
        if (env.ok) tally.acceptedWrongly++
        else if (env.error.code === 'internal') tally.internal++
        expect(env.ok).toBe(false)
        expect(['invalid_request', 'unauthenticated', 'forbidden']).toContain(!env.ok && env.error.code)
      }
    ), { numRuns: 200 })
    const after = await snapshot()
    delete before.audit_trail
    delete after.audit_trail
    expect(after).toEqual(before)
    // The caller is still signed in as before (a failed sign-in does not end a session).
    expect(await call('auth.me', {})).toMatchObject({ ok: true, data: { user: { username: 'root.fuzz' } } })
    expect(logged).toEqual([])
  })

  it('stores hostile but valid text exactly as given (parameterised SQL)', async () => {
    const [{ id: reviewer }] = await ds.query(`SELECT id FROM users WHERE username = 'root.fuzz'`)
    const [{ from, to }] = await ds.query(`SELECT to_char(min(received_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS from,
      to_char(max(received_at) AT TIME ZONE 'Asia/Shanghai' + interval '1 day', 'YYYY-MM-DD') AS to FROM cases`)
    for (const name of [`'; DROP TABLE cases; --`, `../../etc/passwd`, `\u202e计划😀`]) {
      const env = await call('plans.create', { ...BASES['plans.create'].request, name, receivedFrom: from, receivedTo: to, sampleRate: 0.05, reviewerIds: [reviewer], overlap: 'include' })
      expect(env.ok ? env.data : env.error).toMatchObject({ name })
    }
    expect((await ds.query('SELECT count(*)::int AS n FROM cases'))[0].n).toBe(120)
    expect(logged).toEqual([])
  })
})

describe('a true bug', () => {
  it('answers internal with a reference, and logs neither the statement, its parameters nor values pg quotes', async () => {
    const secret = '身份证350102199001011234'
    const ctx = testContext(ds)
    const lines: string[] = []
    const handlers = buildHandlers(ctx)
    // A handler whose query fails as a bug would: the parameter (and pg's message) carry personal data.
    const buggy = createDispatch({
      ...handlers,
      'cases.get': async () => { await ds.query('SELECT $1::int', [secret]); return null as never },
      'cases.count': async () => { await ds.query('SELECT * FROM no_such_table WHERE name = $1', [secret]); return null as never },
      'meta.options': async () => { throw new TypeError(`cannot read ${secret}`) }
    }, ctx.sessions, (m) => lines.push(m))
    ctx.sessions.set('k', data<{ user: SessionUser }>(await call('auth.me', {})).user)
    const asData = await buggy('cases.get', { id: 1 }, 'k')
    expect(asData).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    const missing = await buggy('cases.count', {}, 'k')
    expect(missing).toMatchObject({ ok: false, error: { code: 'internal' } })
    const thrown = await buggy('meta.options', {}, 'k')
    expect(thrown).toMatchObject({ ok: false, error: { code: 'internal' } })
    for (const env of [asData, missing, thrown]) {
      expect(JSON.stringify(env)).not.toContain(secret)
      expect(!env.ok && env.error.message).toMatch(/参考编号 [0-9a-f]{8}/)
    }
    expect(lines).toHaveLength(3)
    expect(lines.slice(0, 2).join('\n')).not.toContain(secret)
    expect(lines.join('\n')).not.toMatch(/SELECT|PARAMETERS/i)
    expect(lines[0]).toMatch(/^\[cases\.get\] [0-9a-f]{8} database error 22P02: /)
    // The reference in the answer is the one in the log.
    expect(lines[1]).toContain((!missing.ok && /参考编号 ([0-9a-f]{8})/.exec(missing.error.message)![1])!)
  })
})
