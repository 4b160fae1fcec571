import { inject } from 'vitest'
import type { DataSource, QueryRunner } from 'typeorm'
import { createDataSource } from '../../src-main/db/database'
import '../../src-main/db/database' // registers the DATE type parser
import type { AppContext } from '../../src-main/app/context'
import { Sessions } from '../../src-main/auth/sessions'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildHandlers, createDispatch } from '../../src-main/transport/dispatch'
import type { Envelope, SessionUser } from '../../src-main/shared/contract'
import { DEMO_PASSWORD } from '../../src-main/auth/users'

/** A connection to the suite's database (already migrated by the global setup), as the app role the app uses. */
export async function connect(): Promise<DataSource> {
  const ds = createDataSource(inject('dbUrl'))
  await ds.initialize()
  return ds
}

/** A connection as the owner, for what only maintenance does (DDL, re-indexing, emptying tables). */
export async function connectOwner(): Promise<DataSource> {
  const ds = createDataSource(inject('ownerUrl'))
  await ds.initialize()
  return ds
}

/** Runs `fn` on a short-lived owner connection. */
export async function asOwner<T>(fn: (owner: DataSource) => Promise<T>): Promise<T> {
  const owner = await connectOwner()
  try {
    return await fn(owner)
  } finally {
    await owner.destroy()
  }
}

/**
 * Empties the archive tables, keeping the reference data the migrations loaded (and what an earlier file's large
 * write left to the catch-up: migrations 56 and 59). The audit trail refuses to be
 * emptied even by its owner; the reset switches that trigger off for its own transaction, as only the owner can.
 */
export async function resetArchive(_ds?: DataSource): Promise<void> {
  await asOwner((owner) => owner.query(`BEGIN;
    ALTER TABLE audit_trail DISABLE TRIGGER audit_trail_no_truncate;
    TRUNCATE cases, case_events, remediation_offers, rectifications, case_links, demo_truth, audit_trail, app_meta, staff, units,
      audit_runs, audit_results, users, review_plans, reviews, review_rules, findings, rc_bulk_actions, document_batches, settings, unit_customers,
      quarter_closes, quarter_changes, quarter_case_audit, trend_pending, legal_pending RESTART IDENTITY CASCADE;
    ALTER TABLE audit_trail ENABLE TRIGGER audit_trail_no_truncate;
    -- The root-cause taxonomy as the migration made it (version 1): a test's edits (a retired or merged node)
    -- would refuse the next file's tags.
    UPDATE rc_nodes n SET parent_id = h.parent_id, name_zh = h.name_zh, name_en = h.name_en, jrt_cause = h.jrt_cause, internal = h.internal,
        retired_version = NULL, merged_into = NULL
      FROM rc_node_history h WHERE h.node_id = n.id AND h.version = 1;
    UPDATE rc_nodes SET merged_into = NULL, retired_version = NULL;
    DELETE FROM rc_node_history WHERE version > 1;
    DELETE FROM rc_nodes WHERE since_version > 1;
    DELETE FROM rc_taxonomy_versions WHERE version > 1;
    -- The authority matrix as the migration made it: a test's new versions would change R08 for the next file.
    DELETE FROM authority_matrices WHERE created_by <> 'migration';
    UPDATE authority_matrices SET superseded_at = NULL, version = 1 WHERE created_by = 'migration';
    -- An import an earlier file left running (its worker is gone) would expire its lease during this file, and
    -- the import screen's reads mark it failed then (runs/lease.ts): a write no request of this file caused.
    UPDATE imports SET status = 'failed', finished_at = now(), error = 'left running by an earlier test file' WHERE status = 'running';
    COMMIT`))
}

/** A handler context as the app builds it, with its own sign-in sessions. */
export function testContext(ds: DataSource): AppContext {
  return { ds, databaseKind: 'external', version: 'test', user: { name: 'tester' }, sessions: new Sessions(), documentsDir: mkdtempSync(join(tmpdir(), 'dossier-docs-')) }
}

