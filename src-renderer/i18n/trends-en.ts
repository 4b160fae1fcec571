// English strings of the trend view; same shape as trends-zh-CN.ts.
import type { trendsZhCN } from './trends-zh-CN'

export const trendsEn: typeof trendsZhCN = {
  tr: {
    title: 'Complaint trends',
    grain: { label: 'Grain', month: 'Monthly', quarter: 'Quarterly', year: 'Yearly' },
    from: 'From month',
    to: 'To month',
    presets: { last12: 'Last 12 months', thisYear: 'This year', lastYear: 'Last year', last8q: 'Last 8 quarters' },
    apply: 'Apply',
    asOf: 'to {m}/{d}',
    partialNote: 'The period has not ended (figures to {m}/{d}); the shaded part is so far, not a drop.',
    source: { summary: 'from the summary tables', scan: 'counted case by case' },
    timing: 'server {server} ms · painted {client} ms',
    loading: 'Counting…',
    error: 'Could not load the trends',
    empty: 'No cases in this period and filter',
    unit: 'cases',
    total: 'Total',
    share: 'share',
    compare: { previous: 'vs prev.', lastYear: 'vs last year', noData: 'no data {which}', same: 'unchanged {which}', points: '{sign}{v} pts {which}', pct: '{sign}{v}% {which}' },
    kpi: {
      cases: 'Complaints', onTimeInternal: 'Handled in time (internal policy)', onTimeRegulatory: 'Handled in time (regulatory floor)', major: 'Major complaints',
      repeatRate: 'Repeat rate', remediation: 'Remediation amount', findings: 'Review findings', cannotTell: 'cannot tell {v}, left out',
      yuan: 'CNY', wan: '10k CNY'
    },
    export: { png: 'Save as PNG (as shown)', svg: 'Save as SVG (drawn by the server)', csv: 'Save the data as CSV (opens in Excel)', xlsx: 'Save the data as an Excel workbook', failed: 'Export failed: {m}' },
    customers: {
      title: 'Customers per unit (for complaints per 10,000 customers)', hint: 'A branch counts its sub-branches\' customers; without a count, units are ranked by raw counts, as the chart says. Every save goes to the audit trail.',
      year: 'Year', unit: 'Unit', count: 'Customers', none: 'not set', save: 'Save', saved: 'Saved the customers of {name} for {year}', bad: 'The customers of {name} must be a whole number above 0'
    },
    dash: {
      title: 'Overview · {q}', allTrends: 'All trends', quarterly: 'Quarterly report', major: 'Major complaints not yet reviewed', noMajor: 'No major complaint awaiting review', overdue: 'Overdue rectification ({n})', noOverdue: 'No rectification is overdue', due: 'due {d}',
      status: { none: 'not in a review', pending: 'to review', in_progress: 'in review', submitted: 'to approve', returned: 'returned', approved: 'approved' }
    },
    drillHint: 'Click a bar or cell to open its cases',
    noDrill: 'This chart counts by cause code, which the case list cannot filter by: no drill-down',
    headOffice: '(head office itself)',
    drilled: 'Chart count: {n} cases',
    drilledFrom: 'From the trend chart: {what}',
    rulePolicy: { internal: 'internal policy', regulatory: 'regulatory floor' },
    ruleFilter: '{rule} failed ({policy})',
    ruleFilterClear: 'Remove the review-rule filter',
    evidence: {
      title: '{rule} {name} ({policy}) · evidence for the {n} cases on this page', caseNo: 'Case no.', status: 'Result', reason: 'Why', detail: 'Compared',
      loading: 'Reading the evidence…', error: 'Could not read the evidence: {m}', differs: 'Stored as “{stored}”, now “{now}” under the current policy: a re-audit is due',
      notAudited: 'not audited',
      statuses: { pass: 'pass', fail: 'fail', not_applicable: 'not applicable', cannot_tell: 'cannot tell' }
    }
  }
}
