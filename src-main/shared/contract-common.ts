// What every channel's request shares: ids and versions bounded to the database's integer columns, and the
// one check every request passes before its schema runs (plain JSON data; no NUL, no unpaired surrogate).
import { z } from 'zod'

/** The largest value of a PostgreSQL `integer` (int4) column: ids and versions are int4 (migrations). */
export const INT4_MAX = 2_147_483_647

/** A row id (an int4 identity column): 1 … 2,147,483,647. A larger number would overflow in SQL, not match. */
export const zId = z.number().int().min(1).max(INT4_MAX)
/** A row's version (optimistic locking), an int4 column counted from 1. */
export const zVersion = z.number().int().min(1).max(INT4_MAX)

/** How deep a request may nest: every schema in the contract is a few levels deep. */
const MAX_DEPTH = 16

// U+0000 (PostgreSQL text and jsonb refuse it) and a surrogate without its partner (not UTF-8; jsonb refuses
// its escape), anywhere in a string. NUL is the one control character meant here.
// eslint-disable-next-line no-control-regex
const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/**
 * Null when the request is plain JSON data whose every string (values and keys, at any depth) is text
 * PostgreSQL can store; otherwise the problem with the path to it, as an invalid_request message
 * (`finding.description: …`). Run on the whole request before its schema, so no field can forget it. Plain
 * data only: IPC's structured clone can also carry a Map, a Date, a BigInt… which a schema for an object
 * might take for an empty one.
 */
export function requestProblem(value: unknown, path: (string | number)[] = [], depth = 0): string | null {
  const where = (): string => path.join('.') || 'request'
  if (typeof value === 'string') return BAD_TEXT.test(value) ? `${where()}: 文本含有不允许的字符（空字符 U+0000 或不成对的代理项）` : null
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return null
  const proto = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return `${where()}: 应为 JSON 数据`
  if (depth >= MAX_DEPTH) return `${where()}: 请求嵌套过深`
  // Array.from, not map: a sparse array (IPC's structured clone keeps holes) has its holes visited too.
  const entries: [string | number, unknown][] = Array.isArray(value) ? Array.from(value, (v, i) => [i, v]) : Object.entries(value as object)
  for (const [key, v] of entries) {
    if (typeof key === 'string' && BAD_TEXT.test(key)) return `${where()}: 字段名含有不允许的字符`
    const problem = requestProblem(v, [...path, key], depth + 1)
    if (problem) return problem
  }
  return null
}

/**
 * Browser mode: the header the app's own API client sends with every call (value "1"). A page on another
 * origin cannot add it without a CORS pre-flight, which the server never grants (src-main/transport/http.ts).
 */
export const API_REQUEST_HEADER = 'x-dossier-request'
