// Hostile requests for every channel of the contract, built from one valid request per channel (used by
// contract-fuzz.test.ts): those no channel may accept, and those that may be valid (hostile text where text
// is allowed, optional fields left out).
import fc from 'fast-check'
import type { Channel } from '../../src-main/shared/contract'
import { BUSINESS_LINES, CATEGORIES, CHANNELS, SEVERITIES } from '../../src-main/shared/codes'

export const MISSING = 999_999

export type Base = { request: Record<string, unknown>; reads: boolean }
/** A valid request per channel; `reads`: answering it changes nothing (or its target does not exist). */
export const BASES: Record<Channel, Base> = {
  'app.info': { request: {}, reads: true },
  'meta.options': { request: {}, reads: true },
  'auth.signIn': { request: { username: 'nobody', password: 'not-the-password' }, reads: false },
  'auth.signOut': { request: {}, reads: false },
  'auth.me': { request: {}, reads: true },
  // The fuzzing account's password is not this: refused, nothing changes.
  'auth.changePassword': { request: { current: 'not-the-password', next: 'Another-Passw0rd' }, reads: true },
  // An administrator exists: refused as a conflict.
  'setup.createAdmin': { request: { username: 'first.admin', displayName: '管理员', password: 'Str0ng-Passw0rd!' }, reads: true },
  'cases.list': {
    request: {
      filter: { receivedFrom: '2024-01-01', receivedTo: '2025-12-31', channel: CHANNELS[0], category: CATEGORIES[0], severity: SEVERITIES[0], businessLine: BUSINESS_LINES[0], unitId: 1, group: false, repeat: false, text: '张' },
      sort: 'received_at', dir: 'desc', cursor: 'opaque', limit: 10
    },
    reads: true
  },
  'cases.count': { request: { filter: { receivedFrom: '2024-01-01', receivedTo: '2025-12-31', unitId: 1, text: '理财' } }, reads: true },
  'cases.get': { request: { id: 1 }, reads: true },
  'cases.audit': { request: { id: 1 }, reads: true },
  'cases.unmask': { request: { caseId: MISSING, field: 'phone', reason: '客户回访' }, reads: true },
  // An export writes a file and the trail: not a read.
  'cases.exportStart': { request: { filter: { receivedFrom: '1990-01-01', receivedTo: '1990-01-02', text: '理财' }, sort: 'received_at', dir: 'desc', format: 'csv', unmasked: false }, reads: false },
  'cases.exportStatus': { request: {}, reads: true },
  'cases.exportCancel': { request: {}, reads: false },
  'users.list': { request: {}, reads: true },
  'users.accounts': { request: {}, reads: true },
  // A weak password is refused before anything is written.
  'users.add': { request: { username: 'fuzz.new', displayName: '新用户', roles: ['reviewer'], password: 'short' }, reads: false },
  'users.setActive': { request: { id: MISSING, version: 1, active: false }, reads: true },
  'users.setRoles': { request: { id: MISSING, version: 1, roles: ['reviewer'] }, reads: true },
  'users.resetPassword': { request: { id: MISSING, version: 1, password: 'Another-Passw0rd' }, reads: true },
  'audit.status': { request: {}, reads: true },
  'audit.run': { request: {}, reads: false },
  'plans.list': { request: {}, reads: true },
  'plans.preview': { request: { receivedFrom: '2024-01-01', receivedTo: '2024-02-01', sampleRate: 0.1, sampleSeed: 1, includeFlagged: true }, reads: true },
  'plans.create': {
    request: { name: '计划', receivedFrom: '2024-01-01', receivedTo: '2024-02-01', sampleRate: 0.1, sampleSeed: 1, includeFlagged: true, reviewerIds: [MISSING] },
    reads: true
  },
  'reviews.queue': { request: { scope: 'plan', planId: MISSING }, reads: true },
  'reviews.get': { request: { id: MISSING }, reads: true },
  'reviews.forCase': { request: { caseId: 1 }, reads: true },
  'reviews.saveRule': { request: { id: MISSING, version: 1, rule: 'R01', decision: 'overridden', finalStatus: 'fail', note: '理由' }, reads: true },
  'reviews.saveFinding': {
    request: { id: MISSING, version: 1, finding: { id: MISSING, rule: 'R01', severity: 'low', description: '问题', requiredAction: '整改', ownerUnitId: 1, dueOn: '2025-12-31' } },
    reads: true
  },
  'reviews.deleteFinding': { request: { id: MISSING, version: 1, findingId: MISSING }, reads: true },
  'reviews.saveConclusion': { request: { id: MISSING, version: 1, conclusion: 'compliant', opinion: '意见' }, reads: true },
  'reviews.submit': { request: { id: MISSING, version: 1 }, reads: true },
  'reviews.decide': { request: { id: MISSING, version: 1, decision: 'return', comment: '退回' }, reads: true },
  'documents.list': { request: { docType: 'dossier', caseNo: 'TS2025', generatedFrom: '2024-01-01', generatedTo: '2025-12-31', limit: 10 }, reads: true },
  'documents.forCase': { request: { caseId: 1 }, reads: true },
  'documents.generate': { request: { type: 'dossier', caseId: MISSING, reason: '档案移交' }, reads: true },
  'documents.batchStart': { request: { receivedFrom: '1990-01-01', receivedTo: '1990-01-02', type: 'dossier', reason: '年度归档' }, reads: false },
  'documents.batchStatus': { request: {}, reads: true },
  'documents.batchCancel': { request: {}, reads: false },
  'documents.batchResume': { request: { id: 999999, reason: '年度归档' }, reads: false },
  'documents.batchDownload': { request: { id: MISSING, file: 'zip' }, reads: true },
  'documents.batches': { request: { limit: 5 }, reads: true },
  'documents.open': { request: { id: MISSING, reason: '核对' }, reads: true },
  'documents.saveAs': { request: { id: MISSING, reason: '核对' }, reads: true },
  'documents.verify': { request: { sha256: 'a'.repeat(64), bytes: 12, fileName: 'x.docx' }, reads: true },
  'calendar.overview': { request: {}, reads: true },
  'calendar.days': { request: { year: 2025 }, reads: true },
  // A check only (dryRun): nothing is loaded. Its fields are never deleted below (dryRun defaults to false).
  'calendar.import': { request: { fileName: 'notice.txt', content: '2025年元旦：1月1日放假', year: 2025, dryRun: true }, reads: true },
  // A file that does not exist: refused as invalid, nothing read or written.
  'import.inspect': { request: { path: '/nonexistent/dossier-fuzz/cases.csv', encoding: 'gb18030', sheet: '1' }, reads: true },
  'import.dryRun': { request: { path: '/nonexistent/dossier-fuzz/cases.csv', mapping: 'archive' }, reads: true },
  'import.start': { request: { path: '/nonexistent/dossier-fuzz/cases.csv', mapping: 'archive', allOrNothing: true }, reads: true },
  'import.status': { request: { jobId: 'no-such-job' }, reads: true },
  'import.cancel': { request: { jobId: 'no-such-job' }, reads: true },
  'import.list': { request: {}, reads: true },
  'import.savePreset': { request: { name: '网点系统导出', mapping: { columns: { case_no: '投诉单号' }, createUnits: false } }, reads: false },
  'import.writeErrors': { request: { importId: MISSING, path: '/nonexistent/dossier-fuzz/errors.csv' }, reads: true },
  'settings.directory': { request: {}, reads: true },
  // A version that is not the stored one: refused as a conflict, nothing saved.
  'settings.saveDirectory': {
    request: {
      settings: { enabled: true, url: 'ldap://127.0.0.1:1', mode: 'search', bindDnTemplate: '', baseDn: 'dc=bank,dc=test', userFilter: '(uid={username})',
        serviceDn: 'cn=svc,dc=bank,dc=test', servicePassword: 'x', displayNameAttribute: 'displayName', groupRoles: [{ groupDn: 'cn=g,dc=bank,dc=test', roles: ['reviewer'] }], timeoutMs: 1000 },
      expectedVersion: MISSING
    },
    reads: true
  },
  'retention.preview': { request: {}, reads: true },
  'retention.save': { request: { months: 60, expectedVersion: MISSING }, reads: true },
  // Not the preview's count (or no period set): refused, nothing anonymised.
  'retention.anonymise': { request: { expectCases: MISSING }, reads: true },
  'import.errorFile': { request: { importId: MISSING }, reads: true },
  'import.upload': { request: { name: 'offers.csv', offset: 0, chunk: 'YSxiCg==', done: false }, reads: false },
  'import.chooseFile': { request: {}, reads: true },
  'policy.list': { request: {}, reads: true },
  'policy.save': {
    request: {
      kind: 'internal', effectiveFrom: '2020-01-01', title: '内部投诉处理制度', note: '原因', expectedVersion: 1,
      params: { acceptHours: 24, classifyHours: 48, handleWorkdays: 7, complexHandleWorkdays: 15, replyWorkdays: 10, groupMinPeople: 5, escalationHours: 24, escalateAtOncePeople: 10, massGatheringReportHours: 1, branchApprovalLimit: 50000 }
    },
    reads: false
  },
  'rootCauses.taxonomy': { request: { version: 1 }, reads: true },
  // A stale version: refused as a conflict, so nothing is edited.
  'rootCauses.editTaxonomy': { request: { expectedVersion: MISSING, edit: { op: 'rename', code: 'RC06', nameZh: '业务操作失误' } }, reads: true },
  'rootCauses.ofCase': { request: { caseId: 1 }, reads: true },
  'rootCauses.setCase': { request: { caseId: MISSING, primary: { code: 'RC06.01', note: '说明' }, secondary: [{ code: 'RC07', note: null }], suggested: ['RC06.01'] }, reads: true },
  'rootCauses.bulkCount': { request: { target: { filter: { receivedFrom: '2024-01-01', receivedTo: '2025-12-31', rootCause: 'none', text: '扣费' } } }, reads: true },
  // No such case: nothing to tag.
  'rootCauses.bulkTag': { request: { target: { caseIds: [MISSING] }, code: 'RC07', role: 'primary', expectedCount: 1 }, reads: true },
  'rootCauses.pareto': { request: { filter: { receivedFrom: '2024-01-01', receivedTo: '2025-12-31', unitId: 1, text: '扣费' }, level: 2, version: 1 }, reads: true },
  'rootCauses.suggest': { request: { caseId: MISSING }, reads: true },
  'rootCauses.suggestionStats': { request: {}, reads: true },
  'rootCauses.lastBulk': { request: {}, reads: true },
  'rootCauses.undoBulk': { request: {}, reads: false },
  'trends.view': { request: { filter: { receivedFrom: '2024-01-01', unitId: 1, text: '扣费' }, period: { grain: 'quarter', from: '2025-01', to: '2025-12' } }, reads: true },
  'trends.ruleEvidence': { request: { caseIds: [1, 2, MISSING], rule: 4, policy: 'regulatory' }, reads: true },
  'trends.extras': { request: { filter: { channel: 'phone' }, period: { grain: 'month', from: '2025-01', to: '2025-06' } }, reads: true },
  'trends.chartFile': { request: { filter: { text: '扣费' }, period: { grain: 'month', from: '2025-01', to: '2025-03' }, chart: 'units', format: 'svg', locale: 'en', width: 800 }, reads: true },
  'trends.customers': { request: {}, reads: true },
  'trends.saveCustomers': { request: { unitId: MISSING, year: 2025, customers: 120000 }, reads: true },
  'quarters.list': { request: {}, reads: true },
  'quarters.changes': { request: { closeId: MISSING, offset: 0, limit: 10 }, reads: true },
  // A quarter that has not ended: refused, nothing closed.
  'quarters.close': { request: { quarter: '2099Q4', note: '季度关账' }, reads: true },
  'quarters.reopen': { request: { closeId: MISSING, reason: '数据更正后重新关账' }, reads: true },
  'stats.regulatory': { request: { filter: { receivedFrom: '2024-01-01', unitId: 1, text: '扣费' }, period: { grain: 'quarter', from: '2025-01', to: '2025-12' } }, reads: true },
  'stats.regulatoryExport': { request: { filter: { channel: CHANNELS[0] }, period: { grain: 'month', from: '2025-01', to: '2025-03' }, format: 'xlsx' }, reads: true },
  'legal.offers': {
    request: {
      filter: { from: '2024-01-01', to: '2025-12-31', unitId: 1, category: CATEGORIES[0], businessLine: BUSINESS_LINES[0], type: 'compensation', product: '理财',
        rootCause: 'RC11', amountMin: 0, amountMax: 100000, check: 'authority', reviewStatus: 'none' },
      queue: 'todo', sort: 'amount', dir: 'desc', offset: 0, limit: 10
    },
    // Reading fills the stored check results (offer_checks) of offers that have none.
    reads: false
  },
  'legal.offer': { request: { id: MISSING, windowMonths: 24 }, reads: false },
  'legal.sign': { request: { offerId: MISSING, replaces: null, decision: 'agree', reasoning: '理由', basisCodes: ['LAW-CC-577'], basisText: '依据' }, reads: true },
  'legal.cosign': { request: { id: MISSING, version: 1 }, reads: true },
  'legal.export': {
    request: { filter: { from: '2024-01-01', to: '2025-12-31', unitId: 1, product: '理财', check: 'any' }, queue: 'all', format: 'csv' },
    // Fills stored checks like legal.offers, and records the export in the trail.
    reads: false
  },
  'legal.matrices': { request: {}, reads: true },
  'legal.saveMatrix': {
    request: {
      effectiveFrom: '2020-01-01', title: '审批权限矩阵', settlementAbove: 20000, cosignAbove: 50000, note: '原因', expectedVersion: 99,
      limits: [{ level: '分行', rank: 1, type: 'compensation', maxAmount: 50000 }, { level: '总行', rank: 2, type: 'compensation', maxAmount: null }]
    },
    reads: false
  },
  'rectification.queue': { request: { unitId: MISSING, status: 'not_closed', overdue: true, offset: 0, limit: 50 }, reads: true },
  'rectification.item': { request: { kind: 'finding', id: MISSING }, reads: true },
  'rectification.update': { request: { kind: 'measure', id: MISSING, version: 0, status: 'in_progress', note: '进展', evidence: '凭证' }, reads: true },
  'rectification.decide': { request: { kind: 'finding', id: MISSING, version: 1, approve: true, note: '验收' }, reads: true }
}

