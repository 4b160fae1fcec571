// One simulated reviewer's desktop for the load bench (test/bench/load-bench.ts): its own connection pool
// (createDataSource: at most 8 connections, as the app keeps), its own sessions and handler map, called through
// the same dispatch the Electron and browser transports call (validation, role checks, error envelopes). The
// person behind it pauses 1–3 s between actions and mixes what a reviewer does in a day: browsing the list
// with filters, searching, counting, opening cases, editing reviews (a stale version is refused; it is
// resolved by reloading and applying the same change again), tagging root causes, generating documents.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { createDataSource } from '../../src-main/db/database'
import { Sessions } from '../../src-main/auth/sessions'
import { buildHandlers, createDispatch, type Dispatch } from '../../src-main/transport/dispatch'
import { CONCLUSIONS, type CaseFilter, type CaseListResponse, type CaseTagsView, type Envelope, type ReviewDetail, type ReviewQueue } from '../../src-main/shared/contract'

/** What the run keeps from every desktop: latencies per action, refusals, and each acknowledged save. */
export interface LoadRecord {
  samples: Map<string, number[]>
  errors: { action: string; code: string; message: string }[]
  conflicts: { met: number; resolved: number; gaveUp: number }
  /** Saves the server acknowledged; `token` is unique and travels in the saved text (note / opinion). */
  acks: { kind: 'rule' | 'conclusion' | 'tag'; id: number; field: string; token: string; version: number | null }[]
}

export const newRecord = (): LoadRecord => ({ samples: new Map(), errors: [], conflicts: { met: 0, resolved: 0, gaveUp: 0 }, acks: [] })

// Terms a reviewer types: common, mid-frequency and rare ones (as in the list bench).
const TERMS = ['理财', '扣费', '销户', '征信', '催收', '手机银行', '年费', '违约金', '态度', '吞卡']
const CHANNELS = ['phone', 'counter', 'online', 'regulator', 'media'] as const
const SEVERITIES = ['general', 'serious', 'major'] as const
const LINES = ['retail', 'wealth', 'credit_card', 'brokerage'] as const

export interface DesktopSpec {
  n: number
  url: string
  username: string
  password: string
  /** The reviews this desktop's reviewer edits (shared with the other desktop signed in as them). */
  hotReviews: number
  unitIds: number[]
  months: string[]
  random: () => number
  record: LoadRecord
}

export class Desktop {
  readonly ds: DataSource
  private dispatch!: Dispatch
  private readonly key: string
  private reviews: { id: number; caseId: number }[] = []
  private codes: string[] = []
  private lastRows: number[] = []
  private seq = 0
  private documentsDir = ''

  constructor(private readonly spec: DesktopSpec) {
    this.ds = createDataSource(spec.url)
    this.key = `window:${spec.n}`
  }