/** A dispatch for one caller who is signed in as the given user (a row of users: every call re-reads it). */
export function signedInDispatch(ctx: AppContext, user: SessionUser, key = 'test'):
  (channel: string, request: unknown) => Promise<Envelope<unknown>> {
  const dispatch = createDispatch(buildHandlers(ctx), ctx.sessions, () => {})
  ctx.sessions.set(key, user)
  return (channel, request) => dispatch(channel, request, key)
}

export type RawCall = (channel: string, request?: unknown) => Promise<Envelope<unknown>>

/** A demo user signed in at their own window through the real sign-in handler; calls answer with the envelope. */
export async function signedInAs(ds: DataSource, username: string): Promise<RawCall> {
  const ctx = testContext(ds)
  const dispatch = createDispatch(buildHandlers(ctx), ctx.sessions, () => {})
  const raw: RawCall = (channel, request = {}) => dispatch(channel, request, `win:${username}`)
  const signedIn = await raw('auth.signIn', { username, password: DEMO_PASSWORD })
  if (!signedIn.ok) throw new Error(`${username} could not sign in: ${signedIn.error.message}`)
  return raw
}

/** Demo users each at their own window of one app (one context, one documents folder), signed in through the real handler. */
export async function signedInTogether(ds: DataSource, usernames: string[]): Promise<{ ctx: AppContext; calls: RawCall[] }> {
  const ctx = testContext(ds)
  const dispatch = createDispatch(buildHandlers(ctx), ctx.sessions, () => {})
  const calls = await Promise.all(usernames.map(async (u) => {
    const raw: RawCall = (channel, request = {}) => dispatch(channel, request, `win:${u}`)
    const signedIn = await raw('auth.signIn', { username: u, password: DEMO_PASSWORD })
    if (!signedIn.ok) throw new Error(`${u} could not sign in: ${signedIn.error.message}`)
    return raw
  }))
  return { ctx, calls }
}

/** An envelope's data, or the error as a thrown Error (`code: message`). */
export const data = <T>(env: Envelope<unknown>): T => { if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`); return env.data as T }

/**
 * Assigns a reviewer every unit (row security, migration 33: a reviewer sees the cases of their units and
 * reviews), for suites whose reviewer stands for the whole team rather than one unit's.
 */
export async function assignEveryUnit(ds: DataSource, userId: number): Promise<void> {
  await ds.query(`INSERT INTO user_units (user_id, unit_id, assigned_by) SELECT $1, id, 'test' FROM units ON CONFLICT DO NOTHING`, [userId])
}

/** Runs `fn` in a transaction on a connection of its own: committed when it returns, rolled back when it throws. */
export async function inTransaction(ds: DataSource, fn: (qr: QueryRunner) => Promise<void>): Promise<void> {
  const qr = ds.createQueryRunner()
  await qr.connect()
  try {
    await qr.startTransaction()
    await fn(qr)
    await qr.commitTransaction()
  } catch (err) {
    if (qr.isTransactionActive) await qr.rollbackTransaction()
    throw err
  } finally {
    await qr.release()
  }
}

/** One transaction of a catch-up property: its writes, the deferral threshold it sets, and whether it commits. */
export interface ThresholdTransaction { writes: { sql: string; params: unknown[] }[]; above: number; commit: boolean }

/** Each transaction's writes with `SET LOCAL <setting> = above` (migrations 56 and 59), committed or rolled back as it says. */
export async function runWithThreshold(ds: DataSource, setting: 'dossier.trend_defer_above' | 'dossier.legal_defer_above', txs: ThresholdTransaction[]): Promise<void> {
  for (const t of txs) {
    await inTransaction(ds, async (qr) => {
      await qr.query(`SET LOCAL ${setting} = ${t.above}`)
      for (const w of t.writes) await qr.query(w.sql, w.params)
      if (!t.commit) throw new Error('rolled back')
    }).catch((err: Error) => { if (err.message !== 'rolled back') throw err })
  }
}
