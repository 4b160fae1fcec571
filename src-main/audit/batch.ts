// The batch audit: every case in a scope streamed out of PostgreSQL with one COPY, judged by the engine, and
// the results streamed back with another COPY into a staging table, then swapped in with one short
// transaction, so readers see the old results until the new ones are complete.
import { once } from 'node:events'
import { StringDecoder } from 'node:string_decoder'
import type { DataSource } from 'typeorm'
import type { PoolClient } from 'pg'
import { from as copyFrom, to as copyTo } from 'pg-copy-streams'
import { auditCase, statusLetters, type CaseAudit } from './engine'
import { factsFromFields, factsQuery } from './archive-reader'
import { loadReference } from './policies'
import { RULES } from './rules'
import { RULE_STATUSES, type RuleStatus } from './types'
import { isDay, parseDay } from '../shared/china-time'
import { stageAuditResults, swapInAuditResults } from '../db/privileged'
import { keepAlive, thisHost } from '../runs/lease'

export const ENGINE_VERSION = '1.3.0'

export type RuleTally = Record<RuleStatus, number>
export interface RuleSummary { code: string; internal: RuleTally; regulatory: RuleTally }

export interface AuditRunOptions {
  from?: string
  to?: string
  actor: string
  reason?: 'on_demand' | 'policy_changed' | 'engine_changed' | 'new_cases' | 'calendar_changed'
  onProgress?: (done: number, total: number) => void
  /** Called with every case's full result (the CLI prints them); leave unset for speed. */
  onCase?: (audit: CaseAudit) => void
  /** Awaited after each streamed chunk: a printer whose reader is slow holds the run here, not in memory. */
  pace?: () => Promise<void>
  signal?: AbortSignal
}

export interface AuditRunResult {
  runId: number; cases: number; flagged: number; ms: number; rules: RuleSummary[]; policyFingerprint: string
  /** Where the time went: reading and judging the cases (the COPYs overlap), then swapping the results in;
   *  swapRetries: how often the swap was PostgreSQL's deadlock victim and was tried again (db/privileged.ts). */
  phases: { streamMs: number; swapMs: number; swapRetries: number }
}

const emptyTally = (): RuleTally => Object.fromEntries(RULE_STATUSES.map((s) => [s, 0])) as RuleTally

