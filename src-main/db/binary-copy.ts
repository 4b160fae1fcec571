// PostgreSQL's binary COPY format, written into one growing buffer: the demo loader writes cases and their
// timeline with it, and the re-indexer (cases/reindex.ts) the recomputed search vectors and identity keys.

/**
 * Writes `s` as UTF-8 at `at` (room for 3 bytes a code unit is the caller's), as TextEncoder would: a lone
 * surrogate becomes U+FFFD. Short strings by hand (most of what a row holds: codes, names, search bigrams),
 * where the native call and the view it needs cost more than the bytes; long ones natively, without a view.
 * @returns the bytes written
 */
function utf8Into(buf: Buffer, at: number, s: string): number {
  const n = s.length
  if (n > 24) return buf.write(s, at, 'utf8')
  let j = at
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i)
    if (c < 0x80) { buf[j++] = c; continue }
    if (c < 0x800) { buf[j++] = 0xc0 | (c >> 6); buf[j++] = 0x80 | (c & 0x3f); continue }
    if (c >= 0xd800 && c <= 0xdfff) {
      const low = i + 1 < n ? s.charCodeAt(i + 1) : 0
      if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00)
        i++
        buf[j++] = 0xf0 | (c >> 18); buf[j++] = 0x80 | ((c >> 12) & 0x3f); buf[j++] = 0x80 | ((c >> 6) & 0x3f); buf[j++] = 0x80 | (c & 0x3f)
        continue
      }
      c = 0xfffd
    }
    buf[j++] = 0xe0 | (c >> 12); buf[j++] = 0x80 | ((c >> 6) & 0x3f); buf[j++] = 0x80 | (c & 0x3f)
  }
  return j - at
}

const PG_EPOCH_MS = Date.UTC(2000, 0, 1)
const COPY_SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]

/**
 * Rows in binary COPY format: timestamps, numbers and search vectors go over as PostgreSQL stores them, so
 * the server parses no text for them.
 */
export class BinarySink {
  private buf: Buffer
  private view: DataView
  private len = 0
  constructor(initial: number) {
    this.buf = Buffer.allocUnsafe(initial)
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength)
    this.room(19)
    this.buf.set(COPY_SIGNATURE, 0)
    this.len = 11
    this.int32raw(0) // flags
    this.int32raw(0) // header extension length
  }
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n))
    this.buf.copy(next, 0, 0, this.len)
    this.buf = next
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength)
  }
  private int32raw(v: number): void { this.view.setInt32(this.len, v); this.len += 4 }
  tuple(fields: number): void { this.room(2); this.view.setInt16(this.len, fields); this.len += 2 }
  int4(v: number | null): void {
    this.room(8)
    if (v === null) return this.int32raw(-1)
    this.int32raw(4); this.int32raw(v)
  }
  int2(v: number): void { this.room(6); this.int32raw(2); this.view.setInt16(this.len, v); this.len += 2 }
  text(v: string | null): void {
    if (v === null) { this.room(4); return this.int32raw(-1) }
    this.room(4 + v.length * 3)
    const written = utf8Into(this.buf, this.len + 4, v)
    this.view.setInt32(this.len, written)
    this.len += 4 + written
  }
  bool(v: boolean | null): void {
    this.room(5)
    if (v === null) return this.int32raw(-1)
    this.int32raw(1); this.buf[this.len++] = v ? 1 : 0
  }
  /** numeric(…, 2) of a whole number: base-10000 digits, weight, sign 0, display scale 2. */
  numeric(v: number | null): void {
    if (v === null) { this.room(4); return this.int32raw(-1) }
    const digits: number[] = []
    for (let x = Math.trunc(v); x > 0; x = Math.floor(x / 10000)) digits.unshift(x % 10000)
    this.room(12 + digits.length * 2)
    this.int32raw(8 + digits.length * 2)
    this.view.setInt16(this.len, digits.length); this.view.setInt16(this.len + 2, Math.max(0, digits.length - 1))
    this.view.setInt16(this.len + 4, 0); this.view.setInt16(this.len + 6, 2)
    this.len += 8
    for (const d of digits) { this.view.setInt16(this.len, d); this.len += 2 }
  }
  /** int4[]: dimensions, no nulls, element type int4 (OID 23), then each element. */
  int4Array(values: number[]): void {
    this.room(24 + values.length * 8)
    this.int32raw(values.length ? 20 + values.length * 8 : 12)
    this.int32raw(values.length ? 1 : 0); this.int32raw(0); this.int32raw(23)
    if (values.length) { this.int32raw(values.length); this.int32raw(1) }
    for (const v of values) { this.int32raw(4); this.int32raw(v) }
  }
  /**
   * A tsvector from its lexemes and their ascending positions (cases/search-terms.ts lexemesOf, which keeps
   * within PostgreSQL's limits: binary COPY refuses what the text form would quietly cut): lexeme count,
   * then each lexeme (NUL-terminated UTF-8), its position count and positions.
   */
  tsvector(lexemes: Map<string, number[]>): void {
    this.room(8)
    const at = this.len
    this.len += 4
    this.int32raw(lexemes.size)
    for (const [lexeme, positions] of lexemes) {
      this.room(lexeme.length * 3 + 3 + positions.length * 2)
      this.len += utf8Into(this.buf, this.len, lexeme)
      this.buf[this.len++] = 0
      this.view.setUint16(this.len, positions.length); this.len += 2
      for (const p of positions) { this.view.setUint16(this.len, p); this.len += 2 }
    }
    this.view.setInt32(at, this.len - at - 4)
  }
  /** timestamptz: microseconds since 2000-01-01 UTC as an int64 (exact in a double until 2255). */
  timestamp(ms: number | null): void {
    if (ms === null) { this.room(4); return this.int32raw(-1) }
    this.room(12)
    this.int32raw(8)
    const us = (ms - PG_EPOCH_MS) * 1000
    const hi = Math.floor(us / 4294967296)
    this.view.setInt32(this.len, hi)
    this.view.setUint32(this.len + 4, us - hi * 4294967296)
    this.len += 8
  }
  bytes(): Uint8Array {
    this.room(2)
    this.view.setInt16(this.len, -1) // trailer
    this.len += 2
    return this.buf.subarray(0, this.len)
  }
}