type Path = (string | number)[]
interface Leaf { path: Path; value: unknown }
function leaves(v: unknown, path: Path = []): Leaf[] {
  if (v !== null && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, Array.isArray(v) ? Number(k) : k]))
  return [{ path, value: v }]
}
function objects(v: unknown, path: Path = []): Path[] {
  if (v === null || typeof v !== 'object') return []
  return [...(Array.isArray(v) ? [] : [path]), ...Object.entries(v).flatMap(([k, x]) => objects(x, [...path, Array.isArray(v) ? Number(k) : k]))]
}
/** A deep copy (as JSON, the way a request arrives) with the value at `path` replaced, or deleted. */
function withValue(base: unknown, path: Path, value: unknown, remove = false): unknown {
  const copy = JSON.parse(JSON.stringify(base)) as Record<string | number, unknown>
  let node = copy
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>
  const last = path.at(-1)!
  if (remove) delete node[last]
  else node[last] = value
  return copy
}
/** Adds a key at an object node as JSON.parse would (an own `__proto__` property, not the prototype). */
function withKey(base: unknown, path: Path, key: string, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>
  let node = copy
  for (const k of path) node = node[k] as Record<string, unknown>
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true })
  return copy
}

const BAD_CHARS = ['\u0000', '\ud800', '\udfff', '\udc00\ud800', 'a\ud83d']
const BAD_NUMBERS = [2_147_483_648, 2 ** 53 + 2, 1e20, -1, Infinity, -Infinity, Number.NaN]
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'extra']

