import type { caseExportZhCN } from './case-export-zh-CN'

export const caseExportEn: typeof caseExportZhCN = {
  caseExport: {
    button: 'Export',
    csv: 'Export CSV (every matching case)',
    xlsx: 'Export Excel (every matching case)',
    full: 'With full personal data (reason required)',
    purpose: 'export of the case list with full personal data',
    running: 'Exporting {done} / {total} cases…',
    cancel: 'Cancel',
    cancelling: 'Cancelling…',
    cancelled: 'Export cancelled; no file was left',
    done: 'Exported {n} cases ({file})',
    saved: 'Exported {n} cases to {path}',
    masked: 'personal data masked',
    unmasked: 'with full personal data, recorded in the audit trail',
    failed: 'Export failed: {msg}',
    close: 'Close'
  }
}
