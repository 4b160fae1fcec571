// The rectification queue's strings (English).
export const rectificationEn = {
  rect: {
    title: 'Rectification',
    tabs: { not_closed: 'Not closed', overdue: 'Overdue', submitted: 'To verify', closed: 'Closed', all: 'All' },
    status: { open: 'Not started', in_progress: 'In progress', submitted: 'To verify', closed: 'Closed' },
    kind: { finding: 'Review finding', measure: 'Measure' },
    col: { caseNo: 'Case no.', kind: 'Source', text: 'Finding / measure', unit: 'Responsible unit', due: 'Due', status: 'Status' },
    overdue: 'Overdue',
    search: 'Case no. or words, Enter to search',
    allUnits: 'All units',
    count: '{n} items',
    prev: 'Previous',
    next: 'Next',
    keyHint: '↑↓ select, Enter opens',
    empty: 'No rectification items match',
    emptyOverdue: 'Nothing is overdue',
    requiredAction: 'Required action',
    raisedBy: 'Raised by',
    fromSource: 'Case record',
    history: 'Follow-up',
    noHistory: 'No follow-up yet',
    follow: 'Record progress',
    note: 'Note',
    evidence: 'Evidence',
    evidenceHint: 'e.g. document or recording number',
    save: 'Save',
    decide: 'Verify',
    approve: 'Approve and close',
    sendBack: 'Send back',
    closePanel: 'Close'
  }
}
