// cases.exportStart / exportStatus / exportCancel: the case list's export as a job in the background, one at
// a time per signed-in person, its progress polled as a document batch's is. Desktop: saved where the person
// chooses; browser mode: written under the documents folder's exports/ and fetched once through the export
// download ticket (documents/download-tickets.ts), as the offers export is. Every export is in the audit
// trail (entity 'export', id 'cases') when it starts — with the filter, the format and, for personal data in
// full, the reason — and again when it ends (done, cancelled or failed, with the rows written).
// Personal data in full: the records office and administrators only, as for a batch of dossiers (README,
// Security: need to know), since a list export may hold every case.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import { caseExportIdle, type CaseExportStatus, type ParsedRequestOf, type SessionUser } from '../shared/contract'
import { forbidden } from '../transport/errors'
import { exportDownloadUrl } from '../documents/download-tickets'
import { exportFileName, removeOldExports } from '../legal/export-handler'
import { recordChange } from '../trail/record'
import { exportCaseList } from './case-export'

type Channels = 'cases.exportStart' | 'cases.exportStatus' | 'cases.exportCancel'

/** Roles that may export the list with personal data in full. */
const FULL_DATA_ROLES = ['records', 'admin']

interface Job { status: CaseExportStatus; abort: AbortController }

const FILE_FILTERS = { csv: { name: 'CSV (UTF-8)', extensions: ['csv'] }, xlsx: { name: 'Excel', extensions: ['xlsx'] } }

async function trail(ctx: AppContext, user: SessionUser, action: string, after: Record<string, unknown>): Promise<void> {
  await ctx.ds.transaction((em) => recordChange(em, { actor: user.username, entity: 'export', entityId: 'cases', action, before: null, after }))
}

/** Where the file goes: chosen by the person (desktop; null when they cancel the dialog) or the exports folder. */
async function targetOf(ctx: AppContext, user: SessionUser, fileName: string, format: 'csv' | 'xlsx'): Promise<string | null> {
  if (ctx.desktop) return ctx.desktop.chooseSavePath(fileName, FILE_FILTERS[format])
  const dir = join(ctx.documentsDir, 'exports')
  await mkdir(dir, { recursive: true, mode: 0o700 })
  await removeOldExports(dir, Date.now())
  return join(dir, `${user.id}-${fileName}`)
}

/** The handlers, with the jobs they run kept in memory per person (a job's file is on disk, its status here). */
export function buildCaseExportHandlers(ctx: AppContext): HandlerMap<Channels> {
  const jobs = new Map<number, Job>()

  function run(user: SessionUser, req: ParsedRequestOf<'cases.exportStart'>, target: string, status: CaseExportStatus): void {
    const abort = new AbortController()
    jobs.set(user.id, { status, abort })
    const finish = (action: string, extra: Partial<CaseExportStatus>): Promise<void> => {
      Object.assign(status, { running: false, finishedAt: new Date().toISOString() }, extra)
      return trail(ctx, user, action, { fileName: status.fileName, rows: status.done, total: status.total })
    }
    exportCaseList(ctx.ds, req, target, {
      unmasked: req.unmasked, signal: abort.signal,
      onProgress: (done, total) => { status.done = done; status.total = total }
    }).then((rows) => finish('export_done', {
      done: rows, savedTo: ctx.desktop ? target : null,
      downloadUrl: ctx.desktop ? null : exportDownloadUrl(ctx, target, status.fileName!, user.username)
    })).catch((err: Error) => (abort.signal.aborted
      ? finish('export_cancelled', { cancelled: true })
      : finish('export_failed', { error: `导出失败：${err.message}` })
    )).catch((err: Error) => { status.error ??= `导出失败：${err.message}` })
  }

  return {
    async 'cases.exportStart'(req, caller) {
      const user = caller.user!
      const live = jobs.get(user.id)
      if (live?.status.running) return live.status
      if (req.unmasked && !user.roles.some((r) => FULL_DATA_ROLES.includes(r))) {
        throw forbidden('导出完整个人信息仅限档案管理员和管理员；其他角色可导出脱敏的列表')
      }
      const fileName = exportFileName(req.format, Date.now(), 'cases')
      const target = await targetOf(ctx, user, fileName, req.format)
      if (!target) return caseExportIdle()
      // In the trail before any row is read: an export that dies half-way was still asked for.
      await trail(ctx, user, 'export', {
        format: req.format, filter: req.filter, sort: req.sort, dir: req.dir, unmasked: req.unmasked,
        reason: req.unmasked ? req.reason : null, fileName, savedTo: ctx.desktop ? target : null
      })
      const status: CaseExportStatus = { ...caseExportIdle(), id: randomUUID(), running: true, format: req.format, unmasked: req.unmasked, fileName }
      run(user, req, target, status)
      return status
    },
    async 'cases.exportStatus'(_req, caller) {
      return jobs.get(caller.user!.id)?.status ?? caseExportIdle()
    },
    async 'cases.exportCancel'(_req, caller) {
      const job = jobs.get(caller.user!.id)
      job?.abort.abort()
      return job?.status ?? caseExportIdle()
    }
  }
}
