// legal.export: the offers list as a file, wherever the caller works. Desktop: saved where the user chooses;
// browser mode: written under the documents folder's exports/ and fetched once by a ticket (exports older
// than a day are removed then). Either way the export is in the audit trail (entity 'export'), with the
// filter, the queue, the format and how many offers it held.
import { mkdir, readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { AppContext } from '../app/context'
import type { ParsedRequestOf, SessionUser } from '../shared/contract'
import { exportDownloadUrl } from '../documents/download-tickets'
import { recordChange } from '../trail/record'
import { refreshChecks } from './check-store'
import { exportOffers } from './offer-export'

const DAY_MS = 86_400_000

/** `legal-offers-YYYYMMDD-HHmmss.csv` (or another `prefix`) in China time: ASCII, since it goes into a Content-Disposition header. */
export function exportFileName(format: 'csv' | 'xlsx', now = Date.now(), prefix = 'legal-offers'): string {
  const t = new Date(now + 8 * 3_600_000).toISOString()
  return `${prefix}-${t.slice(0, 10).replace(/-/g, '')}-${t.slice(11, 19).replace(/:/g, '')}.${format}`
}

/** Removes the files in the exports folder `dir` older than a day (browser mode's downloads are one-use). */
export async function removeOldExports(dir: string, now: number): Promise<void> {
  for (const f of await readdir(dir).catch(() => [] as string[])) {
    const p = join(dir, f)
    const s = await stat(p).catch(() => null)
    if (s && now - s.mtimeMs > DAY_MS) await rm(p, { force: true })
  }
}

/** @throws what exportOffers throws (the database, the file system) */
export async function exportOfferFile(ctx: AppContext, user: SessionUser, req: ParsedRequestOf<'legal.export'>): Promise<{ rows: number; fileName: string; savedTo: string | null; downloadUrl: string | null }> {
  const now = Date.now()
  const fileName = exportFileName(req.format, now)
  let target: string
  if (ctx.desktop) {
    const chosen = await ctx.desktop.chooseSavePath(fileName)
    if (!chosen) return { rows: 0, fileName, savedTo: null, downloadUrl: null }
    target = chosen
  } else {
    const dir = join(ctx.documentsDir, 'exports')
    await mkdir(dir, { recursive: true })
    await removeOldExports(dir, now)
    target = join(dir, `${user.id}-${fileName}`)
  }
  // The stored checks of offers changed since are computed first, as the list does before reading.
  await ctx.ds.transaction((em) => refreshChecks(em))
  // One snapshot for every page: the file is the list as it stood at one moment.
  const rows = await ctx.ds.transaction('REPEATABLE READ', (em) => exportOffers(em, user.id, req, target))
  await ctx.ds.transaction((em) => recordChange(em, {
    actor: user.username, entity: 'export', entityId: 'legal_offers', action: 'export', before: null,
    after: { format: req.format, filter: req.filter, queue: req.queue, rows, fileName, savedTo: ctx.desktop ? target : null }
  }))
  return { rows, fileName, savedTo: ctx.desktop ? target : null, downloadUrl: ctx.desktop ? null : exportDownloadUrl(ctx, target, fileName, user.username) }
}