/** A request no channel may accept, built from the channel's valid one. */
export function refusedRequest(channel: Channel): fc.Arbitrary<{ kind: string; request: unknown }> {
  const base = BASES[channel].request
  const all = leaves(base).filter((l) => l.path.length > 0)
  const strings = all.filter((l) => typeof l.value === 'string')
  const numbers = all.filter((l) => typeof l.value === 'number')
  const options: fc.Arbitrary<{ kind: string; request: unknown }>[] = [
    fc.constantFrom(...objects(base)).chain((at) => fc.tuple(fc.constantFrom(...PROTO_KEYS), fc.constantFrom<unknown>({ polluted: true }, 'x', 1, null))
      .map(([key, value]) => ({ kind: `extra key ${key}`, request: withKey(base, at, key, value) }))),
    fc.constantFrom<unknown>([], [base], 'request', 42, true, Number.NaN).map((request) => ({ kind: 'not an object', request })),
    // What IPC's structured clone can carry and JSON cannot: holes, cycles, maps, dates, big integers, bytes.
    fc.constantFrom<Path>([], ...all.map((l) => l.path)).chain((at) => fc.constantFrom<() => unknown>(
      () => new Map([['a', 1]]), () => new Set([1]), () => new Date(0), () => 10n, () => new Uint8Array(4), () => new Array<number>(2).fill(1, 1), () => { const o: Record<string, unknown> = {}; o.self = o; return o }
    ).map((make) => ({ kind: `structured-clone value at ${at.join('.') || 'request'}`, request: at.length ? withValue(base, at, make()) : make() }))),
    fc.integer({ min: 17, max: 40 }).map((depth) => {
      let nested: unknown = 'x'
      for (let i = 0; i < depth; i++) nested = { a: nested }
      return { kind: 'nested too deep', request: { ...base, deep: nested } }
    })
  ]
  if (all.length) {
    options.push(fc.constantFrom(...all).chain((l) => fc.constantFrom<unknown>(...wrongTypes(l.value)).map((v) => ({ kind: `wrong type at ${l.path.join('.')}`, request: withValue(base, l.path, v) }))))
  }
  if (strings.length) {
    options.push(fc.tuple(fc.constantFrom(...strings), fc.constantFrom(...BAD_CHARS), fc.string({ maxLength: 5 }), fc.boolean())
      .map(([l, bad, s, front]) => ({ kind: `bad text at ${l.path.join('.')}`, request: withValue(base, l.path, front ? bad + String(l.value) : String(l.value) + s + bad) })))
    options.push(fc.tuple(fc.constantFrom(...strings), fc.constantFrom(5_000, 300_000, 1_100_000))
      .map(([l, n]) => ({ kind: `huge text at ${l.path.join('.')}`, request: withValue(base, l.path, '字'.repeat(n)) })))
  }
  if (numbers.length) {
    options.push(fc.tuple(fc.constantFrom(...numbers), fc.constantFrom(...BAD_NUMBERS))
      .map(([l, n]) => ({ kind: `number ${n} at ${l.path.join('.')}`, request: withValue(base, l.path, n) })))
  }
  return fc.oneof(...options)
}
function wrongTypes(v: unknown): unknown[] {
  if (typeof v === 'string') return [42, true, { s: v }, [v]]
  if (typeof v === 'number') return [String(v), true, { n: v }, [v]]
  if (typeof v === 'boolean') return [String(v), 1, [v]]
  return [42]
}