export async function runAudit(ds: DataSource, opts: AuditRunOptions): Promise<AuditRunResult> {
  const started = performance.now()
  for (const [field, d] of [['from', opts.from], ['to', opts.to]] as const) if (d !== undefined) parseDay(d, `审查范围 ${field}`)
  const { book, calendar } = await loadReference(ds)
  const { sql, params } = factsQuery({ from: opts.from, to: opts.to })
  const [{ id: runId }] = await ds.query(
    `INSERT INTO audit_runs (actor, reason, scope_from, scope_to, policy_fingerprint, engine_version, host, pid, heartbeat_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now()) RETURNING id`,
    [opts.actor, opts.reason ?? 'on_demand', opts.from ?? null, opts.to ?? null, book.fingerprint, ENGINE_VERSION, thisHost(), process.pid]
  )
  const pool = (ds.driver as unknown as { master: { connect(): Promise<PoolClient> } }).master
  const reader = await pool.connect()
  const writer = await pool.connect()
  // A lease: a run whose process dies is recognised as dead (runs/lease.ts) instead of staying `running`.
  const stopBeating = keepAlive(ds, 'audit_runs', runId)
  const rules = RULES.map((r) => ({ code: r.code, internal: emptyTally(), regulatory: emptyTally() }))
  let cases = 0
  let flagged = 0
  const phases = { streamMs: 0, swapMs: 0, swapRetries: 0 }
  let sink: ReturnType<typeof copyFrom> | undefined
  try {
    const scopeWhere = [opts.from && `received_at >= $1::date::timestamp AT TIME ZONE 'Asia/Shanghai'`, opts.to && `received_at < $${opts.from ? 2 : 1}::date::timestamp AT TIME ZONE 'Asia/Shanghai'`].filter(Boolean)
    // The count and the stream in one snapshot, in a transaction of their own: row security reads whose
    // session it is per transaction (db/session-scope.ts), and a COPY outside one would name nobody.
    await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    const [{ n: total }] = (await reader.query(`SELECT count(*)::int AS n FROM cases ${scopeWhere.length ? `WHERE ${scopeWhere.join(' AND ')}` : ''}`, [opts.from, opts.to].filter(Boolean))).rows
    const whole = !opts.from && !opts.to
    await writer.query('BEGIN')
    // A whole-archive run fills a fresh table and swaps it in (no per-row index or key checks); a partial
    // run stages its rows and replaces just those cases.
    if (whole) await stageAuditResults(writer)
    else await writer.query('CREATE TEMP TABLE audit_stage (LIKE audit_results) ON COMMIT DROP')
    const target = whole ? 'audit_results_next' : 'audit_stage'
    sink = writer.query(copyFrom(`COPY ${target} (case_id, run_id, internal_set, regulatory_set, internal, regulatory, flagged, earlier_case_no, calendar_missing_year) FROM STDIN${whole ? ' WITH (FREEZE)' : ''}`))
    // COPY TO cannot take parameters: the scope's days are validated ISO dates, inlined as literals.
    // Errors surface through the awaited write/finish; this listener keeps one from also being thrown unhandled.
    let sinkError: Error | null = null
    sink.on('error', (e: Error) => { sinkError = e })
    const source = reader.query(copyTo(`COPY (${inline(sql, params)}) TO STDOUT`))
    const decoder = new StringDecoder('utf8')
    let rest = ''
    let out = ''
    const flush = async (): Promise<void> => {
      if (!out) return
      const ok = sink!.write(out)
      out = ''
      if (!ok) await once(sink!, 'drain')
    }
    for await (const chunk of source) {
      if (opts.signal?.aborted) throw new Error('已取消')
      if (sinkError) throw sinkError
      const text = rest + decoder.write(chunk as Buffer)
      let start = 0
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        const facts = factsFromFields(text.slice(start, nl).split('\t'))
        start = nl + 1
        const audit = auditCase(facts, book, calendar)
        const letters = statusLetters(audit)
        const isFlagged = letters.internal.includes('F')
        audit.rules.forEach((r, i) => { rules[i].internal[r.internal.status]++; rules[i].regulatory[r.regulatory.status]++ })
        if (isFlagged) flagged++
        cases++
        opts.onCase?.(audit)
        out += `${facts.caseId}\t${runId}\t${audit.policySets.internal ?? '\\N'}\t${audit.policySets.regulatory ?? '\\N'}\t${letters.internal}\t${letters.regulatory}\t${isFlagged ? 't' : 'f'}\t${facts.earlierSameMatter ?? '\\N'}\t${audit.calendarMissingYear ?? '\\N'}\n`
      }
      rest = text.slice(start)
      if (out.length > 1 << 16) await flush()
      opts.onProgress?.(cases, total)
      if (opts.pace) await opts.pace()
    }
    // The read is done: end its transaction, or its locks would hold up the swap below.
    await reader.query('COMMIT')
    await flush()
    sink.end()
    await once(sink, 'finish')
    phases.streamMs = performance.now() - started
    if (whole) phases.swapRetries = await swapInAuditResults(writer)
    else {
      await writer.query('DELETE FROM audit_results WHERE case_id IN (SELECT case_id FROM audit_stage)')
      await writer.query('INSERT INTO audit_results SELECT * FROM audit_stage')
    }
    await writer.query(`UPDATE audit_runs SET status = 'done', finished_at = now(), cases = $2, flagged = $3 WHERE id = $1`, [runId, cases, flagged])
    // The run itself is in the trail, committed with the results it swapped in.
    await writer.query(`INSERT INTO audit_trail (actor, entity, entity_id, action, before, after) VALUES ($1, 'audit_run', $2, 'run', NULL, $3)`,
      [opts.actor, String(runId), JSON.stringify({ reason: opts.reason ?? 'on_demand', from: opts.from ?? null, to: opts.to ?? null, cases, flagged, engine: ENGINE_VERSION, policyFingerprint: book.fingerprint })])
    await writer.query('COMMIT')
    phases.swapMs = performance.now() - started - phases.streamMs
  } catch (err) {
    // An unfinished COPY is failed first (CopyFail), or the ROLLBACK would queue behind it for ever.
    if (sink && !sink.writableFinished) await new Promise<void>((done) => { sink!.once('close', () => done()); sink!.destroy(err as Error) })
    await writer.query('ROLLBACK').catch(() => {})
    const cancelled = opts.signal?.aborted === true
    await ds.query(`UPDATE audit_runs SET status = $2, finished_at = now(), error = $3 WHERE id = $1`, [runId, cancelled ? 'cancelled' : 'failed', (err as Error).message]).catch(() => {})
    throw err
  } finally {
    stopBeating()
    reader.release(true)
    writer.release()
  }
  opts.onProgress?.(cases, cases)
  return { runId, cases, flagged, ms: performance.now() - started, rules, policyFingerprint: book.fingerprint, phases }
}

function inline(sql: string, params: unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_, i: string) => {
    const v = params[Number(i) - 1]
    if (typeof v !== 'string' || !isDay(v)) throw new Error(`日期格式应为 YYYY-MM-DD：${String(v)}`)
    return `'${v}'`
  })
}
