// The staging tables of one import: temporary (they vanish with the session, so a killed import leaves
// none), filled with binary COPY (pg-copy-streams, as the demo loader and the re-indexer do), then read by
// set-based DML into the archive (write.ts).
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import type { PoolClient } from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { BinarySink } from '../db/binary-copy'
import { lexemesOf } from '../cases/search-terms'
import { identityKey } from '../text/identity'
import type { CaseRecord, CaseValue } from './row'

type ColType = 'text' | 'ts' | 'bool' | 'int4' | 'numeric' | 'int4[]' | 'jsonb'

/** The cases columns an import may write, with their staging types (numeric and jsonb staged as text). */
export const CASE_WRITE_COLUMNS: readonly (readonly [string, ColType])[] = [
  ['case_no', 'text'], ['received_at', 'ts'], ['accepted_at', 'ts'], ['acceptance_notified_at', 'ts'], ['classified_at', 'ts'], ['closed_at', 'ts'],
  ['filled_at', 'ts'], ['channel', 'text'], ['is_direct', 'bool'], ['is_anonymous', 'bool'], ['complainant_name', 'text'], ['complainant_phone', 'text'],
  ['complainant_id_no', 'text'], ['complainant_address', 'text'], ['is_group', 'bool'], ['group_size', 'int4'], ['complained_object', 'text'],
  ['complained_staff_id', 'int4'], ['product', 'text'], ['unit_id', 'int4'], ['business_line', 'text'], ['category', 'text'], ['severity', 'text'],
  ['is_complex', 'bool'], ['amount_involved', 'numeric'], ['jrt_channel', 'text'], ['jrt_business', 'text'], ['jrt_cause', 'text'], ['summary', 'text'],
  ['request', 'text'], ['evidence', 'text'], ['first_receiver_id', 'int4'], ['handler_id', 'int4'], ['responsible_unit_id', 'int4'],
  ['assisting_unit_ids', 'int4[]'], ['investigation', 'text'], ['facts', 'text'], ['responsibility', 'text'], ['resolution', 'text'], ['approver_id', 'int4'],
  ['approval_level', 'text'], ['approved_at', 'ts'], ['handled_at', 'ts'], ['escalated_at', 'ts'], ['escalation_level', 'text'], ['reply_at', 'ts'],
  ['reply_method', 'text'], ['reply_content', 'text'], ['extension_reason', 'text'], ['extension_notified_at', 'ts'], ['revisit_at', 'ts'],
  ['revisit_result', 'text'], ['satisfaction', 'text'], ['rereview_requested', 'bool'], ['rereview_at', 'ts'], ['rereview_result', 'text'],
  ['further_extension_approver_id', 'int4'], ['further_extension_level', 'text'], ['further_extension_approved_at', 'ts'],
  ['further_extension_notified_at', 'ts'], ['source_note', 'jsonb']
]
const SQL_TYPE: Record<ColType, string> = { text: 'text', ts: 'timestamptz', bool: 'boolean', int4: 'integer', numeric: 'text', 'int4[]': 'integer[]', jsonb: 'text' }

/** The staged columns beyond the case's own: the row's line, its search vector and identity key, its repeat-of case number, a unit to create. */
const EXTRA = ['line integer NOT NULL', 'search_vec tsvector', 'complainant_key text', 'repeat_of_no text', 'new_unit text']

/** Creates the import's temporary staging tables (dropped at commit or rollback, and with the session). */
export async function createStaging(client: PoolClient): Promise<void> {
  await client.query(`CREATE TEMP TABLE import_stage (${[...CASE_WRITE_COLUMNS.map(([c, t]) => `${c} ${SQL_TYPE[t]}`), ...EXTRA].join(', ')}) ON COMMIT DROP`)
  await client.query('CREATE TEMP TABLE import_stage_events (case_no text NOT NULL, seq smallint NOT NULL, kind text NOT NULL, at timestamptz NOT NULL) ON COMMIT DROP')
}

const SEARCH_FIELDS = ['summary', 'request']
const KEY_FIELDS = ['complainant_name', 'complainant_id_no']

/**
 * Buffers staged rows and COPYs them in batches of `batch` rows. One batch's COPY runs while the next is being
 * read and validated (at most one in flight, on the import's own connection); `flush(true)` waits for the last.
 * A COPY that failed surfaces at the next flush.
 */
