// The 节假日 screen behind the contract: what is loaded, and loading a year's notice (admin only), which
// starts the re-audit of the cases whose limits reach the changed days.
import { createHash } from 'node:crypto'
import type { AppContext } from '../app/context'
import type { HandlerMap } from '../transport/handler-types'
import { invalid } from '../transport/errors'
import { calendarWaiting, forgetAuditStatus, startCalendarReaudit } from '../audit/handlers'
import { calendarPendingFrom } from '../audit/freshness'
import { importNotice, listCalendarYears, listNoticeDays } from './calendar-store'
import { NoticeFileError, parseNoticeFile } from './notice-file'

export function buildCalendarHandlers(ctx: AppContext): HandlerMap<'calendar.overview' | 'calendar.days' | 'calendar.import'> {
  const { ds } = ctx
  return {
    async 'calendar.overview'() {
      return { years: await listCalendarYears(ds), waiting: await calendarWaiting(ds), reauditPendingFrom: await calendarPendingFrom(ds) }
    },
    async 'calendar.days'(req) {
      return listNoticeDays(ds, req.year)
    },
    async 'calendar.import'(req, caller) {
      let notice
      try {
        notice = parseNoticeFile(req.content, { year: req.year, fileName: req.fileName })
      } catch (err) {
        if (err instanceof NoticeFileError) throw invalid(err.message)
        throw err
      }
      const holidays = notice.days.filter((d) => d.kind === 'holiday').length
      const preview = { year: notice.year, holidays, workdays: notice.days.length - holidays, days: notice.days }
      if (req.dryRun) return preview
      const res = await importNotice(ds, notice, {
        actor: caller.user!.username, source: req.fileName, sha256: createHash('sha256').update(req.content, 'utf8').digest('hex')
      })
      const reauditStarted = res.firstChanged !== null
      forgetAuditStatus(ds)
      // Started now, or by the run going when it ends (it catches up whatever became stale meanwhile).
      if (reauditStarted) void startCalendarReaudit(ds, caller.user!.username)
      return { ...preview, result: { replaced: res.replaced, changedDays: res.changedDays, firstChanged: res.firstChanged, reauditStarted } }
    }
  }
}
