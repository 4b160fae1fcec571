// English strings of quarter closing and the JR/T 0169 regulatory table; spread into en.ts.
export const quarterEn = {
  qc: {
    title: 'Quarter close',
    intro: 'Once closed, the quarterly report is generated from the figures frozen at close; later changes touching the quarter are listed below.',
    pick: 'Quarter',
    note: 'Note (optional)',
    close: 'Close quarter',
    closing: 'Closing…',
    confirm: 'Close {q}? The report figures will be frozen.',
    none: 'No quarter closed yet',
    quarter: 'Quarter',
    closedAt: 'Closed at',
    closedBy: 'Closed by',
    frozen: 'Frozen figures',
    frozenText: '{cases} cases · {major} major',
    changes: 'Post-close changes',
    status: 'Status',
    closed: 'Closed',
    reopened: 'Reopened ({who}: {why})',
    show: 'Show changes',
    hide: 'Hide',
    reopen: 'Reopen',
    reopenReason: 'Reason for reopening (administrators)',
    noChanges: 'No change has touched this quarter since it was closed',
    col: { case: 'Case no.', kind: 'What changed', action: 'Action', at: 'When', actor: 'By' },
    kind: { case: 'Case data (import etc.)', audit: 'Re-audit result', review: 'Review', tag: 'Root-cause tag', offer: 'Remediation offer', legal: 'Legal review', rectification: 'Rectification' },
    action: { insert: 'added', update: 'changed', delete: 'deleted' },
    more: '{n} in all, the latest {shown} shown'
  },
  reg: {
    title: 'Regulatory statistics (JR/T 0169)',
    hint: 'Complaints of the period (with the current filter) by channel × business type × cause',
    csv: 'Export CSV',
    xlsx: 'Export XLSX',
    done: 'Exported {name} ({n} cases)'
  }
}
