// English strings of the 节假日 (holidays) screen; same shape as calendar-zh-CN.ts.
import type { calendarZhCN } from './calendar-zh-CN'

export const calendarEn: typeof calendarZhCN = {
  calendar: {
    screenTitle: 'Holidays and policy parameters',
    tabs: 'Holidays and policy parameters',
    tab: {
      holidays: 'Holidays',
      policy: 'Policy parameters'
    },
    title: 'Public holidays',
    intro: 'The audit engine counts working-day limits with this calendar. The State Council publishes the next year’s holiday arrangements each November or December; load them as soon as they are out.',
    loading: 'Loading the holiday calendar…',
    error: 'Could not load the holiday calendar',
    readOnly: 'You can read the loaded holidays; loading or replacing a year is done by an administrator.',
    adminOnly: 'Administrator permission required',
    waiting: '{n} cases have a time limit that can only be judged once the {year} holiday arrangements are loaded',
    nextMissing: 'The {year} holiday arrangements are not loaded. The State Council usually publishes them in November or December; until they are loaded, limits reaching into {year} are judged “cannot tell”.',
    pending: 'The holiday calendar changed from {from}; the re-audit of the cases it affects has not finished',
    runAudit: 'Run audit',
    system: 'System',
    years: {
      title: 'Loaded years',
      count: '{n} years',
      empty: 'No year of holidays is loaded',
      keyHint: '↑↓ choose a year',
      col: {
        year: 'Year',
        holidays: 'Off',
        workdays: 'Make-up',
        source: 'Source',
        loadedBy: 'Loaded by',
        loadedAt: 'Loaded at'
      }
    },
    days: {
      title: 'Holidays of {year}',
      titleNone: 'Holidays',
      summary: '{holidays} days off, {workdays} make-up workdays',
      pick: 'Choose a year on the left',
      empty: 'This year lists no days off or make-up workdays',
      loading: 'Loading days…',
      error: 'Could not load the days',
      keyHint: '↑↓ PageUp/PageDown move through the rows',
      holiday: 'Off',
      workday: 'Work',
      holidayTitle: 'Day off',
      workdayTitle: 'Make-up workday',
      previousYear: 'Prev. year',
      previousYearTitle: 'A December day of the previous year arranged by this notice',
      col: {
        day: 'Date',
        weekday: 'Weekday',
        kind: 'Arrangement',
        name: 'Name'
      }
    },
    import: {
      title: 'Load holiday arrangements',
      hint: 'CSV (header date,kind,name or 日期,类型,名称) or JSON; kind is holiday/休 or workday/班.',
      file: 'File',
      choose: 'Choose file…',
      noFile: 'No file chosen',
      year: 'Year',
      yearHint: '(optional: taken from the file)',
      fileName: '{name} ({size})',
      tooBig: 'The file is too large ({size}): a holiday file should not exceed 200 KB',
      notUtf8: 'The file is not UTF-8 text (perhaps GBK): save it as UTF-8 and choose it again',
      empty: 'The file is empty',
      unreadable: 'Could not read the file: {msg}',
      badYear: 'The year must be a whole number from 1990 to 2200',
      check: 'Check',
      checking: 'Checking…',
      load: 'Load',
      loadingNow: 'Loading…',
      checkFirst: 'Check the file first; it can be loaded once it passes',
      problems: 'The file has problems; nothing was loaded:',
      failed: 'Loading failed: {msg}',
      preview: 'Check passed: {year}, {holidays} days off, {workdays} make-up workdays',
      previewReplace: '{year} is loaded; loading this file replaces it',
      previewNew: '{year} is not loaded yet',
      result: 'Loaded the {year} holidays: {holidays} days off, {workdays} make-up workdays',
      resultReplaced: 'Replaced the {year} holidays: {holidays} days off, {workdays} make-up workdays',
      changed: '{n} days change from {from}; the cases whose limits reach them are re-audited.',
      changedNew: '{year} was not loaded before: limits reaching into {year} can now be judged, and those cases are re-audited.',
      unchanged: 'No working day changed; nothing to re-audit.',
      reauditRunning: 'Re-auditing {done} / {total} cases ({pct}%)',
      reauditStarting: 'Starting the re-audit…',
      reauditDone: 'The re-audit has finished.',
      reauditPending: 'The re-audit has not finished (another run may be going): it resumes at the next start, or run the audit now.',
      confirmTitle: 'Replace the {year} holidays?',
      confirmDays: 'The loaded notice lists {before} days (days off and make-up workdays); this file lists {after}.',
      confirmText: 'The {year} holidays were loaded on {at} by {who} (source: {source}). Loading this file replaces them and re-audits the cases whose limits reach the changed days; frozen review results do not change.',
      confirmOk: 'Replace and load'
    }
  }
}