export class Stager {
  private cases = new BinarySink(1 << 20)
  private events = new BinarySink(1 << 18)
  private pending = 0
  private inflight: Promise<void> = Promise.resolve()
  staged = 0
  /** Time spent waiting for the server's COPY (ms): what reading and validating could not hide. */
  waitMs = 0
  constructor(private client: PoolClient, private sourceNote: string | null, private readonly batch = 5000) {}

  async add(r: CaseRecord): Promise<void> {
    const o = this.cases
    o.tuple(CASE_WRITE_COLUMNS.length + 5)
    const v = r.values
    for (const [col, type] of CASE_WRITE_COLUMNS) {
      const x: CaseValue | undefined = col === 'source_note' ? this.sourceNote : v[col]
      if (x === undefined || x === null) { o.text(null); continue }
      switch (type) {
        case 'text': case 'numeric': case 'jsonb': o.text(String(x)); break
        case 'ts': o.timestamp(x as number); break
        case 'bool': o.bool(x as boolean); break
        case 'int4': o.int4(x as number); break
        case 'int4[]': o.int4Array(x as number[]); break
      }
    }
    o.int4(r.line)
    const hasSearch = SEARCH_FIELDS.some((f) => f in v)
    if (hasSearch) o.tsvector(lexemesOf([v.summary as string | null, v.request as string | null])); else o.text(null)
    o.text(KEY_FIELDS.some((f) => f in v) ? identityKey(v.complainant_name as string | null, v.complainant_id_no as string | null) : null)
    o.text(r.repeatOfNo)
    o.text(r.newUnit)
    let seq = 0
    for (const e of r.events) {
      this.events.tuple(4)
      this.events.text(r.caseNo); this.events.int2(++seq); this.events.text(e.kind); this.events.timestamp(e.at)
    }
    if (++this.pending >= this.batch) await this.flush()
  }

  /** Sends the buffered rows (after the previous batch's COPY ended); with `last`, waits for them too. */
  async flush(last = false): Promise<void> {
    if (this.pending) {
      const cases = this.cases.bytes()
      const events = this.events.bytes()
      this.staged += this.pending
      this.pending = 0
      this.cases = new BinarySink(1 << 20)
      this.events = new BinarySink(1 << 18)
      await this.wait()
      this.inflight = this.copy(cases, events)
      this.inflight.catch(() => {}) // awaited at the next flush; not an unhandled rejection meanwhile
    }
    if (last) await this.wait()
  }

  private async wait(): Promise<void> {
    const t = performance.now()
    await this.inflight
    this.waitMs += performance.now() - t
  }

  private async copy(cases: Uint8Array, events: Uint8Array): Promise<void> {
    const cols = [...CASE_WRITE_COLUMNS.map(([c]) => c), 'line', 'search_vec', 'complainant_key', 'repeat_of_no', 'new_unit']
    await pipeline(Readable.from([cases]), this.client.query(copyFrom(`COPY import_stage (${cols.join(', ')}) FROM STDIN WITH (FORMAT binary)`)))
    await pipeline(Readable.from([events]), this.client.query(copyFrom('COPY import_stage_events (case_no, seq, kind, at) FROM STDIN WITH (FORMAT binary)')))
  }
}

/** Buffers invalid rows and COPYs them into import_errors (text format). */
export class ErrorSink {
  private buf: string[] = []
  count = 0
  constructor(private client: PoolClient, private importId: number | null) {}
  async add(line: number, raw: string, message: string): Promise<void> {
    this.count++
    if (this.importId === null) return
    const esc = (s: string): string => s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    this.buf.push(`${this.importId}\t${line}\t${esc(raw)}\t${esc(message)}\n`)
    if (this.buf.length >= 2000) await this.flush()
  }
  async flush(): Promise<void> {
    if (!this.buf.length) return
    const data = Buffer.from(this.buf.join(''), 'utf8')
    this.buf = []
    // import_errors is under row security (its lines hold personal data), and COPY FROM cannot write to such a
    // table: the batch goes to a session-private table and on with one INSERT, which the policies do check.
    await this.client.query(`CREATE TEMP TABLE IF NOT EXISTS import_errors_copy (import_id integer, line integer, raw text, message text)`)
    await pipeline(Readable.from([data]), this.client.query(copyFrom('COPY import_errors_copy (import_id, line, raw, message) FROM STDIN')))
    await this.client.query(`WITH batch AS (DELETE FROM import_errors_copy RETURNING *) INSERT INTO import_errors (import_id, line, raw, message) SELECT import_id, line, raw, message FROM batch`)
  }
}
