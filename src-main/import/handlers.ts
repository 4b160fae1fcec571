// The import wizard behind the contract: look at a file, dry-run it, run it in the background with progress
// (rows/s, ETA from the share of the file read) and cancel, list imports, save presets, write error files.
// One import at a time per archive (a second start waits for the first to end: it is refused with conflict).
import { randomUUID } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { DataSource } from 'typeorm'
import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import { ApiFailure, conflict, invalid, notFound } from '../transport/errors'
import type { ImportJobStatus, ImportRecordView, ImportSummary } from '../shared/contract-import'
import { recordChange } from '../trail/record'
import { expireDeadRuns } from '../runs/lease'
import { ALL_FIELDS } from '../shared/import-fields'
import { isCfpbHeader, suggestedMapping } from './presets'
import { openSource, SourceFileError } from './reader'
import { ImportCancelled, MappingError, runImport, type ImportOptions, type ImportResult } from './run'
import { writeErrorFile } from './error-file'
import { errorFileUrl, receivePiece, UploadError } from './files'
import { runRecordImport, type RecordMapping } from './records/run'
import { detectKind, RECORD_FIELDS, RECORD_KIND_ZH, suggestRecordMapping, type ImportKind } from '../shared/import-record-fields'
import { inBackground } from '../db/background'

interface Job { status: ImportJobStatus; abort: AbortController; started: number }
const jobs = new Map<string, Job>()
const running = new WeakMap<DataSource, string>()

const summary = (r: ImportResult): ImportSummary => ({
  importId: r.importId, status: r.status, fileName: r.fileName, preset: r.preset, counts: r.counts, warnings: r.warnings.slice(0, 50), warningCount: r.warningCount,
  errors: r.errors.slice(0, 50), skipped: r.skipped.slice(0, 50), unknownValues: r.unknownValues, samples: r.samples, reaudited: r.reaudited, ms: r.ms
})

/** What a user can act on (a bad file, a bad mapping) as invalid_request; anything else stays an internal error. */
function asRequestError(err: unknown): never {
  if (err instanceof SourceFileError || err instanceof MappingError) throw invalid(err.message)
  if ((err as { userFacing?: boolean }).userFacing && err instanceof Error && !(err instanceof ImportCancelled)) throw invalid(err.message)
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'ENOENT') throw invalid('文件不存在')
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw invalid(`文件无法打开（${code}）`)
  throw err
}

type Channels = 'import.inspect' | 'import.dryRun' | 'import.start' | 'import.status' | 'import.cancel' | 'import.list' | 'import.savePreset' | 'import.writeErrors'
  | 'import.errorFile' | 'import.upload' | 'import.chooseFile'

/** Runs a file of `kind`: cases through runImport, the rest of an archive through runRecordImport. */
async function runKind(ds: DataSource, path: string, kind: ImportKind | undefined, opts: ImportOptions): Promise<ImportResult> {
  if (!kind || kind === 'cases') return runImport(ds, path, opts)
  const { mapping, ...rest } = opts
  if (typeof mapping === 'string') throw new MappingError(`${RECORD_KIND_ZH[kind]}的导入不用预设名称：请给出列对应，或不给（按表头名称）`)
  if (mapping && ('missing' in mapping || 'standins' in mapping || 'createUnits' in mapping)) throw new MappingError(`案件映射的选项不适用于${RECORD_KIND_ZH[kind]}`)
  return runRecordImport(ds, path, { ...rest, kind, mapping: mapping as RecordMapping | undefined })
}