export const HOSTILE_TEXT = [
  `'; DROP TABLE cases; --`, `" OR 1=1 --`, `%' OR '1'='1`, `\\'; SELECT pg_sleep(5); --`, `$1`, `%_\\`, `../../etc/passwd`, `..\\..\\windows\\system32\\config`,
  `/etc/shadow`, `$(rm -rf /)`, '`id`', `<script>alert(1)</script>`, `{{7*7}}`, `\u202etxt.exe`, `\u200b\ufeff`, `😀👨‍👩‍👧`, `１２３４５６`, `__proto__`, `constructor`,
  `null`, `undefined`, `NaN`, ' ', '\t\r\n', 'x'.repeat(39)
]

/** A request that may be valid: hostile text where text is allowed, or an optional field left out. */
export function hostileButPossiblyValid(channel: Channel): fc.Arbitrary<{ kind: string; request: unknown }> | null {
  const base = BASES[channel].request
  const all = leaves(base).filter((l) => l.path.length > 0)
  const strings = all.filter((l) => typeof l.value === 'string')
  const options: fc.Arbitrary<{ kind: string; request: unknown }>[] = []
  if (strings.length) {
    options.push(fc.tuple(fc.constantFrom(...strings), fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.string({ unit: 'grapheme', maxLength: 30 })))
      .map(([l, text]) => ({ kind: `text at ${l.path.join('.')}`, request: withValue(base, l.path, text) })))
  }
  if (all.length && channel !== 'calendar.import') {
    options.push(fc.constantFrom(...all).map((l) => ({ kind: `without ${l.path.join('.')}`, request: withValue(base, l.path, undefined, true) })))
  }
  return options.length ? fc.oneof(...options) : null
}