  private pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.spec.random() * xs.length)] }

  /** Calls a channel as the signed-in person; times it under `action`; a refusal is returned, not thrown. */
  private async call<T>(action: string, channel: string, request: unknown): Promise<Envelope<T>> {
    const t = performance.now()
    const env = (await this.dispatch(channel, request, this.key)) as Envelope<T>
    const ms = performance.now() - t
    const { samples, errors } = this.spec.record
    if (!samples.has(action)) samples.set(action, [])
    samples.get(action)!.push(ms)
    if (!env.ok && env.error.code !== 'conflict') errors.push({ action, code: env.error.code, message: env.error.message })
    return env
  }

  /** Connects, signs in, loads the work queue and the taxonomy, as the app does after sign-in. */
  async start(): Promise<void> {
    await this.ds.initialize()
    const sessions = new Sessions()
    const documentsDir = this.documentsDir = mkdtempSync(join(tmpdir(), `dossier-load-docs-${this.spec.n}-`))
    const ctx = { ds: this.ds, databaseKind: 'external' as const, version: 'load-bench', user: { name: 'load' }, sessions, documentsDir }
    this.dispatch = createDispatch(buildHandlers(ctx), sessions, () => {})
    const signed = await this.dispatch('auth.signIn', { username: this.spec.username, password: this.spec.password }, this.key)
    if (!signed.ok) throw new Error(`${this.spec.username} could not sign in: ${signed.error.message}`)
    const queue = await this.call<ReviewQueue>('open queue', 'reviews.queue', { scope: 'mine' })
    if (!queue.ok) throw new Error(queue.error.message)
    this.reviews = queue.data.rows.filter((r) => r.status === 'pending' || r.status === 'in_progress' || r.status === 'returned')
      .slice(0, this.spec.hotReviews).map((r) => ({ id: r.id, caseId: r.caseId }))
    if (!this.reviews.length) throw new Error(`${this.spec.username} has no editable review`)
    const tax = await this.call<{ nodes: { code: string; retired: boolean; parentCode: string | null }[] }>('open taxonomy', 'rootCauses.taxonomy', {})
    if (!tax.ok) throw new Error(tax.error.message)
    this.codes = tax.data.nodes.filter((x) => !x.retired && x.parentCode).map((x) => x.code)
  }

  /** Acts until `until` (ms since the epoch), pausing 1–3 s before each action. */
  async run(until: number): Promise<void> {
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, 1000 + this.spec.random() * 2000))
      if (Date.now() >= until) break
      const r = this.spec.random()
      if (r < 0.25) await this.browse()
      else if (r < 0.4) await this.search()
      else if (r < 0.55) await this.openCase()
      else if (r < 0.8) await this.editReview()
      else if (r < 0.9) await this.tag()
      else await this.document()
    }
  }

  private filter(): CaseFilter {
    const m = this.pick(this.spec.months)
    const options: (() => CaseFilter)[] = [
      () => ({}), () => ({ channel: this.pick(CHANNELS) }), () => ({ severity: this.pick(SEVERITIES) }),
      () => ({ businessLine: this.pick(LINES), channel: this.pick(CHANNELS) }), () => ({ unitId: this.pick(this.spec.unitIds) }),
      () => ({ receivedFrom: `${m}-01`, receivedTo: `${m}-28` }), () => ({ group: true }), () => ({ repeat: true })
    ]
    return this.pick(options)()
  }

  private async browse(): Promise<void> {
    const filter = this.filter()
    const env = await this.call<CaseListResponse>('list', 'cases.list', { filter, limit: 100 })
    if (!env.ok) return
    this.lastRows = env.data.rows.map((r) => r.id)
    if (env.data.nextCursor && this.spec.random() < 0.4) {
      await new Promise((r) => setTimeout(r, 500 + this.spec.random() * 1000))
      await this.call('list, next page', 'cases.list', { filter, cursor: env.data.nextCursor, limit: 100 })
    }
  }

  private async search(): Promise<void> {
    const filter: CaseFilter = { text: this.pick(TERMS), ...(this.spec.random() < 0.4 ? this.filter() : {}) }
    const env = await this.call<CaseListResponse>('search', 'cases.list', { filter, limit: 100 })
    if (env.ok) this.lastRows = env.data.rows.map((r) => r.id)
    await this.call('count', 'cases.count', { filter })
  }

  private async openCase(): Promise<void> {
    const id = this.lastRows.length && this.spec.random() < 0.7 ? this.pick(this.lastRows) : this.pick(this.reviews).caseId
    await this.call('open case', 'cases.get', { id })
    await this.call('case tags', 'rootCauses.ofCase', { caseId: id })
  }

  private token(): string { return `LB-d${this.spec.n}-${++this.seq}` }

  /** Opens a review, thinks, saves one change against the version it read; a conflict: reload, apply again. */
  private async editReview(): Promise<void> {
    const target = this.pick(this.reviews)
    let env = await this.call<ReviewDetail>('open review', 'reviews.get', { id: target.id })
    if (!env.ok) return
    await new Promise((r) => setTimeout(r, 1000 + this.spec.random() * 2000))
    const token = this.token()
    const conclusion = this.spec.random() < 0.35
    const rule = this.pick(env.data.rules).code
    for (let attempt = 0; ; attempt++) {
      const version: number = env.data.version
      const saved = conclusion
        ? await this.call<ReviewDetail>('save review', 'reviews.saveConclusion', { id: target.id, version, conclusion: this.pick(CONCLUSIONS), opinion: `审查意见 ${token}` })
        : await this.call<ReviewDetail>('save review', 'reviews.saveRule', { id: target.id, version, rule, decision: 'confirmed', note: `已核对 ${token}` })
      if (saved.ok) {
        this.spec.record.acks.push({ kind: conclusion ? 'conclusion' : 'rule', id: target.id, field: conclusion ? 'conclusion' : rule, token, version: saved.data.version })
        if (attempt) this.spec.record.conflicts.resolved++
        return
      }
      if (saved.error.code !== 'conflict') return
      if (attempt === 0) this.spec.record.conflicts.met++
      if (attempt === 4) { this.spec.record.conflicts.gaveUp++; return }
      env = await this.call<ReviewDetail>('open review', 'reviews.get', { id: target.id })
      if (!env.ok) return
    }
  }

  private async tag(): Promise<void> {
    const { caseId } = this.pick(this.reviews)
    const token = this.token()
    const env = await this.call<CaseTagsView>('tag', 'rootCauses.setCase', { caseId, primary: { code: this.pick(this.codes), note: token }, secondary: [] })
    if (env.ok) this.spec.record.acks.push({ kind: 'tag', id: caseId, field: 'tags', token, version: null })
  }

  private async document(): Promise<void> {
    const r = this.pick(this.reviews)
    if (this.spec.random() < 0.6) await this.call('document', 'documents.generate', { type: 'review', reviewId: r.id })
    else await this.call('document', 'documents.generate', { type: 'dossier', caseId: r.caseId, reason: '审查工作需要' })
  }

  /** Closes the pool and removes the documents this desktop issued (the register keeps their rows). */
  async stop(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy()
    if (this.documentsDir) rmSync(this.documentsDir, { recursive: true, force: true })
  }
}