export function buildImportHandlers(ctx: AppContext): HandlerMap<Channels> {
  const { ds } = ctx
  const opts = (req: { encoding?: string; sheet?: string; mapping?: ImportOptions['mapping'] }, actor: string): ImportOptions => ({ actor, encoding: req.encoding, sheet: req.sheet, mapping: req.mapping })
  const jobOf = (id: string): Job => { const j = jobs.get(id); if (!j) throw notFound(`没有导入任务 ${id}`); return j }
  return {
    async 'import.inspect'(req) {
      try {
        const table = await openSource(req.path, { encoding: req.encoding, sheet: req.sheet })
        const preview: { line: number; cells: string[] }[] = []
        for await (const row of table.rows) { preview.push({ line: row.line, cells: row.cells }); if (preview.length >= 10) break }
        const presets = ((await ds.query('SELECT name FROM import_presets ORDER BY name')) as { name: string }[]).map((p) => p.name)
        const cfpb = isCfpbHeader(table.header)
        // Cases unless the header names every required field of another kind and not a case's required fields.
        const casesMapped = cfpb || Object.keys(suggestedMapping(table.header).columns).includes('received_at')
        const detectedKind: ImportKind = casesMapped ? 'cases' : detectKind(table.header) ?? 'cases'
        const kind = req.kind ?? detectedKind
        return {
          fileName: basename(req.path), size: (await stat(req.path)).size, kind: table.kind, encoding: table.encoding, sheet: table.sheet, header: table.header, preview,
          detectedPreset: cfpb ? 'cfpb' : 'archive', importKind: kind, detectedKind,
          suggested: kind === 'cases' ? suggestedMapping(table.header) : { columns: suggestRecordMapping(kind, table.header) },
          fields: kind === 'cases'
            ? ALL_FIELDS.map((f) => ({ key: f.key, zh: f.zh, en: f.en, required: !!f.required, coded: f.kind === 'code' }))
            : RECORD_FIELDS[kind].map((f) => ({ key: f.key, zh: f.zh, en: f.en, required: !!f.required, coded: f.type === 'code' })),
          presets
        }
      } catch (err) { return asRequestError(err) }
    },
    async 'import.dryRun'(req, caller) {
      try { return summary(await runKind(ds, req.path, req.kind, { ...opts(req, caller.user!.username), dryRun: true })) } catch (err) { return asRequestError(err) }
    },
    async 'import.start'(req, caller) {
      if (running.has(ds)) throw conflict('已有导入正在进行，请等它结束或取消后再开始')
      // A file that cannot be opened is the caller's error, not a job that fails later.
      try { if (!(await stat(req.path)).isFile()) throw invalid('不是文件') } catch (err) { if (err instanceof ApiFailure) throw err; asRequestError(err) }
      const jobId = randomUUID()
      const job: Job = { abort: new AbortController(), started: Date.now(), status: { jobId, state: 'running', phase: 'reading', rows: 0, rowsPerSec: 0, etaSec: null, fraction: null, result: null, error: null } }
      jobs.set(jobId, job)
      running.set(ds, jobId)
      // Background work of the archive (db/background.ts): closing it cancels the import as import.cancel does.
      const work = inBackground(ds, (signal) => runKind(ds, req.path, req.kind, {
        ...opts(req, caller.user!.username), allOrNothing: req.allOrNothing, signal,
        onProgress: ({ rows, phase, bytes, size }) => {
          const sec = (Date.now() - job.started) / 1000
          const fraction = bytes !== null && size > 0 ? Math.min(1, bytes / size) : null
          job.status = { ...job.status, rows, phase, rowsPerSec: Math.round(rows / Math.max(sec, 0.001)), fraction,
            etaSec: phase === 'reading' && fraction !== null && fraction > 0.01 ? Math.round(sec * (1 - fraction) / fraction) : null }
        }
      }), job.abort)
      // The archive is free again before the job says it ended, so a start right after the end is not refused.
      const ended = (): void => { if (running.get(ds) === jobId) running.delete(ds) }
      work.then((r) => { ended(); job.status = { ...job.status, state: 'done', fraction: 1, etaSec: 0, result: summary(r) } },
        (err: Error) => { ended(); job.status = { ...job.status, state: err instanceof ImportCancelled ? 'cancelled' : 'failed', error: err.message } })
      // A file that cannot be opened is the caller's error, not a job that failed later.
      await Promise.race([work.catch(() => {}), new Promise((r) => setTimeout(r, 200))])
      if (job.status.state === 'failed') {
        jobs.delete(jobId)
        throw invalid(job.status.error ?? '导入失败')
      }
      return job.status
    },
    async 'import.status'(req) { return jobOf(req.jobId).status },
    async 'import.cancel'(req) {
      const job = jobOf(req.jobId)
      if (job.status.state === 'running') job.abort.abort()
      return job.status
    },
    async 'import.list'() {
      await expireDeadRuns(ds, Date.now(), 'imports')
      const rows = (await ds.query(`SELECT id, kind, file_name, sha256, actor, preset, status, started_at, finished_at, error, rows_read, rows_new, rows_changed, rows_unchanged, rows_invalid, rows_skipped
        FROM imports ORDER BY id DESC LIMIT 200`)) as Record<string, unknown>[]
      return rows.map((r): ImportRecordView => ({
        id: r.id as number, kind: r.kind as ImportKind, fileName: r.file_name as string, sha256: r.sha256 as string, actor: r.actor as string, preset: r.preset as string, status: r.status as string,
        startedAt: (r.started_at as Date).toISOString(), finishedAt: r.finished_at ? (r.finished_at as Date).toISOString() : null, error: r.error as string | null,
        counts: r.rows_read === null ? null : { read: r.rows_read as number, new: r.rows_new as number, changed: r.rows_changed as number, unchanged: r.rows_unchanged as number, invalid: r.rows_invalid as number, skipped: r.rows_skipped as number }
      }))
    },
    async 'import.savePreset'(req, caller) {
      if (['archive', 'cfpb'].includes(req.name)) throw invalid(`「${req.name}」是内置预设的名称`)
      return ds.transaction(async (em) => {
        const [before] = (await em.query('SELECT mapping FROM import_presets WHERE name = $1 FOR UPDATE', [req.name])) as { mapping: unknown }[]
        await em.query(`INSERT INTO import_presets (name, mapping, created_by) VALUES ($1, $2, $3)
          ON CONFLICT (name) DO UPDATE SET mapping = EXCLUDED.mapping, version = import_presets.version + 1, updated_at = now()`, [req.name, JSON.stringify(req.mapping), caller.user!.username])
        await recordChange(em, { actor: caller.user!.username, entity: 'import_preset', entityId: req.name, action: before ? 'update' : 'create', before: before?.mapping ?? null, after: req.mapping })
        return { name: req.name, created: !before }
      })
    },
    async 'import.writeErrors'(req) {
      try { return { rows: await writeErrorFile(ds, req.importId, req.path), path: req.path } } catch (err) {
        if (err instanceof ApiFailure) throw err
        if (/没有导入记录/.test((err as Error).message)) throw notFound((err as Error).message)
        throw invalid(`无法写入错误文件：${(err as Error).message}`)
      }
    },
    async 'import.errorFile'(req, caller) {
      const [imp] = (await ds.query('SELECT file_name FROM imports WHERE id = $1', [req.importId])) as { file_name: string }[]
      if (!imp) throw notFound(`没有导入记录 #${req.importId}`)
      if (!ctx.desktop) return { ...(await errorFileUrl(ctx, req.importId, caller.user!.username)), path: null }
      const target = await ctx.desktop.chooseSavePath(`${imp.file_name.replace(/\.[^.]+$/, '')}_错误行.csv`, { name: 'CSV', extensions: ['csv'] })
      if (!target) return { rows: 0, url: null, path: null }
      return { rows: await writeErrorFile(ds, req.importId, target), url: null, path: target }
    },
    async 'import.upload'(req, caller) {
      try { return await receivePiece(ctx, caller.user!.username, req) } catch (err) {
        if (err instanceof UploadError) throw invalid(err.message)
        throw err
      }
    },
    async 'import.chooseFile'() {
      if (!ctx.desktop?.chooseOpenPath) throw invalid('浏览器模式下请用“选择文件”上传文件')
      return { path: await ctx.desktop.chooseOpenPath([{ name: 'CSV / Excel', extensions: ['csv', 'tsv', 'txt', 'xlsx'] }]) }
    }
  }
}
